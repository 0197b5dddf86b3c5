"use client";

import { useMemo } from "react";
import { PlotChart } from "@/app/_components/plot-chart";
import { SERVING_TITLES, servingSpec, type ServingMetric, type ServingRow } from "@/server/charts/specs";

const METRICS: ServingMetric[] = ["requests", "errorRate", "latency"];

/** Request rate, error rate and p50/p95 latency per version and day (from the rollups). */
export function ServingCharts({ rows, estimated, note }: { rows: ServingRow[]; estimated: boolean; note: string }) {
  const specs = useMemo(() => METRICS.map((m) => ({ metric: m, options: servingSpec(rows, m, { estimated, width: 420, height: 170 }) })), [rows, estimated]);
  return (
    <div className="grid gap-4 lg:grid-cols-3" data-testid="serving-charts">
      {specs.map(({ metric, options }) => (
        <div key={metric} className="min-w-0">
          <p className="mb-1 text-xs text-zinc-600">
            {SERVING_TITLES[metric]}
            {metric === "requests" && note ? <span className="text-amber-700"> ({note})</span> : null}
          </p>
          <PlotChart options={options} label={`${SERVING_TITLES[metric]} per version and day`} testId={`serving-${metric}`} />
        </div>
      ))}
    </div>
  );
}

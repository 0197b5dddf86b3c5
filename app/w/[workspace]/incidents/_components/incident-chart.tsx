"use client";

import { useMemo } from "react";
import { guardrailSpec, type GuardrailPointLike } from "@/server/charts/specs";
import { PlotChart } from "@/app/_components/plot-chart";

/** The watched metric per run with the guardrail's warn and fail lines. */
export function IncidentChart({ points, metric, warn, fail }: { points: GuardrailPointLike[]; metric: string; warn: number | null; fail: number }) {
  const options = useMemo(() => guardrailSpec(points, { metric, warn, fail }), [points, metric, warn, fail]);
  return <PlotChart options={options} label={`${metric} per run with its thresholds`} testId="incident-chart" />;
}

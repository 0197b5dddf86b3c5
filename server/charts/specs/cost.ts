import * as Plot from "@observablehq/plot";
import type { CohortLike, SpecOptions } from "./types";
import { finite, rowsFrame } from "./style";
import { cohortRows, metricPerCohortSpec, type Thresholds } from "./cohorts";

export const LATENCY_QUANTILES = [
  { key: "latency_p50_ms", label: "p50" },
  { key: "latency_p95_ms", label: "p95" },
  { key: "latency_p99_ms", label: "p99" },
] as const;

export interface LatencyRow {
  label: string;
  quantile: string;
  ms: number;
}

export function latencyRows(cohorts: CohortLike[], side?: string): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const c of cohorts)
    for (const q of LATENCY_QUANTILES) {
      const v = c.metrics[q.key];
      if (finite(v)) rows.push({ label: side ? `${c.cohort} · ${side}` : c.cohort, quantile: q.label, ms: v });
    }
  return rows;
}

/**
 * Latency quantiles per cohort: a grey range from p50 to p99 with a dot per quantile
 * (p50, p95, p99), and the p95 limit when one is set.
 */
export function latencyQuantilesSpec(rows: LatencyRow[], opts: SpecOptions & { p95Limit?: number | null } = {}): Plot.PlotOptions {
  const labels = [...new Set(rows.map((r) => r.label))];
  const ranges = labels.map((label) => {
    const ms = rows.filter((r) => r.label === label).map((r) => r.ms);
    return { label, lo: Math.min(...ms), hi: Math.max(...ms) };
  });
  const limit = opts.p95Limit;
  return {
    ...rowsFrame(opts, labels, { perRow: 26, extra: 60, minHeight: 120 }),
    marginRight: 30,
    x: { label: "latency (ms)", grid: true, domain: [0, Math.max(1, ...rows.map((r) => r.ms), finite(limit) ? limit : 0) * 1.08] },
    color: { domain: ["p50", "p95", "p99"], range: ["#7dd3fc", "#0284c7", "#0c4a6e"], legend: true },
    marks: [
      Plot.link(ranges, { x1: "lo", x2: "hi", y1: "label", y2: "label", stroke: "#d4d4d8", strokeWidth: 3 }),
      Plot.dot(rows, { x: "ms", y: "label", fill: "quantile", r: 4.5, title: (d: LatencyRow) => `${d.label} ${d.quantile}: ${d.ms.toFixed(1)} ms` }),
      ...(finite(limit) ? [Plot.ruleX([limit], { stroke: "#dc2626", strokeDasharray: "4,3", strokeWidth: 1.5 })] : []),
    ],
  };
}

/** Cost per correct prediction per cohort (USD), bars coloured by status, limits as rules. */
export function costPerCorrectSpec(cohorts: CohortLike[], opts: SpecOptions & { thresholds?: Thresholds; side?: string } = {}): Plot.PlotOptions {
  return metricPerCohortSpec(cohortRows(cohorts, "cost_per_correct", opts.side), {
    ...opts,
    title: opts.title,
    metric: "cost_per_correct",
  });
}

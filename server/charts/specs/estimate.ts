import * as Plot from "@observablehq/plot";
import type { ColumnLike, SpecOptions } from "./types";
import { BASELINE_COLOR, CURRENT_COLOR, finite, rowsFrame } from "./style";

export interface EstimateRow {
  metric: string;
  estimated: number;
  lower: number | null;
  upper: number | null;
  realized: number | null;
  reference: number | null;
  status: string;
}

const REALIZED_COLOR = "#059669";

/** perf.cbpe's per-metric columns → rows (metrics without an estimate left out). */
export function estimateRows(columns: ColumnLike[] | undefined): EstimateRow[] {
  return (columns ?? []).flatMap((c) => {
    const m = c.metrics;
    if (!finite(m.estimated)) return [];
    const v = (k: string) => (finite(m[k]) ? m[k] : null);
    return [{ metric: c.column, estimated: m.estimated, lower: v("lower"), upper: v("upper"), realized: v("realized"), reference: v("reference"), status: c.status }];
  });
}

/**
 * Estimated vs realized, one row per metric: the estimate (filled dot) with its sampling-error band
 * (a bar), the value realized once labels arrived (green ring) and the reference's realized value
 * (grey tick).
 */
export function estimateSpec(rows: EstimateRow[], opts: SpecOptions = {}): Plot.PlotOptions {
  const metrics = rows.map((r) => r.metric);
  const values = rows.flatMap((r) => [r.estimated, r.lower, r.upper, r.realized, r.reference].filter(finite));
  const lo = Math.max(0, Math.min(...values) - 0.05);
  const hi = Math.min(1, Math.max(...values) + 0.05);
  const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(3));
  const banded = rows.filter((r) => r.lower !== null && r.upper !== null);
  const realized = rows.filter((r) => r.realized !== null);
  const reference = rows.filter((r) => r.reference !== null);
  const kinds = ["estimated (band)", ...(realized.length ? ["realized"] : []), ...(reference.length ? ["reference"] : [])];
  const range = [CURRENT_COLOR, ...(realized.length ? [REALIZED_COLOR] : []), ...(reference.length ? [BASELINE_COLOR] : [])];
  return {
    ...rowsFrame(opts, metrics, { perRow: 30, extra: 64, minHeight: 120 }),
    x: { label: "value", grid: true, domain: [lo, hi] },
    color: { type: "ordinal", domain: kinds, range, legend: true },
    marks: [
      Plot.link(banded, { x1: "lower", x2: "upper", y1: "metric", y2: "metric", stroke: () => "estimated (band)", strokeWidth: 7, strokeOpacity: 0.25, strokeLinecap: "round" }),
      Plot.tickX(reference, { x: "reference", y: "metric", stroke: () => "reference", strokeWidth: 2 }),
      Plot.dot(rows, {
        x: "estimated",
        y: "metric",
        fill: () => "estimated (band)",
        r: 4.5,
        title: (d: EstimateRow) => `${d.metric}: estimated ${fmt(d.estimated)} [${fmt(d.lower)}, ${fmt(d.upper)}] · realized ${fmt(d.realized)} · reference ${fmt(d.reference)}`,
      }),
      Plot.dot(realized, { x: "realized", y: "metric", stroke: () => "realized", fill: "none", strokeWidth: 2, r: 6.5 }),
    ],
  };
}

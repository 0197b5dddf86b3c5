import * as Plot from "@observablehq/plot";
import type { SpecOptions, TrendLike } from "./types";
import { timeSeriesFrame, STATUS_RANGE, STATUS_DOMAIN, finite, normStatus } from "./style";
import { thresholdRules } from "./cohorts";

export interface TrendRow {
  series: string;
  at: Date;
  value: number;
  status: string;
  runId: string;
}

export function seriesLabel(s: TrendLike["series"][number]): string {
  return [s.cohort, s.column, s.side].filter(Boolean).join(" · ");
}

export function trendRows(t: TrendLike): TrendRow[] {
  const rows: TrendRow[] = [];
  for (const s of t.series) {
    const label = seriesLabel(s);
    for (const p of s.points) if (finite(p.value)) rows.push({ series: label, at: new Date(p.at), value: p.value, status: normStatus(p.status), runId: p.runId });
  }
  return rows;
}

/**
 * A metric across the notebook's past runs: one line per cohort (and column / side), a dot per run
 * coloured by that run's status, the warn and fail thresholds as horizontal rules.
 */
export function trendSpec(t: TrendLike, opts: SpecOptions = {}): Plot.PlotOptions {
  const rows = trendRows(t);
  const series = [...new Set(rows.map((r) => r.series))];
  const th = t.thresholds ?? undefined;
  const ys = [...rows.map((r) => r.value), ...(th ? [th.warn, th.fail].filter(finite) : [])];
  const lo = Math.min(...ys, 0);
  const hi = Math.max(...ys, 0);
  return {
    ...timeSeriesFrame(opts, { height: 300, marginLeft: 52 }),
    y: { label: t.metric ?? "value", grid: true, domain: [lo, hi === lo ? lo + 1 : hi + (hi - lo) * 0.08] },
    color: { domain: series, legend: true, type: "categorical" },
    marks: [
      ...thresholdRules(th, "y"),
      Plot.line(rows, { x: "at", y: "value", z: "series", stroke: "series", strokeWidth: 1.75, marker: false }),
      // status dots: drawn with literal colours so the series colour scale stays the legend
      ...STATUS_DOMAIN.filter((s) => rows.some((r) => r.status === s)).map((s) =>
        Plot.dot(rows.filter((r) => r.status === s), { x: "at", y: "value", fill: STATUS_RANGE[STATUS_DOMAIN.indexOf(s)], stroke: "white", r: 3.5, title: (d: TrendRow) => `${d.series} · ${d.at.toISOString().slice(0, 16).replace("T", " ")} · ${d.value.toPrecision(4)} (${d.status})` }),
      ),
    ],
  };
}

import * as Plot from "@observablehq/plot";
import type { PairedLike, SpecOptions } from "./types";
import { FAIL_COLOR, finite, rowsFrame } from "./style";
import { metricLabel } from "../../format/metric-label";

export interface ForestRow {
  cohort: string;
  delta: number;
  low: number;
  high: number;
  verdict: string;
}

const VERDICT_COLOR = { type: "ordinal" as const, domain: ["better", "worse", "no clear difference"], range: ["#059669", "#dc2626", "#71717a"], legend: true };

/** One metric's delta (B − A) per cohort with its interval: a forest plot, `all` on top, a rule at 0. */
export function deltaForestSpec(rows: ForestRow[], opts: SpecOptions & { metric: string; margin?: number }): Plot.PlotOptions {
  const cohorts = [...new Set(rows.map((r) => r.cohort))].sort((a, b) => (a === "all" ? -1 : b === "all" ? 1 : a.localeCompare(b)));
  const lo = Math.min(0, ...rows.map((r) => r.low));
  const hi = Math.max(0, ...rows.map((r) => r.high));
  const pad = (hi - lo || 1) * 0.08;
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const marginRules = opts.margin && opts.margin > 0 ? [Plot.ruleX([-opts.margin, opts.margin], { stroke: FAIL_COLOR, strokeOpacity: 0.4, strokeDasharray: "3,3" })] : [];
  return {
    ...rowsFrame(opts, cohorts, { perRow: 26, extra: 60, minHeight: 110 }),
    x: { label: `Δ ${metricLabel(opts.metric)} (B − A)`, grid: true, domain: [lo - pad, hi + pad] },
    color: VERDICT_COLOR,
    marks: [
      Plot.ruleX([0], { stroke: "#52525b" }),
      ...marginRules,
      Plot.link(rows, { x1: "low", x2: "high", y1: "cohort", y2: "cohort", stroke: "verdict", strokeWidth: 2 }),
      Plot.dot(rows, { x: "delta", y: "cohort", fill: "verdict", r: 4.5, title: (d: ForestRow) => `${d.cohort}: Δ ${fmt(d.delta)} [${fmt(d.low)}, ${fmt(d.high)}] — ${d.verdict}` }),
    ],
  };
}

/** Forest rows of one metric across a paired comparison's cohorts (rows without an interval left out). */
export function forestRows(r: PairedLike, metric: string): ForestRow[] {
  return r.cohorts.flatMap((c) => {
    const m = c.metrics.find((x) => x.metric === metric);
    if (!m || !finite(m.delta) || !finite(m.ci_low) || !finite(m.ci_high)) return [];
    return [{ cohort: c.cohort, delta: m.delta, low: m.ci_low, high: m.ci_high, verdict: m.verdict ?? "no clear difference" }];
  });
}

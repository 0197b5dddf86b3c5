import { metricLabel } from "../../format/metric-label";
import * as Plot from "@observablehq/plot";
import type { CohortLike, SpecOptions } from "./types";
import { FAIL_COLOR, STATUS_COLOR, WARN_COLOR, finite, normStatus, rowsFrame } from "./style";

/**
 * Distance-like drift statistics (larger = more drift), in the order a drift cell is read. A
 * normalised distance (`normed`, unitless) comes before the raw one, which carries each feature's
 * own unit: one axis never mixes a distance of 1,560 dollars with 5.5 days.
 */
export const DRIFT_METRICS = ["psi", "normed", "distance", "wasserstein", "js_distance", "statistic", "mismatch_share", "p_value", "mmd2", "importance", "reconstruction_error"] as const;
/** Statistics where smaller means more drift. */
export const LOWER_IS_DRIFT = new Set(["p_value"]);

export interface DriftRow {
  column: string;
  value: number;
  status: string;
}

/** The drift statistic a cohort's columns report (the first of DRIFT_METRICS that any column has). */
export function driftMetricOf(cohort: CohortLike): string | null {
  for (const m of DRIFT_METRICS) if (cohort.columns?.some((c) => finite(c.metrics[m]))) return m;
  return null;
}

/** The fixed threshold the columns were judged with (details.threshold), when all agree. */
export function driftThresholdOf(cohort: CohortLike): number | null {
  const ts = new Set<number>();
  for (const c of cohort.columns ?? []) {
    const t = (c.details as { threshold?: unknown } | undefined)?.threshold ?? c.metrics.threshold;
    if (finite(t)) ts.add(t);
  }
  return ts.size === 1 ? [...ts][0]! : null;
}

/** One row per column with a finite statistic, most drifted first. */
export function driftRows(cohort: CohortLike, metric: string): DriftRow[] {
  const rows = (cohort.columns ?? [])
    .filter((c) => finite(c.metrics[metric]))
    .map((c) => ({ column: c.column, value: c.metrics[metric] as number, status: normStatus(c.status) }));
  return rows.sort((a, b) => (LOWER_IS_DRIFT.has(metric) ? a.value - b.value : b.value - a.value) || a.column.localeCompare(b.column));
}

const SEVERITY: Record<string, number> = { fail: 0, warn: 1, pass: 2 };

/** Columns in the order their charts are worth drawing: failing first, then warning, then the most drifted. */
export function columnsWorstFirst(cohort: CohortLike): string[] {
  const metric = driftMetricOf(cohort);
  const byValue = metric ? driftRows(cohort, metric).map((r) => r.column) : [];
  const rank = (c: string) => (byValue.includes(c) ? byValue.indexOf(c) : byValue.length);
  return (cohort.columns ?? [])
    .map((c, i) => ({ column: c.column, sev: SEVERITY[normStatus(c.status)] ?? 3, rank: rank(c.column), i }))
    .sort((a, b) => a.sev - b.sev || a.rank - b.rank || a.i - b.i)
    .map((c) => c.column);
}

/**
 * The drift statistic per feature, sorted (most drifted on top), coloured by status, with the
 * fail threshold (red) and warn threshold (amber) drawn as vertical rules.
 */
/** A bar's value for people: a chi-square of 9714 reads "9,714", never "9.7e+3"; small values keep `digits` significant digits. */
export function barValue(v: number, digits: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toLocaleString("en-US", { maximumSignificantDigits: digits });
}

export function driftStatisticSpec(
  cohort: CohortLike,
  opts: SpecOptions & { metric?: string; threshold?: number | null; warn?: number | null } = {},
): Plot.PlotOptions {
  const metric = opts.metric ?? driftMetricOf(cohort) ?? "psi";
  const rows = driftRows(cohort, metric);
  const threshold = opts.threshold !== undefined ? opts.threshold : driftThresholdOf(cohort);
  const warn = opts.warn ?? null;
  const rules: Plot.Markish[] = [];
  if (finite(threshold)) rules.push(Plot.ruleX([threshold], { stroke: FAIL_COLOR, strokeDasharray: "4,3", strokeWidth: 1.5 }));
  if (finite(warn)) rules.push(Plot.ruleX([warn], { stroke: WARN_COLOR, strokeDasharray: "2,3", strokeWidth: 1.5 }));
  const maxV = Math.max(0, ...rows.map((r) => r.value), finite(threshold) ? threshold : 0, finite(warn) ? warn : 0);
  return {
    ...rowsFrame(opts, rows.map((r) => r.column), { perRow: 26, extra: 50, minHeight: 120 }),
    marginRight: 40,
    x: { label: metricLabel(metric), grid: true, domain: [0, maxV * 1.08 || 1] },
    color: STATUS_COLOR,
    marks: [
      Plot.barX(rows, { x: "value", y: "column", fill: "status", title: (d: DriftRow) => `${d.column}: ${metricLabel(metric)} = ${barValue(d.value, 3)} (${d.status})` }),
      Plot.text(rows, { x: "value", y: "column", text: (d: DriftRow) => barValue(d.value, 2), dx: 4, textAnchor: "start", fill: "#3f3f46" }),
      ...rules,
      Plot.ruleX([0]),
    ],
  };
}

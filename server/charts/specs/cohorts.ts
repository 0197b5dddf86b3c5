import { metricLabel } from "../../format/metric-label";
import { costUnit, formatMoneyMetric, isMoneyMetric, moneyTickFormat, unitCostScale } from "../../format/money";
import * as Plot from "@observablehq/plot";
import type { ChartPointLike, CohortLike, SpecOptions } from "./types";
import { BASE, FAIL_COLOR, STATUS_COLOR, WARN_COLOR, finite, marginFor, normStatus } from "./style";

export interface MetricRow {
  label: string;
  cohort: string;
  side?: string;
  column?: string;
  value: number;
  status: string;
}

export interface Thresholds {
  warn?: number | null;
  fail?: number | null;
}

function thresholdRules(t: Thresholds | undefined, axis: "x" | "y"): Plot.Markish[] {
  const rule = axis === "x" ? Plot.ruleX : Plot.ruleY;
  const out: Plot.Markish[] = [];
  if (t && finite(t.fail)) out.push(rule([t.fail], { stroke: FAIL_COLOR, strokeDasharray: "4,3", strokeWidth: 1.5 }));
  if (t && finite(t.warn)) out.push(rule([t.warn], { stroke: WARN_COLOR, strokeDasharray: "2,3", strokeWidth: 1.5 }));
  return out;
}
export { thresholdRules };

/** Rows for "metric per cohort" from chart-cell points (side and column folded into the label). */
export function pointRows(points: ChartPointLike[]): MetricRow[] {
  const cols = new Set(points.map((p) => p.column ?? ""));
  const cohorts = new Set(points.map((p) => p.cohort));
  return points
    .filter((p) => finite(p.value))
    .map((p) => {
      const parts: string[] = [];
      if (cohorts.size > 1 || cols.size <= 1) parts.push(p.cohort);
      if (p.column && cols.size > 1) parts.push(p.column);
      return { label: parts.join(" · ") || p.cohort, cohort: p.cohort, side: p.side, column: p.column, value: p.value as number, status: normStatus(p.status) };
    });
}

/** Rows for one top-level metric of an evaluation's cohorts. */
export function cohortRows(cohorts: CohortLike[], metric: string, side?: string): MetricRow[] {
  return cohorts
    .filter((c) => finite(c.metrics[metric]))
    .map((c) => ({ label: c.cohort, cohort: c.cohort, ...(side ? { side } : {}), value: c.metrics[metric] as number, status: normStatus(c.status) }));
}

/**
 * A metric per cohort as horizontal bars coloured by status (`all` first), thresholds as rules.
 * With sides (a comparison) the bars of A and B sit in one facet row per cohort.
 */
export function metricPerCohortSpec(rows: MetricRow[], opts: SpecOptions & { metric: string; thresholds?: Thresholds; mark?: string }): Plot.PlotOptions {
  const labels = [...new Set(rows.map((r) => r.label))].sort((a, b) => (a === "all" ? -1 : b === "all" ? 1 : 0));
  const sides = [...new Set(rows.map((r) => r.side).filter((s): s is string => !!s))];
  const values = rows.map((r) => r.value);
  const t = opts.thresholds;
  const lo = Math.min(0, ...values, ...(t ? [t.warn, t.fail].filter(finite) : []));
  const hi = Math.max(0, ...values, ...(t ? [t.warn, t.fail].filter(finite) : []));
  const domain = [lo, hi === lo ? lo + 1 : hi + (hi - lo) * 0.1];
  const y = sides.length > 1 ? "side" : "label";
  // Money reads as money, one scale for the whole axis ("$0.83 / 1k"): server/format/money.
  const money = isMoneyMetric(opts.metric);
  const positive = values.filter((v) => v !== 0).map(Math.abs);
  const scale = money && positive.length ? unitCostScale(Math.min(...positive)) : 1;
  const fmt = money ? (v: number) => formatMoneyMetric(opts.metric, v, { short: true, scale }) : (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));
  const axisLabel = opts.metric ? `${metricLabel(opts.metric)}${money && costUnit(opts.metric) ? ` (USD${scale > 1 ? ` per ${scale.toLocaleString("en-US")}` : ""})` : ""}` : undefined;
  const dot = opts.mark === "dot" || opts.mark === "line";
  const main = dot
    ? Plot.dot(rows, { x: "value", y, fy: sides.length > 1 ? "label" : undefined, fill: "status", r: 5 })
    : Plot.barX(rows, { x: "value", y, fy: sides.length > 1 ? "label" : undefined, fill: "status", title: (d: MetricRow) => `${d.label}${d.side ? ` (${d.side})` : ""}: ${opts.metric} = ${fmt(d.value)}` });
  const rowCount = sides.length > 1 ? labels.length * sides.length : labels.length;
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? 560,
    height: opts.height ?? Math.max(110, 24 * rowCount + 50 + (sides.length > 1 ? 6 * labels.length : 0)),
    marginLeft: marginFor(sides.length > 1 ? sides : labels),
    marginRight: sides.length > 1 ? marginFor(labels, 40, 160) : 40,
    x: { label: axisLabel, grid: true, domain, ...(money ? { tickFormat: moneyTickFormat(domain as [number, number], 5, scale), ticks: 5 } : {}) },
    y: sides.length > 1 ? { domain: sides, label: null } : { domain: labels, label: null },
    ...(sides.length > 1 ? { fy: { domain: labels, label: null } } : {}),
    color: STATUS_COLOR,
    marks: [
      main,
      Plot.text(rows, { x: "value", y, fy: sides.length > 1 ? "label" : undefined, text: (d: MetricRow) => fmt(d.value), dx: 4, textAnchor: "start", fill: "#3f3f46" }),
      ...thresholdRules(t, "x"),
      Plot.ruleX([0]),
    ],
  };
}

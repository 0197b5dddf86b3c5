import * as Plot from "@observablehq/plot";
import type { SpecOptions, TrendLike } from "./types";
import { STATUS_RANGE, STATUS_DOMAIN, finite, normStatus, timeSeriesFrame } from "./style";
import { thresholdRules } from "./cohorts";
import { metricLabel } from "../../format/metric-label";
import { formatMoneyMetric, isMoneyMetric } from "../../format/money";

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

/** An estimate's band per run (estimated series only). */
export function trendBandRows(t: TrendLike): { series: string; at: Date; lower: number; upper: number }[] {
  return t.series.flatMap((s) => s.points.filter((p) => finite(p.lower) && finite(p.upper)).map((p) => ({ series: seriesLabel(s), at: new Date(p.at), lower: p.lower!, upper: p.upper! })));
}

/** The realized values that arrived later, one series per estimated series ("all · realized"). */
export function trendRealizedRows(t: TrendLike): TrendRow[] {
  return t.series.flatMap((s) => s.points.filter((p) => finite(p.realized)).map((p) => ({ series: `${seriesLabel(s)} · realized`, at: new Date(p.at), value: p.realized!, status: "n/a", runId: p.runId })));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A time axis people read: padded around a single run, and dates (or times within one day) as ticks. */
export function trendTimeAxis(rows: { at: Date }[], width: number): { domain: [Date, Date]; tickFormat: string; ticks: number } {
  const times = rows.map((r) => r.at.getTime());
  let lo = Math.min(...times);
  let hi = Math.max(...times);
  if (!Number.isFinite(lo)) lo = hi = Date.now();
  const span = hi - lo;
  // one run: half a day either side; runs seconds apart: at least two minutes wide, so ticks differ
  const pad = span === 0 ? 12 * HOUR : Math.max(span * 0.04, (2 * 60_000 - span) / 2);
  lo -= pad;
  hi += pad;
  // minutes apart: seconds matter; within two days: times; otherwise dates
  const tickFormat = hi - lo <= 20 * 60_000 ? "%H:%M:%S" : hi - lo <= 2 * DAY ? "%b %-d %H:%M" : hi - lo <= 300 * DAY ? "%b %-d" : "%b %Y";
  return { domain: [new Date(lo), new Date(hi)], tickFormat, ticks: Math.max(2, Math.min(8, Math.floor(width / 110))) };
}

const SLO_COLOR = "#1d4ed8";

/**
 * A metric across the notebook's past runs: one line per cohort (and column / side), whose dots
 * share the line's colour (the legend), a ring in the status colour around runs that warn or fail,
 * the warn and fail thresholds and the model's SLO targets as horizontal rules.
 */
export function trendSpec(t: TrendLike, opts: SpecOptions = {}): Plot.PlotOptions {
  const rows = trendRows(t);
  const band = trendBandRows(t);
  const realized = trendRealizedRows(t);
  const estimated = new Set(band.map((b) => b.series));
  const series = [...new Set(rows.map((r) => r.series))];
  const th = t.thresholds ?? undefined;
  const slos = (t.slos ?? []).filter((s) => finite(s.target));
  const ys = [
    ...rows.map((r) => r.value),
    ...band.flatMap((b) => [b.lower, b.upper]),
    ...realized.map((r) => r.value),
    ...(th ? [th.warn, th.fail].filter(finite) : []),
    ...slos.map((s) => s.target),
  ];
  const lo = Math.min(...ys, 0);
  const hi = Math.max(...ys, 0);
  const frame = timeSeriesFrame(opts, { height: 300, marginLeft: 56 });
  const time = trendTimeAxis(rows, frame.width);
  const label = t.metric ? metricLabel(t.metric) : "value";
  const fmt = (v: number) => (t.metric ? formatForTrend(t.metric, v) : v.toPrecision(4));
  return {
    ...frame,
    marginRight: slos.length ? 96 : 20,
    x: { ...frame.x, domain: time.domain, tickFormat: time.tickFormat, ticks: time.ticks },
    y: { label, grid: true, domain: [lo, hi === lo ? lo + 1 : hi + (hi - lo) * 0.08] },
    // estimated vs realized: the estimate's series ("all · estimated") and its realized twin share a colour
    color: { domain: [...series, ...new Set(realized.map((r) => r.series))], legend: true, type: "categorical" },
    marks: [
      ...thresholdRules(th, "y"),
      ...(band.length ? [Plot.areaY(band, { x: "at", y1: "lower", y2: "upper", z: "series", fill: "series", fillOpacity: 0.14, curve: "linear" })] : []),
      ...slos.flatMap((s) => [
        Plot.ruleY([s.target], { stroke: SLO_COLOR, strokeDasharray: "6,3", strokeWidth: 1.5 }),
        Plot.text([s.target], { y: (d: number) => d, frameAnchor: "right", dx: 92, textAnchor: "end", dy: -6, fill: SLO_COLOR, text: () => `SLO ${s.op === ">=" ? "≥" : "≤"} ${fmt(s.target)}` }),
      ]),
      Plot.line(rows, { x: "at", y: "value", z: "series", stroke: "series", strokeWidth: 1.75, marker: false }),
      // one dot per run in its line's colour (so the legend matches); warn/fail runs get a status ring
      Plot.dot(rows, {
        x: "at",
        y: "value",
        fill: "series",
        stroke: "white",
        r: 3.5,
        title: (d: TrendRow) => `${d.series}${estimated.has(d.series) ? " · estimated" : ""} · ${d.at.toISOString().slice(0, 16).replace("T", " ")} UTC · ${fmt(d.value)} (${d.status})`,
      }),
      ...(realized.length
        ? [
            Plot.line(realized, { x: "at", y: "value", z: "series", stroke: "series", strokeWidth: 1.5, strokeDasharray: "5,3", marker: false }),
            Plot.dot(realized, { x: "at", y: "value", stroke: "series", fill: "white", strokeWidth: 1.75, r: 4, title: (d: TrendRow) => `${d.series} · ${d.at.toISOString().slice(0, 16).replace("T", " ")} UTC · ${fmt(d.value)}` }),
          ]
        : []),
      ...STATUS_DOMAIN.filter((s) => s === "warn" || s === "fail")
        .filter((s) => rows.some((r) => r.status === s))
        .map((s) => Plot.dot(rows.filter((r) => r.status === s), { x: "at", y: "value", fill: "none", stroke: STATUS_RANGE[STATUS_DOMAIN.indexOf(s)], strokeWidth: 2, r: 6.5 })),
    ],
  };
}

function formatForTrend(metric: string, v: number): string {
  if (isMoneyMetric(metric)) return formatMoneyMetric(metric, v, { short: true });
  return Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

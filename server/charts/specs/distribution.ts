import * as Plot from "@observablehq/plot";
import type { HistogramLike, SpecOptions } from "./types";
import { BASE, BASELINE_COLOR, CURRENT_COLOR, finite } from "./style";

export interface DistributionRow {
  bin: string;
  order: number;
  series: "baseline" | "current";
  share: number;
  count: number;
}

function fmt(x: number): string {
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return x.toExponential(1);
  return Number(x.toPrecision(3)).toString();
}

/** Bin labels for numeric edges (closed or open outer bins) or categories. */
export function binLabels(h: HistogramLike): string[] {
  const n = Math.max(h.baseline.length, h.current.length);
  if (h.categories?.length) return h.categories.slice(0, n).map(String);
  const e = (h.edges ?? []).filter(finite);
  if (e.length === n + 1) return Array.from({ length: n }, (_, i) => `${fmt(e[i]!)}–${fmt(e[i + 1]!)}`);
  if (e.length === n - 1 && n >= 2)
    return Array.from({ length: n }, (_, i) => (i === 0 ? `≤ ${fmt(e[0]!)}` : i === n - 1 ? `> ${fmt(e[n - 2]!)}` : `${fmt(e[i - 1]!)}–${fmt(e[i]!)}`));
  return Array.from({ length: n }, (_, i) => `bin ${i + 1}`);
}

/** Baseline and current share per bin, in bin order. */
export function distributionRows(h: HistogramLike): DistributionRow[] {
  const labels = binLabels(h);
  const total = (xs: number[]) => xs.reduce((s, x) => s + (finite(x) ? x : 0), 0);
  const tb = total(h.baseline);
  const tc = total(h.current);
  const rows: DistributionRow[] = [];
  labels.forEach((bin, i) => {
    const b = finite(h.baseline[i]) ? h.baseline[i]! : 0;
    const c = finite(h.current[i]) ? h.current[i]! : 0;
    rows.push({ bin, order: i, series: "baseline", share: tb ? b / tb : 0, count: b });
    rows.push({ bin, order: i, series: "current", share: tc ? c / tc : 0, count: c });
  });
  return rows;
}

/**
 * Baseline vs current distribution of one feature: grey bars for the baseline share per bin, a
 * narrower blue bar for the current share in front of it.
 */
export function distributionSpec(h: HistogramLike, opts: SpecOptions & { feature?: string } = {}): Plot.PlotOptions {
  const rows = distributionRows(h);
  const labels = binLabels(h);
  const rotate = labels.length > 6 || labels.some((l) => l.length > 8);
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? 480,
    height: opts.height ?? 240,
    marginBottom: rotate ? 70 : 30,
    marginLeft: 44,
    x: { domain: labels, label: null, tickRotate: rotate ? -40 : 0, padding: 0.15 },
    y: { label: "share", percent: true, grid: true },
    color: { domain: ["baseline", "current"], range: [BASELINE_COLOR, CURRENT_COLOR], legend: true },
    marks: [
      Plot.barY(
        rows.filter((r) => r.series === "baseline"),
        { x: "bin", y: "share", fill: "series", title: (d: DistributionRow) => `baseline ${d.bin}: ${(d.share * 100).toFixed(1)}% (${d.count})` },
      ),
      Plot.barY(
        rows.filter((r) => r.series === "current"),
        { x: "bin", y: "share", fill: "series", insetLeft: 4, insetRight: 4, fillOpacity: 0.85, title: (d: DistributionRow) => `current ${d.bin}: ${(d.share * 100).toFixed(1)}% (${d.count})` },
      ),
      Plot.ruleY([0]),
    ],
  };
}

function isHistogram(o: Record<string, unknown>): o is Record<string, unknown> & HistogramLike {
  return Array.isArray(o.baseline) && Array.isArray(o.current);
}

/** Finds a histogram in a column's details or a cohort's chart data (several shapes accepted). */
export function findHistogram(x: unknown, column?: string): HistogramLike | null {
  if (!x || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  if (isHistogram(o)) return o;
  for (const key of ["chart", "histogram", "distribution"]) {
    const h = findHistogram(o[key]);
    if (h) return h;
  }
  if (column) {
    for (const key of ["columns", "distributions", "histograms", "features"]) {
      const m = o[key];
      if (m && typeof m === "object" && !Array.isArray(m)) {
        const h = findHistogram((m as Record<string, unknown>)[column]);
        if (h) return h;
      }
    }
  }
  return null;
}

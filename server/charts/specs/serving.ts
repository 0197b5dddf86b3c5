import * as Plot from "@observablehq/plot";
import type { SpecOptions } from "./types";
import { timeSeriesFrame } from "./style";

/**
 * The model's serving loop per version and UTC day, from the rollups: request rate, error rate,
 * and p50/p95 latency (p95 dashed). Rows are the model traffic's `serving` points; estimated
 * request counts (sampled traffic) are marked in the axis label by the caller's `estimated`.
 */
export type ServingMetric = "requests" | "errorRate" | "latency";

export interface ServingRow {
  day: string;
  version: string;
  requestsPerMinute: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

const DAY = 86_400_000;

export const SERVING_TITLES: Record<ServingMetric, string> = {
  requests: "Request rate",
  errorRate: "Error rate",
  latency: "Latency p50 / p95",
};

interface Point {
  at: Date;
  version: string;
  y: number;
  series: string;
  quantile?: "p50" | "p95";
}

function points(rows: ServingRow[], metric: ServingMetric): Point[] {
  const out: Point[] = [];
  for (const r of rows) {
    // a point in the middle of its day, so daily points line up under the day's tick
    const at = new Date(Date.parse(`${r.day}T00:00:00Z`) + DAY / 2);
    if (metric === "requests") out.push({ at, version: r.version, y: r.requestsPerMinute, series: r.version });
    else if (metric === "errorRate") {
      if (r.errorRate !== null) out.push({ at, version: r.version, y: r.errorRate, series: r.version });
    } else {
      if (r.latencyP50Ms !== null) out.push({ at, version: r.version, y: r.latencyP50Ms, series: `${r.version} p50`, quantile: "p50" });
      if (r.latencyP95Ms !== null) out.push({ at, version: r.version, y: r.latencyP95Ms, series: `${r.version} p95`, quantile: "p95" });
    }
  }
  return out;
}

export function servingSpec(rows: ServingRow[], metric: ServingMetric, opts: SpecOptions & { estimated?: boolean } = {}): Plot.PlotOptions {
  const data = points(rows, metric);
  const versions = [...new Set(rows.map((r) => r.version))];
  const frame = timeSeriesFrame(opts, { height: 180, marginLeft: 56 });
  // A function, not ",~g": Plot narrows a format string's precision to the tick step, and 20 ms steps read "2e+1".
  const plain = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 3 });
  const y =
    metric === "requests"
      ? { label: opts.estimated ? "≈ requests / min (estimated)" : "requests / min", tickFormat: plain }
      : metric === "errorRate"
        ? { label: "errors / requests", tickFormat: ".1%" }
        : { label: "latency (ms)", tickFormat: plain };
  const fmt = (p: Point) =>
    metric === "errorRate" ? `${(p.y * 100).toFixed(2)}%` : metric === "latency" ? `${p.y.toFixed(p.y < 10 ? 1 : 0)} ms` : `${p.y.toFixed(p.y < 10 ? 2 : 0)}/min`;
  return {
    ...frame,
    x: { ...frame.x, tickFormat: "%b %-d", ticks: Math.max(2, Math.min(8, Math.floor(frame.width / 90))) },
    y: { ...y, grid: true, zero: true },
    color: { domain: versions, legend: versions.length > 1, type: "categorical" },
    marks: [
      Plot.ruleY([0]),
      Plot.line(
        data.filter((p) => p.quantile !== "p95"),
        { x: "at", y: "y", z: "series", stroke: "version", strokeWidth: 1.75 },
      ),
      Plot.line(
        data.filter((p) => p.quantile === "p95"),
        { x: "at", y: "y", z: "series", stroke: "version", strokeWidth: 1.5, strokeDasharray: "5,3" },
      ),
      Plot.dot(data, {
        x: "at",
        y: "y",
        fill: "version",
        r: 2.5,
        title: (p: Point) => `${p.version}${p.quantile ? ` ${p.quantile}` : ""} · ${p.at.toISOString().slice(0, 10)}: ${fmt(p)}`,
      }),
    ],
  };
}

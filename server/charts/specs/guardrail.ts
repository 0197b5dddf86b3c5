import * as Plot from "@observablehq/plot";
import type { SpecOptions } from "./types";
import { timeSeriesFrame, CURRENT_COLOR, FAIL_COLOR, finite } from "./style";
import { thresholdRules } from "./cohorts";

/** One guardrail × cohort value per run, as the incident page holds it. */
export interface GuardrailPointLike {
  runId: string;
  at: Date | string;
  value: number | null;
  low?: number | null;
  high?: number | null;
  level: string;
  fired?: boolean;
}

const LEVEL_COLOR: Record<string, string> = { ok: "#059669", warning: "#d97706", alert: "#dc2626", no_data: "#a1a1aa" };

const MIN_SPAN_MS = 3_600_000;

/**
 * A time axis at least an hour wide, centred on the runs: one run (a new incident) or runs seconds
 * apart would otherwise get a zero-width domain, whose only tick prints as a full ISO timestamp.
 */
function timeDomain(times: number[]): { domain?: [Date, Date] } {
  if (!times.length) return {};
  const min = Math.min(...times);
  const max = Math.max(...times);
  if (max - min >= MIN_SPAN_MS) return {};
  const mid = (min + max) / 2;
  return { domain: [new Date(mid - MIN_SPAN_MS / 2), new Date(mid + MIN_SPAN_MS / 2)] };
}

/**
 * The watched metric across runs with the guardrail's warn and fail lines; the interval (when the
 * result has one) as a band, each run a dot coloured by its level, the runs that fired ringed.
 */
export function guardrailSpec(points: GuardrailPointLike[], g: { metric: string; warn: number | null; fail: number }, opts: SpecOptions = {}): Plot.PlotOptions {
  const rows = points.filter((p) => finite(p.value)).map((p) => ({ ...p, at: new Date(p.at), value: p.value as number }));
  const band = rows.filter((r) => finite(r.low) && finite(r.high));
  const ys = [...rows.map((r) => r.value), ...band.flatMap((r) => [r.low as number, r.high as number]), g.fail, ...(finite(g.warn) ? [g.warn] : [])];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
  const frame = timeSeriesFrame(opts, { height: 260, marginLeft: 56 });
  return {
    ...frame,
    x: { ...frame.x, ...timeDomain(rows.map((r) => r.at.getTime())) },
    y: { label: g.metric, grid: true, domain: [lo - pad, hi + pad] },
    marks: [
      ...(band.length ? [Plot.areaY(band, { x: "at", y1: "low", y2: "high", fill: CURRENT_COLOR, fillOpacity: 0.12 })] : []),
      ...thresholdRules({ warn: g.warn, fail: g.fail }, "y"),
      Plot.line(rows, { x: "at", y: "value", stroke: CURRENT_COLOR, strokeWidth: 1.75 }),
      Plot.dot(rows, {
        x: "at",
        y: "value",
        fill: (d: (typeof rows)[number]) => LEVEL_COLOR[d.level] ?? "#a1a1aa",
        stroke: "white",
        r: 4,
        title: (d: (typeof rows)[number]) => `${d.at.toISOString().slice(0, 16).replace("T", " ")} · ${d.value.toPrecision(4)} (${d.level})`,
      }),
      Plot.dot(rows.filter((r) => r.fired), { x: "at", y: "value", stroke: FAIL_COLOR, r: 8, strokeWidth: 1.5 }),
    ],
  };
}

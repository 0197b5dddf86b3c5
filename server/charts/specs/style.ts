/** Shared colours and formatting: status colours mean one thing everywhere (pass/warn/fail/n/a). */
import type { SpecOptions } from "./types";

export const STATUS_DOMAIN = ["pass", "warn", "fail", "n/a"] as const;
export const STATUS_RANGE = ["#059669", "#d97706", "#dc2626", "#a1a1aa"] as const;
export const STATUS_COLOR = { type: "ordinal" as const, domain: [...STATUS_DOMAIN], range: [...STATUS_RANGE], legend: true };

export const BASELINE_COLOR = "#a1a1aa";
export const CURRENT_COLOR = "#0284c7";
export const WARN_COLOR = "#d97706";
export const FAIL_COLOR = "#dc2626";

export function normStatus(s: string | null | undefined): string {
  return s && (STATUS_DOMAIN as readonly string[]).includes(s) ? s : "n/a";
}

export function finite(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

/** Room for the longest y label, capped. */
export function marginFor(labels: string[], min = 60, max = 200): number {
  const longest = labels.reduce((m, l) => Math.max(m, l.length), 0);
  return Math.max(min, Math.min(max, longest * 6.5 + 12));
}

export const BASE = { style: { fontSize: "11px", overflow: "visible" as const }, marginTop: 24 };

/** The frame every time-series chart shares: title, size, margins and a UTC x axis with a grid. */
export function timeSeriesFrame(opts: SpecOptions, layout: { height: number; marginLeft: number }) {
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? 720,
    height: opts.height ?? layout.height,
    marginLeft: layout.marginLeft,
    marginRight: 20,
    x: { type: "utc" as const, label: null, grid: true },
  };
}

/**
 * The frame every chart with one row per label shares (latencies per version, estimates per
 * metric, deltas per cohort, drift per feature): title, 560 wide, `perRow` px a row plus `extra`
 * (at least `minHeight`), the labels on the y axis with room for the longest.
 */
export function rowsFrame(opts: SpecOptions, labels: string[], layout: { perRow: number; extra: number; minHeight: number }) {
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? 560,
    height: opts.height ?? Math.max(layout.minHeight, layout.perRow * labels.length + layout.extra),
    marginLeft: marginFor(labels),
    y: { domain: labels, label: null },
  };
}

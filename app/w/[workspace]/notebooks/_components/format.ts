import { formatMoneyMetric, isMoneyMetric } from "@/server/format/money";
import { describeReference, describeWindow } from "@/server/format/selection";
import type { ReferenceSpec, WindowSpec } from "./types";

/** Numbers as people read them: thousands separated, small values with 3 significant digits. */
export function fmtNum(v: number | null | undefined, unit?: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  let s: string;
  if (Number.isInteger(v) && a < 1e9) s = v.toLocaleString("en-US");
  else if (a >= 1000) s = Math.round(v).toLocaleString("en-US");
  else if (a >= 1) s = v.toFixed(a >= 100 ? 1 : 2);
  else if (a === 0) s = "0";
  else if (a < 1e-3) s = v.toExponential(2);
  else s = v.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

/** Units implied by metric names (latency_p95_ms → ms, cost_* → USD, *_rate / *_share → %). */
export function fmtMetric(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (/_ms$/.test(name)) return fmtNum(v, "ms");
  if (isMoneyMetric(name)) return formatMoneyMetric(name, v, { short: true });
  if (/(_rate|_share|coverage)$/.test(name) && v >= 0 && v <= 1) return `${(v * 100).toFixed(v < 0.01 ? 2 : 1)}%`;
  return fmtNum(v);
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function fmtDateTime(v: string | Date | null | undefined): string {
  if (!v) return "—";
  const d = typeof v === "string" ? new Date(v) : v;
  return d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

/** A run's parameters (overrides of the notebook's data-selection defaults) in words. */
export function describeParameters(p: { window?: WindowSpec; versions?: string[]; reference?: ReferenceSpec; cohortKeys?: string[]; minCohortSize?: number }): string {
  const parts: string[] = [];
  if (p.window) parts.push(`window ${describeWindow(p.window)}`);
  if (p.versions) parts.push(`versions ${p.versions.length ? p.versions.join(", ") : "production"}`);
  if (p.reference) parts.push(`reference ${describeReference(p.reference)}`);
  if (p.cohortKeys) parts.push(`cohorts ${p.cohortKeys.join(", ") || "none"}`);
  if (p.minCohortSize !== undefined) parts.push(`min cohort size ${p.minCohortSize}`);
  return parts.join(" · ");
}

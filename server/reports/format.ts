/** Number formatting shared by the summary sentences, the HTML and the PDF (one voice everywhere); money goes through server/format/money. */
import { formatMoneyMetric, formatUsd, isMoneyMetric } from "../format/money";
import { metricLabel } from "../format/metric-label";

const RATE = /(_rate|_share|coverage|accuracy_share)$/;

export function isCost(metric: string) {
  return isMoneyMetric(metric);
}

export { formatUsd };

/** `short` keeps table cells narrow ("$0.50 / 1k" under a "cost per request" header). */
export function formatMetric(metric: string, v: number | null | undefined, unit?: string, opts: { short?: boolean; scale?: number } = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (isMoneyMetric(metric, unit)) return formatMoneyMetric(metric, v, opts);
  if (unit === "ms" || /_ms$/.test(metric)) return `${Math.round(v).toLocaleString("en-US")} ms`;
  if (RATE.test(metric) || unit === "%") return `${(v * 100).toFixed(v < 0.01 && v > 0 ? 2 : 1)}%`;
  if (Number.isInteger(v)) return v.toLocaleString("en-US");
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3).replace(/0$/, "").replace(/\.?0$/, (m) => (m === "." ? "" : m));
}

export { metricLabel };

/** "account_tier=strategic" → "account_tier 'strategic'". */
export function cohortLabel(cohort: string): string {
  const i = cohort.indexOf("=");
  return i < 0 ? `cohort '${cohort}'` : `${cohort.slice(0, i)} '${cohort.slice(i + 1)}'`;
}

/**
 * Money as people read it — the one formatter for amounts and unit costs (reports, cells, charts,
 * exports). Sub-cent unit costs are scaled to a count of units instead of shown with many zeros:
 * $0.000028 per correct prediction → "$0.03 per 1,000 correct predictions".
 */

/** An amount in USD: cents below $100, whole dollars above, two significant digits below a cent. */
export function formatUsd(v: number): string {
  if (!Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  const sign = v < 0 ? "-" : "";
  if (a === 0) return "$0";
  if (a >= 100) return `${sign}$${a.toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
  if (a >= 0.01) return `${sign}$${a.toFixed(2)}`;
  return `${sign}$${a.toPrecision(2).replace(/0+$/, "")}`;
}

const SCALES = [1, 1_000, 1_000_000] as const;

/** The count of units a unit cost is quoted for (1, 1,000 or 1,000,000) so the amount reads in cents or more. */
export function unitCostScale(v: number): (typeof SCALES)[number] {
  const a = Math.abs(v);
  if (a === 0 || !Number.isFinite(a)) return 1;
  return SCALES.find((s) => a * s >= 0.01) ?? SCALES[SCALES.length - 1];
}

function plural(noun: string, n: number) {
  if (n === 1) return noun;
  return /(s|x|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/**
 * A cost per unit: "$0.05 per request", "$0.50 per 1,000 requests"; `short` for table cells
 * ("$0.50 / 1k"). `scale` forces a scale so values in one column or sentence compare directly.
 */
export function formatUnitCost(v: number | null | undefined, unit: string, opts: { short?: boolean; scale?: number } = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const scale = opts.scale ?? unitCostScale(v);
  const amount = formatUsd(v * scale);
  if (opts.short) return scale === 1 ? amount : `${amount} / ${scale === 1_000 ? "1k" : "1M"}`;
  return scale === 1 ? `${amount} per ${unit}` : `${amount} per ${scale.toLocaleString("en-US")} ${plural(unit, scale)}`;
}

/** The unit a cost metric is quoted per, from its name (cost_per_correct → "correct prediction"); null for totals. */
export function costUnit(metric: string): string | null {
  const m = /cost_per_(\w+?)(?:_usd)?$/.exec(metric);
  if (!m) return null;
  const known: Record<string, string> = { correct: "correct prediction", request: "request", prediction: "prediction", ticket: "ticket", "1k_tokens": "1,000 tokens" };
  return Object.hasOwn(known, m[1]!) ? known[m[1]!]! : m[1]!.replaceAll("_", " ");
}

/** Any money metric: unit costs scaled ("$0.50 per 1,000 requests"), totals as amounts. */
export function formatMoneyMetric(metric: string, v: number | null | undefined, opts: { short?: boolean; scale?: number } = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const unit = costUnit(metric);
  return unit ? formatUnitCost(v, unit, opts) : formatUsd(v);
}

/**
 * Tick labels of a money axis: every tick shows as many decimals as the tick step needs, so ticks
 * 5 tenths of a cent apart never print the same label twice ("$0.02 / 1k" next to "$0.02 / 1k").
 * `scale` is the axis's count of units (1, 1,000, 1,000,000), as chosen for its bar labels.
 */
export function moneyTickFormat(domain: [number, number], ticks: number, scale = 1): (v: number) => string {
  const raw = (Math.abs(domain[1] - domain[0]) / Math.max(1, ticks)) * scale;
  // the step d3's ticks() takes for this span and count (its √50 / √10 / √2 rounding)
  const pow = raw > 0 && Number.isFinite(raw) ? 10 ** Math.floor(Math.log10(raw)) : 1;
  const err = raw / pow;
  const step = pow * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const decimals = step >= 1 ? 0 : Math.max(2, Math.ceil(-Math.log10(step) - 1e-9));
  const suffix = scale === 1 ? "" : ` / ${scale === 1_000 ? "1k" : "1M"}`;
  return (v) => {
    const a = v * scale;
    if (a === 0) return `$0${suffix}`;
    return `${a < 0 ? "-" : ""}$${Math.abs(a).toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })}${suffix}`;
  };
}

/** Money by name: costs, *_usd, and the value metrics of comparisons and quality.business_value (not p_value). */
export function isMoneyMetric(metric: string, unit?: string): boolean {
  return unit === "USD" || /(^|_)cost(_|$)|_usd$|^(net_)?value_per_1(k|000)$|^total_value$/.test(metric);
}

/** The largest unit amount a model's economics accept (value per correct prediction, cost per error). */
export const MAX_UNIT_MONEY_USD = 1_000_000;

/**
 * A money field as a person types it: "" → null (not set); "$1,250.50" → 1250.5; anything else, a
 * negative amount or more than $1,000,000 → an error that names the field.
 */
export function parseUsdInput(text: string, label: string): { value: number | null } | { error: string } {
  const t = text.trim().replace(/^\$/, "").replaceAll(",", "").trim();
  if (t === "") return { value: null };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return { error: `${label} must be an amount in USD, e.g. 0.30` };
  const v = Number(t);
  if (v < 0) return { error: `${label} cannot be negative` };
  if (v > MAX_UNIT_MONEY_USD) return { error: `${label} must be at most ${formatUsd(MAX_UNIT_MONEY_USD)}` };
  return { value: v };
}

import { z } from "zod";

export const STATUSES = ["pass", "warn", "fail", "n/a"] as const;
export type Status = (typeof STATUSES)[number];

/** A metric is a finite number, or null with a reason (never NaN, never Infinity). */
export type MetricValue = number | null;
export type Metrics = Record<string, MetricValue>;
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface ColumnResult {
  column: string;
  status: Status;
  metrics: Metrics;
  /** Why a metric is null, by metric name. */
  reasons?: Record<string, string>;
  /** Non-numeric facts, e.g. which test was picked and why. */
  details?: Record<string, JsonValue>;
}

export interface EvaluatorResult {
  status: Status;
  metrics: Metrics;
  reasons?: Record<string, string>;
  columns?: ColumnResult[];
  /** What `columns` lists, one noun in the singular: "feature" when absent; "metric", "class", … (table headings say "Per metric" / "Metric"). */
  columns_label?: string;
  /** Chart data (plain JSON), e.g. ROC points or histograms. */
  chart?: Record<string, JsonValue>;
  /** Human-readable remarks (why n/a, what was skipped). */
  notes?: string[];
}

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);
const metricsSchema = z.record(z.string(), z.number().nullable());
const columnSchema = z.object({
  column: z.string(),
  status: z.enum(STATUSES),
  metrics: metricsSchema,
  reasons: z.record(z.string(), z.string()).optional(),
  details: z.record(z.string(), jsonValue).optional(),
});
export const evaluatorResultSchema = z.object({
  status: z.enum(STATUSES),
  metrics: metricsSchema,
  reasons: z.record(z.string(), z.string()).optional(),
  columns: z.array(columnSchema).optional(),
  columns_label: z.string().min(1).max(40).optional(),
  chart: z.record(z.string(), jsonValue).optional(),
  notes: z.array(z.string()).optional(),
});

export class ResultValidationError extends Error {}

export interface ValidateOptions {
  /** Throw on NaN/±Infinity or a null without a reason (tests use this); otherwise repair. */
  strict?: boolean;
}

function fixMetrics(
  where: string,
  metrics: Metrics,
  reasons: Record<string, string> | undefined,
  strict: boolean,
): { metrics: Metrics; reasons?: Record<string, string> } {
  const outM: Metrics = {};
  const outR: Record<string, string> = { ...(reasons ?? {}) };
  for (const [k, v] of Object.entries(metrics)) {
    if (v === null || v === undefined) {
      if (!outR[k]) {
        if (strict) throw new ResultValidationError(`${where}: metric ${k} is null without a reason`);
        outR[k] = "not computable";
      }
      outM[k] = null;
    } else if (typeof v !== "number" || !Number.isFinite(v)) {
      if (strict) throw new ResultValidationError(`${where}: metric ${k} is ${String(v)}`);
      outM[k] = null;
      outR[k] = `not a finite number (${String(v)})`;
    } else {
      outM[k] = Object.is(v, -0) ? 0 : v;
    }
  }
  for (const k of Object.keys(outR)) if (!(k in outM)) delete outR[k];
  return Object.keys(outR).length ? { metrics: outM, reasons: outR } : { metrics: outM };
}

/** Validate (and in non-strict mode repair) an evaluator's result. */
export function validateResult(raw: unknown, opts: ValidateOptions = {}): EvaluatorResult {
  const strict = opts.strict ?? false;
  if (!raw || typeof raw !== "object") throw new ResultValidationError("result must be an object");
  const r = raw as EvaluatorResult;
  const top = fixMetrics("result", r.metrics ?? {}, r.reasons, strict);
  const columns = r.columns?.map((c) => {
    const fixed = fixMetrics(`column ${c.column}`, c.metrics ?? {}, c.reasons, strict);
    const out: ColumnResult = { column: c.column, status: c.status, metrics: fixed.metrics };
    if (fixed.reasons) out.reasons = fixed.reasons;
    if (c.details) out.details = c.details;
    return out;
  });
  const candidate: EvaluatorResult = { status: r.status, metrics: top.metrics };
  if (top.reasons) candidate.reasons = top.reasons;
  if (columns) candidate.columns = columns;
  if (r.columns_label) candidate.columns_label = r.columns_label;
  if (r.chart) candidate.chart = sanitizeJson(r.chart) as Record<string, JsonValue>;
  if (r.notes?.length) candidate.notes = r.notes;
  const parsed = evaluatorResultSchema.safeParse(candidate);
  if (!parsed.success) throw new ResultValidationError(`invalid result: ${parsed.error.message}`);
  return candidate;
}

/** Replace non-finite numbers in chart data by null so it stays valid JSON. */
function sanitizeJson(v: unknown): JsonValue {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(sanitizeJson);
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>, (x) => (Number.isFinite(x) ? x : null));
  if (v && typeof v === "object") {
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = sanitizeJson(x);
    return out;
  }
  return v as JsonValue;
}

const ORDER: Record<Status, number> = { "n/a": 0, pass: 1, warn: 2, fail: 3 };

/** The worst of several statuses (fail > warn > pass > n/a). */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = "n/a";
  for (const s of statuses) if (ORDER[s] > ORDER[worst]) worst = s;
  return worst;
}

/**
 * Status of a value against thresholds. `higherIsWorse`: value ≥ fail → fail, ≥ warn → warn.
 * Otherwise (e.g. AUC, p-values): value ≤ fail → fail, ≤ warn → warn. null → n/a.
 */
export function thresholdStatus(
  value: number | null,
  t: { warn?: number | null; fail?: number | null },
  higherIsWorse: boolean,
): Status {
  if (value === null || !Number.isFinite(value)) return "n/a";
  const hit = (th: number | null | undefined) =>
    th !== null && th !== undefined && (higherIsWorse ? value >= th : value <= th);
  if (hit(t.fail)) return "fail";
  if (hit(t.warn)) return "warn";
  return "pass";
}

/** A result saying the evaluator could not run, with the reason. */
export function notApplicable(reason: string, metrics: Metrics = {}): EvaluatorResult {
  const reasons: Record<string, string> = {};
  for (const k of Object.keys(metrics)) if (metrics[k] === null) reasons[k] = reason;
  return { status: "n/a", metrics, reasons, notes: [reason] };
}

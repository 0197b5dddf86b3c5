import type { Rejection } from "./schemas";
import { NONFINITE_MARK } from "./body";

/**
 * Structural validation of one ingest row — the fast twin of the zod schemas in schemas.ts.
 * A structural fault rejects only that row; feature-contract checks happen later (contract.ts)
 * and never reject.
 */

export type FeatureValue = number | string | boolean | null;

export interface NormalizedPrediction {
  index: number;
  requestId: string;
  ts: number;
  version: string;
  features: Record<string, FeatureValue>;
  predNum: number;
  predClass: string | null;
  predJson: string | null;
  label: LabelValue | null;
  latencyMs: number;
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  error: string | null;
  cohort: Record<string, string | null> | null;
  /** The client's sample rate for this row, 0 < r < 1; absent = 1 (every request logged). Weight 1/r. */
  sampleRate?: number;
}

export interface LabelValue {
  num: number | null;
  text: string | null;
}

export interface NormalizedLabel {
  index: number;
  requestId: string;
  ts: number;
  value: LabelValue;
}

const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const MAX_ID = 256;
const MAX_TEXT = 100_000;

class RowError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "string" && v.startsWith(NONFINITE_MARK)) return v.slice(NONFINITE_MARK.length);
  return typeof v;
}

function isNonFinite(v: unknown): boolean {
  return typeof v === "string" && v.startsWith(NONFINITE_MARK);
}

function nonFiniteError(field: string, v: unknown): RowError {
  return new RowError(field, `${String(v).slice(NONFINITE_MARK.length)} is not a finite number; send null or omit the field for a missing value`);
}

function finiteNumber(field: string, v: unknown, opts: { min?: number; int?: boolean } = {}): number {
  if (isNonFinite(v)) throw nonFiniteError(field, v);
  if (typeof v !== "number") throw new RowError(field, `${field} must be a number, got ${typeName(v)}`);
  if (!Number.isFinite(v)) throw new RowError(field, `${field} must be a finite number`);
  if (opts.int && !Number.isInteger(v)) throw new RowError(field, `${field} must be a whole number, got ${v}`);
  if (opts.min !== undefined && v < opts.min) throw new RowError(field, `${field} must be ≥ ${opts.min}, got ${v}`);
  return v;
}

/** `sampleRate`: a number in (0, 1]; absent or null = 1 (returned as undefined, so unsampled rows carry nothing). */
function sampleRateOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const r = finiteNumber("sampleRate", v);
  if (r <= 0 || r > 1) throw new RowError("sampleRate", `sampleRate must be > 0 and ≤ 1 (the share of requests logged), got ${r}`);
  return r === 1 ? undefined : r;
}

function optionalNumber(field: string, v: unknown, opts: { min?: number; int?: boolean } = {}): number {
  return v === undefined || v === null ? NaN : finiteNumber(field, v, opts);
}

/** Date.parse shifts impossible dates (2026-02-30 → March 2); the written fields must exist as written. */
function calendarValid(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return false;
  return true;
}

export function parseTimestamp(v: unknown, now: number, field = "timestamp"): number {
  if (v === undefined || v === null) return now;
  let ts: number;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new RowError(field, `${field} must be a finite number of epoch milliseconds`);
    if (v > 0 && v < 1e11)
      throw new RowError(field, `${field} ${v} looks like epoch seconds; send epoch milliseconds (${Math.round(v * 1000)}) or an ISO 8601 string`);
    if (v >= 1e17) throw new RowError(field, `${field} ${v} looks like nanoseconds; send epoch milliseconds (${Math.round(v / 1e6)}) or an ISO 8601 string`);
    if (v >= 1e14) throw new RowError(field, `${field} ${v} looks like microseconds; send epoch milliseconds (${Math.round(v / 1e3)}) or an ISO 8601 string`);
    ts = Math.round(v);
  } else if (typeof v === "string") {
    if (isNonFinite(v)) throw nonFiniteError(field, v);
    if (!ISO.test(v)) throw new RowError(field, `${field} "${v.slice(0, 40)}" is not ISO 8601 (e.g. 2026-01-31T12:00:00Z) or epoch milliseconds`);
    // A date-time without a zone is UTC (Date.parse would read it as local time).
    const withZone = v.length > 10 && !/(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(v) ? `${v.replace(" ", "T")}Z` : v.replace(" ", "T");
    ts = Date.parse(withZone);
    if (Number.isNaN(ts) || !calendarValid(v)) throw new RowError(field, `${field} "${v.slice(0, 40)}" is not a valid date`);
  } else {
    throw new RowError(field, `${field} must be an ISO 8601 string or epoch milliseconds, got ${typeName(v)}`);
  }
  if (!(ts >= MIN_TS && ts <= MAX_TS)) {
    const shown = Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString() : String(v);
    throw new RowError(field, `${field} ${shown} is outside 2000–2100`);
  }
  return ts;
}

function requestIdOf(v: unknown): string {
  if (v === undefined || v === null || v === "") throw new RowError("requestId", "requestId is required (a non-empty string)");
  if (typeof v !== "string") throw new RowError("requestId", `requestId must be a string, got ${typeName(v)}; send it as "${String(v)}"`);
  if (v.length > MAX_ID) throw new RowError("requestId", `requestId is longer than ${MAX_ID} characters`);
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function predictionOf(v: unknown): { num: number; cls: string | null; json: string | null } {
  const field = "prediction";
  if (v === undefined || v === null) throw new RowError(field, "prediction is required");
  if (typeof v === "number") return { num: finiteNumber(field, v), cls: null, json: null };
  if (typeof v === "boolean") return { num: v ? 1 : 0, cls: null, json: null };
  if (typeof v === "string") {
    if (isNonFinite(v)) throw nonFiniteError(field, v);
    if (v.length > MAX_TEXT) throw new RowError(field, `prediction text is longer than ${MAX_TEXT} characters`);
    return { num: NaN, cls: v, json: null };
  }
  if (Array.isArray(v)) {
    if (v.length === 0) throw new RowError(field, "prediction is an empty array");
    if (v.every((x) => typeof x === "number" || isNonFinite(x))) {
      // class probabilities, index = class
      let best = 0;
      for (let i = 0; i < v.length; i++) {
        finiteNumber(`prediction.${i}`, v[i]);
        if ((v[i] as number) > (v[best] as number)) best = i;
      }
      return { num: v[best] as number, cls: String(best), json: JSON.stringify(v) };
    }
    // ranked list: strings or { id, score? }
    v.forEach((x, i) => {
      if (typeof x === "string") return;
      if (isPlainObject(x) && typeof x.id === "string" && (x.score === undefined || finiteNumber(`prediction.${i}.score`, x.score) === x.score)) return;
      throw new RowError(`prediction.${i}`, "a ranked list holds strings or { id, score } objects; class probabilities are all numbers");
    });
    const first = v[0] as string | { id: string };
    return { num: NaN, cls: typeof first === "string" ? first : first.id, json: JSON.stringify(v) };
  }
  if (isPlainObject(v)) {
    let bestKey: string | null = null;
    let best = -Infinity;
    for (const [k, p] of Object.entries(v)) {
      const x = finiteNumber(`prediction.${k}`, p);
      if (x > best) {
        best = x;
        bestKey = k;
      }
    }
    if (bestKey === null) throw new RowError(field, "prediction is an empty object");
    return { num: best, cls: bestKey, json: JSON.stringify(v) };
  }
  throw new RowError(field, `prediction must be a number, class, probabilities, ranked list or text, got ${typeName(v)}`);
}

export function labelValueOf(v: unknown, field = "label"): LabelValue {
  if (typeof v === "number") return { num: finiteNumber(field, v), text: null };
  if (typeof v === "boolean") return { num: v ? 1 : 0, text: null };
  if (typeof v === "string") {
    if (isNonFinite(v)) throw nonFiniteError(field, v);
    if (v.length > MAX_TEXT) throw new RowError(field, `${field} is longer than ${MAX_TEXT} characters`);
    return { num: null, text: v };
  }
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (typeof x === "string") return;
      finiteNumber(`${field}.${i}`, x);
    });
    return { num: null, text: JSON.stringify(v) };
  }
  if (v === undefined || v === null) throw new RowError(field, `${field} is required`);
  throw new RowError(field, `${field} must be a number, string, boolean or array, got ${typeName(v)}`);
}

function tooManyNames(field: "features" | "cohort", max: number): RowError {
  return new RowError(field, `${field} has more than ${max.toLocaleString("en-US")} names; send the ones you monitor (the server's limit is INGEST_MAX_FEATURES_PER_ROW)`);
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

function hasControlCharacter(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 32 || (c >= 127 && c <= 159)) return true;
  }
  return false;
}

/** Names with control characters (a NUL in a name collides with our internal keys) are refused. */
function badName(field: "features" | "cohort", name: string): RowError {
  return new RowError(`${field}.${JSON.stringify(name).slice(1, -1)}`, `${field} name ${JSON.stringify(name)} contains a control character; use printable names`);
}

function featuresOf(v: unknown, maxNames: number): Record<string, FeatureValue> {
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw new RowError("features", `features must be an object of name → value, got ${typeName(v)}`);
  let names = 0;
  for (const k in v) {
    if (++names > maxNames) throw tooManyNames("features", maxNames);
    if (hasControlCharacter(k)) throw badName("features", k);
    const x = v[k];
    if (x === null || typeof x === "boolean") continue;
    if (typeof x === "number") {
      if (!Number.isFinite(x)) throw new RowError(`features.${k}`, `features.${k} must be a finite number`);
      continue;
    }
    if (typeof x === "string") {
      if (x.charCodeAt(0) === 0 && isNonFinite(x)) throw nonFiniteError(`features.${k}`, x);
      continue;
    }
    throw new RowError(`features.${k}`, `features.${k} must be a number, string, boolean or null, got ${typeName(x)}`);
  }
  return v as Record<string, FeatureValue>;
}

function cohortOf(v: unknown, maxNames: number): Record<string, string | null> | null {
  if (v === undefined || v === null) return null;
  if (!isPlainObject(v)) throw new RowError("cohort", `cohort must be an object of name → string, got ${typeName(v)}`);
  let names = 0;
  for (const k in v) {
    if (++names > maxNames) throw tooManyNames("cohort", maxNames);
    if (hasControlCharacter(k)) throw badName("cohort", k);
    const x = v[k];
    if (x === null || typeof x === "string") {
      if (typeof x === "string" && isNonFinite(x)) throw nonFiniteError(`cohort.${k}`, x);
      continue;
    }
    throw new RowError(`cohort.${k}`, `cohort.${k} must be a string (cohort attributes are categories), got ${typeName(x)}`);
  }
  return v as Record<string, string | null>;
}

export interface PredictionContext {
  now: number;
  /** Used when a row has no version: the model's production version, if any. */
  defaultVersion: string | null;
  /** When the model requires registered versions: the registered labels. */
  knownVersions: Set<string> | null;
  /** Most feature (and, separately, cohort) names a row may carry. */
  maxFeaturesPerRow: number;
}

export function validatePrediction(raw: unknown, index: number, ctx: PredictionContext): NormalizedPrediction | Rejection {
  try {
    if (!isPlainObject(raw)) throw new RowError("", `each prediction must be a JSON object, got ${typeName(raw)}`);
    const requestId = requestIdOf(raw.requestId);
    const ts = parseTimestamp(raw.timestamp, ctx.now);
    let version = raw.version;
    if (version === undefined || version === null || version === "") {
      if (!ctx.defaultVersion) throw new RowError("version", "version is required (the model has no production version to default to)");
      version = ctx.defaultVersion;
    }
    if (typeof version !== "string") throw new RowError("version", `version must be a string, got ${typeName(version)}`);
    if (version.length > 64) throw new RowError("version", "version is longer than 64 characters");
    if (ctx.knownVersions && !ctx.knownVersions.has(version)) {
      throw new RowError(
        "version",
        `unknown version "${version}": this model accepts only registered versions (${[...ctx.knownVersions].join(", ") || "none yet"}); register it first`,
      );
    }
    const features = featuresOf(raw.features, ctx.maxFeaturesPerRow);
    const pred = predictionOf(raw.prediction);
    const label = raw.label === undefined || raw.label === null ? null : labelValueOf(raw.label);
    const error = raw.error;
    if (error !== undefined && error !== null && typeof error !== "string") throw new RowError("error", `error must be a string or null, got ${typeName(error)}`);
    return {
      index,
      requestId,
      ts,
      version,
      features,
      predNum: pred.num,
      predClass: pred.cls,
      predJson: pred.json,
      label,
      latencyMs: optionalNumber("latencyMs", raw.latencyMs, { min: 0 }),
      costUsd: optionalNumber("costUsd", raw.costUsd, { min: 0 }),
      tokensIn: optionalNumber("tokensIn", raw.tokensIn, { min: 0, int: true }),
      tokensOut: optionalNumber("tokensOut", raw.tokensOut, { min: 0, int: true }),
      error: typeof error === "string" ? error.slice(0, 2000) : null,
      cohort: cohortOf(raw.cohort, ctx.maxFeaturesPerRow),
      sampleRate: sampleRateOf(raw.sampleRate),
    };
  } catch (err) {
    if (err instanceof RowError) return { index, field: err.field, message: err.message };
    throw err;
  }
}

export function validateLabel(raw: unknown, index: number, now: number): NormalizedLabel | Rejection {
  try {
    if (!isPlainObject(raw)) throw new RowError("", `each label must be a JSON object, got ${typeName(raw)}`);
    const requestId = requestIdOf(raw.requestId);
    const value = labelValueOf(raw.label);
    const ts = parseTimestamp(raw.timestamp, now);
    return { index, requestId, ts, value };
  } catch (err) {
    if (err instanceof RowError) return { index, field: err.field, message: err.message };
    throw err;
  }
}

export function isRejection(x: object): x is Rejection {
  return "message" in x && "field" in x;
}

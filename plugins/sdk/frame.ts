/**
 * Columnar frames: the only data shape evaluators see.
 *
 * - Numeric columns are Float64Array; NaN means missing. ±Infinity are kept as values
 *   (evaluators decide; most statistics exclude and count them).
 * - Categorical columns are dictionary-encoded: Int32Array codes into `dictionary`, -1 = missing.
 * - Role columns (prediction, label, …) live beside the feature map, never inside it.
 * No row objects anywhere in hot paths.
 */
import { DictionaryEncoder } from "./dictionary";

export interface NumericColumn {
  readonly type: "numeric";
  readonly values: Float64Array;
}

export interface CategoricalColumn {
  readonly type: "categorical";
  /** Index into `dictionary`, or -1 for a missing value. */
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Frame {
  /** Number of rows; every column has exactly this length. */
  readonly length: number;
  /** Feature columns by name (insertion order is the column order). */
  readonly features: Readonly<Record<string, Column>>;
  /** Model output: a score/probability/value (numeric) or a class (categorical). */
  readonly prediction?: Column;
  /** Ground truth: numeric (0/1, value, relevance) or categorical (class). */
  readonly label?: Column;
  /** Request id / entity key (dictionary-encoded strings). */
  readonly requestId?: CategoricalColumn;
  /** Epoch milliseconds. */
  readonly timestamp?: Float64Array;
  readonly latencyMs?: Float64Array;
  readonly costUsd?: Float64Array;
  /** Cohort attributes (segment, region, …) by name. */
  readonly cohorts?: Readonly<Record<string, CategoricalColumn>>;
}

export const MISSING_CODE = -1;

export function numericColumn(values: Float64Array | ArrayLike<number>): NumericColumn {
  return { type: "numeric", values: values instanceof Float64Array ? values : Float64Array.from(values) };
}

/** Dictionary-encode string values; null/undefined/"" are missing. */
export function categoricalColumn(values: ArrayLike<string | null | undefined>): CategoricalColumn {
  const codes = new Int32Array(values.length);
  const encoder = new DictionaryEncoder();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    codes[i] = v === null || v === undefined || v === "" ? MISSING_CODE : encoder.code(v);
  }
  return { type: "categorical", codes, dictionary: encoder.dictionary };
}

export interface FrameInit {
  features?: Record<string, Column>;
  prediction?: Column;
  label?: Column;
  requestId?: CategoricalColumn;
  timestamp?: Float64Array;
  latencyMs?: Float64Array;
  costUsd?: Float64Array;
  cohorts?: Record<string, CategoricalColumn>;
}

function columnLength(c: Column | Float64Array): number {
  if (c instanceof Float64Array) return c.length;
  return c.type === "numeric" ? c.values.length : c.codes.length;
}

/** Build a frame and check that every column has the same length. */
export function createFrame(init: FrameInit, length?: number): Frame {
  const all: Array<[string, Column | Float64Array | undefined]> = [
    ...Object.entries(init.features ?? {}).map(([k, v]) => [`feature ${k}`, v] as [string, Column]),
    ...Object.entries(init.cohorts ?? {}).map(([k, v]) => [`cohort ${k}`, v] as [string, Column]),
    ["prediction", init.prediction],
    ["label", init.label],
    ["requestId", init.requestId],
    ["timestamp", init.timestamp],
    ["latencyMs", init.latencyMs],
    ["costUsd", init.costUsd],
  ];
  let n = length;
  for (const [name, col] of all) {
    if (!col) continue;
    const len = columnLength(col);
    if (n === undefined) n = len;
    else if (len !== n) throw new Error(`frame column ${name} has ${len} rows, expected ${n}`);
  }
  return { length: n ?? 0, features: init.features ?? {}, ...stripUndefined(init) };
}

function stripUndefined(init: FrameInit): Omit<FrameInit, "features"> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(init)) if (k !== "features" && v !== undefined) out[k] = v;
  return out as Omit<FrameInit, "features">;
}

export function isNumeric(c: Column | undefined): c is NumericColumn {
  return c?.type === "numeric";
}

export function isCategorical(c: Column | undefined): c is CategoricalColumn {
  return c?.type === "categorical";
}

/** Value of row i as a string (categorical) or number (numeric); null when missing. */
export function cellValue(c: Column, i: number): string | number | null {
  if (c.type === "numeric") {
    const v = c.values[i];
    return Number.isNaN(v) ? null : v;
  }
  const code = c.codes[i];
  return code < 0 ? null : c.dictionary[code];
}

const missingCache = new WeakMap<Float64Array | Int32Array, number>();

/**
 * Number of missing cells. Cached per values/codes array (columns are not mutated once in a
 * frame, as the sort caches also assume): every drift evaluator reports n_baseline/n_current,
 * and four evaluators on 40 columns of 1M rows re-counted 160M cells.
 */
export function missingCount(c: Column): number {
  const key = c.type === "numeric" ? c.values : c.codes;
  const hit = missingCache.get(key);
  if (hit !== undefined) return hit;
  let m = 0;
  if (c.type === "numeric") {
    const v = c.values;
    for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) m++;
  } else {
    const codes = c.codes;
    for (let i = 0; i < codes.length; i++) if (codes[i] < 0) m++;
  }
  missingCache.set(key, m);
  return m;
}

/** Hand in the NaN count of a numeric column's values computed elsewhere (e.g. a worker's sort). Trusted. */
export function primeMissingCount(values: Float64Array, missing: number): void {
  missingCache.set(values, missing);
}

/**
 * Numeric view of a column: numeric columns as is; categorical columns parsed
 * (dictionary entries that are not numbers become NaN). Booleans "true"/"false" → 1/0.
 */
export function toNumeric(c: Column): Float64Array {
  if (c.type === "numeric") return c.values;
  const parsed = c.dictionary.map(parseNumberLike);
  const out = new Float64Array(c.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i];
    out[i] = code < 0 ? NaN : parsed[code];
  }
  return out;
}

export function parseNumberLike(s: string): number {
  const t = s.trim();
  const lower = t.toLowerCase();
  if (lower === "true") return 1;
  if (lower === "false") return 0;
  if (t === "") return NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  const n = Number(t);
  return n;
}

/**
 * Categorical view of a column: categorical columns as is; numeric columns encoded by
 * their shortest round-trip string (so 1 and 1.0 are the same category).
 */
export function toCategorical(c: Column): CategoricalColumn {
  if (c.type === "categorical") return c;
  const codes = new Int32Array(c.values.length);
  // keyed by the number, so String() runs once per distinct value
  const encoder = new DictionaryEncoder<number>();
  for (let i = 0; i < codes.length; i++) {
    const v = c.values[i];
    codes[i] = v !== v ? MISSING_CODE : encoder.code(v);
  }
  return { type: "categorical", codes, dictionary: encoder.dictionary.map(String) };
}

/** Count occurrences per dictionary code (missing excluded). */
export function categoryCounts(c: CategoricalColumn): Float64Array {
  const counts = new Float64Array(c.dictionary.length);
  const codes = c.codes;
  for (let i = 0; i < codes.length; i++) {
    const k = codes[i];
    if (k >= 0) counts[k]++;
  }
  return counts;
}

function takeColumn<C extends Column>(c: C, rows: Int32Array): C {
  if (c.type === "numeric") {
    const out = new Float64Array(rows.length);
    const v = c.values;
    for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]];
    return { type: "numeric", values: out } as C;
  }
  const out = new Int32Array(rows.length);
  const codes = c.codes;
  for (let i = 0; i < rows.length; i++) out[i] = codes[rows[i]];
  return { type: "categorical", codes: out, dictionary: c.dictionary } as C;
}

function takeF64(v: Float64Array | undefined, rows: Int32Array): Float64Array | undefined {
  if (!v) return undefined;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = v[rows[i]];
  return out;
}

function mapRecord<T extends Column>(r: Readonly<Record<string, T>> | undefined, rows: Int32Array) {
  if (!r) return undefined;
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(r)) out[k] = takeColumn(v, rows);
  return out;
}

/** A new frame holding only the given rows (in that order). */
export function takeRows(frame: Frame, rows: Int32Array): Frame {
  return createFrame(
    {
      features: mapRecord(frame.features, rows),
      cohorts: mapRecord(frame.cohorts, rows),
      prediction: frame.prediction && takeColumn(frame.prediction, rows),
      label: frame.label && takeColumn(frame.label, rows),
      requestId: frame.requestId && takeColumn(frame.requestId, rows),
      timestamp: takeF64(frame.timestamp, rows),
      latencyMs: takeF64(frame.latencyMs, rows),
      costUsd: takeF64(frame.costUsd, rows),
    },
    rows.length,
  );
}

/** The same frame without the named features (e.g. the cohort key). */
export function withoutFeatures(frame: Frame, names: readonly string[]): Frame {
  if (!names.some((n) => n in frame.features)) return frame;
  const features: Record<string, Column> = {};
  for (const [k, v] of Object.entries(frame.features)) if (!names.includes(k)) features[k] = v;
  return { ...frame, features };
}

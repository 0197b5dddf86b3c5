import { MISSING_TOKENS } from "./missing";

/** A cell as the row readers give it: missing is null. */
export type Cell = number | string | boolean | null;

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A CSV cell: trimmed text, or null when it is a missing token. Whether it is a number or a boolean
 * is decided for its whole column (table.ts `tableFromText`), so text columns keep "007" as written.
 */
export function csvText(s: string): string | null {
  const t = s.trim();
  return MISSING_TOKENS.has(t) ? null : t;
}

/** A decimal number as CSV text (inf and infinity are not: the CSV scanner of csv/ reads those). */
export const isNumericText = (s: string): boolean => NUMERIC_TEXT.test(s);

const BOOLEAN_TEXT = /^(?:true|false)$/i;
/** true or false in any case. */
export const isBooleanText = (s: string): boolean => BOOLEAN_TEXT.test(s);

/** A typed cell (JSON, Parquet): missing tokens and non-finite numbers → null; objects become their JSON text. */
export function valueCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return MISSING_TOKENS.has(v.trim()) ? null : v;
  if (typeof v === "boolean") return v;
  if (v instanceof Date) return v.getTime();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x));
}

/**
 * A text token read as a number for a numeric column: NaN when missing, ±Infinity for inf/infinity,
 * undefined when the token is not a number (the column is then categorical).
 */
export function parseNumericToken(s: string): number | undefined {
  const t = s.trim();
  if (MISSING_TOKENS.has(t)) return NaN;
  const lower = t.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (!NUMERIC_TEXT.test(t)) return undefined;
  return Number(t);
}

/** A plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

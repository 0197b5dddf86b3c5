import { MISSING_TOKENS } from "./missing";

/** A cell as the row readers give it: missing is null. */
export type Cell = number | string | boolean | null;

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A text cell (CSV): a missing token → null, a decimal number → number, true/false → boolean, else the text. */
export function textCell(s: string): Cell {
  if (MISSING_TOKENS.has(s)) return null;
  if (NUMERIC_TEXT.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return s;
}

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

/** A DateTime column as a raw driver returns it: ISO text or epoch ms (SQLite), a Date (PostgreSQL's pool). */
export type RawDate = string | number | Date;

/**
 * A stored DateTime as Prisma returns it: SQLite holds ISO text (Prisma writes "…+00:00"; text
 * without a zone is UTC, as Prisma reads it) or epoch milliseconds; PostgreSQL's pool already
 * parses timestamps to Dates (postgres.ts).
 */
export function toDate(value: RawDate): Date {
  if (value instanceof Date || typeof value === "number") return new Date(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}

import type { Prisma } from "../generated/prisma/client";
import { isPostgres } from "./kind";

/**
 * Bulk INSERT of many rows as ONE statement on either backend: the rows travel as a single JSON
 * array parameter (SQLite `json_each`, PostgreSQL `jsonb_populate_recordset`, which also gives
 * each field its column's type). Thousands of rows would otherwise be hundreds of statements under
 * SQLite's bound-parameter limit. Values: strings, numbers, booleans, null; DateTimes as
 * `sqlTime` text (UTC).
 *
 * `conflict` is appended as is ("ON CONFLICT (…) DO NOTHING / DO UPDATE SET x = excluded.x"):
 * both backends accept the same clause.
 */
export async function insertJsonRows(
  tx: Prisma.TransactionClient,
  table: string,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  conflict = "",
): Promise<void> {
  if (!rows.length) return;
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const sql = isPostgres()
    ? `INSERT INTO "${table}" (${cols}) SELECT ${columns.map((c) => `r."${c}"`).join(", ")} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb) AS r ${conflict}`
    : // WHERE true: SQLite needs it to parse an upsert after INSERT … SELECT
      `INSERT INTO "${table}" (${cols}) SELECT ${columns.map((c) => `j->>'${c}'`).join(", ")} FROM (SELECT value AS j FROM json_each(?)) WHERE true ${conflict}`;
  await tx.$executeRawUnsafe(sql, JSON.stringify(rows));
}

/** Prisma's SQLite text form of a DateTime (PostgreSQL reads it as the same UTC time). */
export const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

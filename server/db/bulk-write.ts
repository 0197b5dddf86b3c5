/**
 * Many rows into one table inside an open interactive transaction, in one go: through Prisma's own
 * SQLite connection with one prepared statement run per row (microseconds each, no large JSON
 * parameter through the query engine), or — when that connection is not reachable — as ONE
 * statement whose rows travel as a JSON array of arrays unpacked by json_each (under SQLite's
 * bound-parameter limit whatever the row count). On PostgreSQL, the JSON path of db/json-rows.ts.
 */
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { sqliteConnectionOf } from "./client";
import { isPostgres } from "./kind";
import { insertJsonRows } from "./json-rows";
import { toDate } from "./raw-date";

export type SqlValue = string | number | null;

export interface RowsSpec {
  table: string;
  columns: readonly string[];
  /** e.g. `ON CONFLICT ("dedupeKey") DO NOTHING` */
  onConflict?: string;
}

export type RowWriter = (spec: RowsSpec, rows: SqlValue[][]) => Promise<void>;

const quote = (name: string) => `"${name}"`;

/** A writer bound to `tx`, the transaction of `db` whose callback is running. */
export function rowWriter(db: PrismaClient, tx: Prisma.TransactionClient): RowWriter {
  const raw = sqliteConnectionOf(db);
  return async (spec, rows) => {
    if (!rows.length) return;
    const cols = spec.columns.map(quote).join(",");
    if (raw?.inTransaction) {
      const stmt = raw.prepare(`INSERT INTO ${quote(spec.table)} (${cols}) VALUES (${spec.columns.map(() => "?").join(",")}) ${spec.onConflict ?? ""}`);
      for (const row of rows) stmt.run(row);
      return;
    }
    if (isPostgres()) {
      const records = rows.map((row) => Object.fromEntries(spec.columns.map((c, i) => [c, row[i]])));
      return insertJsonRows(tx, spec.table, spec.columns, records, spec.onConflict);
    }
    const picks = spec.columns.map((_, i) => `j->>${i}`).join(", ");
    await tx.$executeRawUnsafe(
      `INSERT INTO ${quote(spec.table)} (${cols}) SELECT ${picks} FROM (SELECT value AS j FROM json_each(?)) WHERE true ${spec.onConflict ?? ""}`,
      JSON.stringify(rows),
    );
  };
}

export type RowReader = (sql: string, params: SqlValue[]) => Promise<Record<string, unknown>[]>;

/** Many rows out, inside the transaction of `db` whose callback is running (same two paths as rowWriter). */
export function rowReader(db: PrismaClient, tx: Prisma.TransactionClient): RowReader {
  const raw = sqliteConnectionOf(db);
  return async (sql, params) => {
    if (raw?.inTransaction) return raw.prepare(sql).all(params) as Record<string, unknown>[];
    // PostgreSQL numbers its placeholders
    const text = isPostgres() ? sql.replace(/\?/g, ((n) => () => `$${++n}`)(0)) : sql;
    return tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...params);
  };
}

/** A DateTime column as read raw: Prisma's ISO text (or epoch milliseconds, or a Date from the query engine). */
export function sqliteDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return toDate(typeof value === "number" || value instanceof Date ? value : String(value));
}

import type Database from "better-sqlite3";
import type { SqlRunner } from "./sql-runner";

/** SELECTs on a raw better-sqlite3 connection, each statement prepared once and kept. */
export function sqliteRunner(db: Database.Database): SqlRunner {
  const statements = new Map<string, Database.Statement>();
  return {
    async all<T>(sql: string, params: unknown[]) {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...params) as T[];
    },
  };
}

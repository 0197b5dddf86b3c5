import type pg from "pg";
import type { SqlRunner } from "./sql-runner";

/**
 * SELECTs on the process's PostgreSQL pool, as named prepared statements (parsed and planned once
 * per connection): `?` becomes `$1`, `$2`, … — the page reads' SQL has no `?` inside a literal.
 */
export function pgRunner(pool: pg.Pool): SqlRunner {
  const named = new Map<string, { name: string; text: string }>();
  return {
    async all<T>(sql: string, params: unknown[]) {
      let query = named.get(sql);
      if (!query) {
        let n = 0;
        named.set(sql, (query = { name: `page_read_${named.size}`, text: sql.replace(/\?/g, () => `$${++n}`) }));
      }
      const { rows } = await pool.query({ ...query, values: params });
      return rows as T[];
    },
  };
}

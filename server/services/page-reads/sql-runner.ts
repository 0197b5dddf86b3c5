/**
 * The one thing the page reads need from a database: run a SELECT with positional `?` parameters
 * and get its rows. One implementation per backend (sqlite-runner.ts, pg-runner.ts).
 */
export interface SqlRunner {
  all<T>(sql: string, params: unknown[]): Promise<T[]>;
}

import { isPostgres } from "../../db/kind";
import { sharedSqlite } from "../../db/sqlite";
import { processSingleton } from "../../process-singleton";
import { pageReads, type PageReads } from "./reads";
import { sqliteRunner } from "./sqlite-runner";

export type { PageReads } from "./reads";

// The pg driver loads only when DATABASE_URL names PostgreSQL, as in server/predictions/index.ts.
const pg = isPostgres() ? await Promise.all([import("../../db/postgres"), import("./pg-runner")]) : null;

const reads = processSingleton<PageReads>("pageReads", () =>
  pageReads(pg ? pg[1].pgRunner(pg[0].sharedPgPool()) : sqliteRunner(sharedSqlite())),
);

/** The page reads of this process, on its raw SQLite connection or its PostgreSQL pool (shared with Prisma). */
export function sharedPageReads(): PageReads {
  return reads.get();
}

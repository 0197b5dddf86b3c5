import { isPostgres } from "../db/kind";
import { openSqlite, sharedSqlite } from "../db/sqlite";
import { processSingleton } from "../process-singleton";
import type { PredictionRepository } from "./repository";
import { SqlitePredictionRepository } from "./sqlite-repository";

export type * from "./repository";
export { frameWithServingColumns } from "./window";
export { dayOf } from "./rollup";

// The PostgreSQL implementation and the pg driver under it load only when DATABASE_URL names
// PostgreSQL: on SQLite no process pays for them at start-up (issue 18).
async function loadPostgres() {
  const [{ createPgPool, sharedPgPool }, { PgPredictionRepository }] = await Promise.all([import("../db/postgres"), import("./pg-repository")]);
  return { createPgPool, sharedPgPool, PgPredictionRepository };
}
const pg = isPostgres() ? await loadPostgres() : null;

const writer = processSingleton<PredictionRepository>("predictions.repository", () =>
  pg ? new pg.PgPredictionRepository(pg.sharedPgPool()) : new SqlitePredictionRepository(sharedSqlite()),
);
// An evaluation thread gets a small PostgreSQL pool of its own (threads share no sockets); the
// process default shares Prisma's pool.
const reader = processSingleton<PredictionRepository>("predictions.repository.readOnly", () =>
  pg
    ? new pg.PgPredictionRepository(pg.createPgPool(undefined, 2), { readOnly: true })
    : new SqlitePredictionRepository(openSqlite(undefined, { readonly: true })),
);

/**
 * The prediction storage of this process: the one way product code reaches it. The default
 * instance shares the process-wide connection (group commit needs one writer connection per
 * process); `readOnly` gives this thread its own read-only connection — what the evaluation
 * threads use, so window reads never queue behind the writer. Both are created on first use.
 */
export function predictionRepository(options: { readOnly?: boolean } = {}): PredictionRepository {
  return options.readOnly ? reader.get() : writer.get();
}

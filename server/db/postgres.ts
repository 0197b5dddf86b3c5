import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";
import { processSingleton } from "../process-singleton";

/**
 * The process-wide PostgreSQL connection pool (DATABASE_POOL_SIZE connections), shared by Prisma
 * (through @prisma/adapter-pg) and the prediction store's raw queries, so one process never holds
 * more connections than configured. N web + M worker processes hold at most
 * (N + M) × DATABASE_POOL_SIZE (+ one per evaluation thread) — keep it under max_connections or
 * put PgBouncer (transaction mode) in front.
 *
 * bigint and numeric arrive as JS numbers (pg's default is a string): every bigint here is an
 * epoch-ms time, a count or a serial id, all far below 2^53; zone-less timestamps are read as UTC
 * whatever the process's TZ. Prisma sets its own per-query parsers, so this does not change what
 * Prisma returns.
 */
const NUMBER_OIDS = new Set([20, 1700]); // int8, numeric
const TIMESTAMP_OID = 1114; // Prisma's DateTime is `timestamp(3)` without zone, always UTC
const parseUtc = (v: string) => new Date(`${v.replace(" ", "T")}Z`);

export function createPgPool(url: string = env.DATABASE_URL, max: number = env.DATABASE_POOL_SIZE): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: "evalbook",
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        format === "binary"
          ? pg.types.getTypeParser(oid, format)
          : NUMBER_OIDS.has(oid)
            ? (v: string) => Number(v)
            : oid === TIMESTAMP_OID
              ? parseUtc
              : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that the server drops (restart, failover) must not crash the process.
  pool.on("error", (err) => logger.warn({ err: err.message }, "postgres: idle connection lost"));
  return pool;
}

const processPool = processSingleton("db.pgPool", () => createPgPool());

/** The pool of this process (one per thread in worker threads), created on first use. */
export function sharedPgPool(): pg.Pool {
  return processPool.get();
}

/** Runs `fn` in one transaction on one pooled connection; rolls back if it throws. */
export async function pgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined; // a connection that failed its ROLLBACK is discarded, not reused
  // A connection that dies while checked out (server restart) also emits `error` on the client:
  // unheard, that event would crash the process. The failing query rejects on its own.
  const onError = (err: Error) => (broken = err);
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch((e: Error) => (broken = e));
    throw err;
  } finally {
    client.off("error", onError);
    client.release(broken);
  }
}

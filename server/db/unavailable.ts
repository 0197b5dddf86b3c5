/**
 * Whether an error means "the database cannot be reached right now" (restart, failover, network,
 * pool exhausted, SQLite's write lock held too long) rather than "this request is wrong": the
 * HTTP layer answers those with 503 + Retry-After, so clients back off and resend (replays are
 * deduplicated), instead of a 500 or a hang. Looks through `cause` chains (Prisma's adapters wrap
 * the driver's error).
 */
const PG_UNAVAILABLE = /^(08|57P0[123]|53300|53400)/; // connection exception, shutdown / cannot connect now, too many connections
const NODE_NET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const MESSAGES = /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|database is locked|SQLITE_BUSY/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === "object" && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: unknown; originalCode?: unknown; message?: unknown; kind?: unknown };
    for (const code of [x.code, x.originalCode]) {
      if (typeof code !== "string") continue;
      if (PG_UNAVAILABLE.test(code) || NODE_NET.has(code) || PRISMA_UNAVAILABLE.has(code) || code.startsWith("SQLITE_BUSY")) return true;
    }
    if (typeof x.message === "string" && MESSAGES.test(x.message)) return true;
  }
  return false;
}

/** Seconds a client should wait before resending when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

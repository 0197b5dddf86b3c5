import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS, openSqlite } from "./sqlite";

/**
 * The adapter opens transactions with a plain (deferred) BEGIN. In WAL mode a deferred transaction
 * that reads and then writes fails at once with SQLITE_BUSY when another process committed in
 * between — the busy timeout does not apply to that upgrade. BEGIN IMMEDIATE takes the write lock
 * up front, so concurrent writers (web, worker, ingest, tests) wait their turn instead of failing.
 */
class ImmediateTransactionsAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const db = (adapter as unknown as { client: Database.Database }).client;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof db.prepare;
    return adapter;
  }
}

function createPrisma(): PrismaClient {
  // WAL is a property of the file: set it once through a raw connection before Prisma opens it.
  openSqlite(env.DATABASE_URL).close();
  const adapter = new ImmediateTransactionsAdapter({ url: env.DATABASE_URL, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { evalbookPrisma?: PrismaClient; evalbookPragmas?: Promise<void> };

export const prisma: PrismaClient = globalForPrisma.evalbookPrisma ?? createPrisma();
if (env.NODE_ENV !== "production") globalForPrisma.evalbookPrisma = prisma;

/** Applies the per-connection pragmas to Prisma's connection; awaited by the context before the first query. */
export function ensurePragmas(): Promise<void> {
  globalForPrisma.evalbookPragmas ??= (async () => {
    for (const pragma of SQLITE_PRAGMAS) {
      if (pragma.startsWith("journal_mode")) continue;
      await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
    }
  })();
  return globalForPrisma.evalbookPragmas;
}

export type { PrismaClient };

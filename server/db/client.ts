import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { env } from "../env";
import { isPostgres } from "./kind";
import { sharedPgPool } from "./postgres";
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
  if (isPostgres()) {
    // Same models (prisma/postgres/schema.prisma is generated from prisma/schema.prisma and
    // test/unit/db/pg-schema.test.ts keeps them in step), so one client type serves both.
    const adapter = new PrismaPg(sharedPgPool());
    return new PgPrismaClient({ adapter }) as unknown as PrismaClient;
  }
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
    if (isPostgres()) return;
    for (const pragma of SQLITE_PRAGMAS) {
      if (pragma.startsWith("journal_mode")) continue;
      await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
    }
  })();
  return globalForPrisma.evalbookPragmas;
}

export type { PrismaClient };

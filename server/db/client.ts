import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS, openSqlite } from "./sqlite";

function createPrisma(): PrismaClient {
  // WAL is a property of the file: set it once through a raw connection before Prisma opens it.
  openSqlite(env.DATABASE_URL).close();
  const adapter = new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const client = new PrismaClient({ adapter });
  return client;
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

import { PrismaPg } from "@prisma/adapter-pg";
import type { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { sharedPgPool } from "./postgres";

/**
 * Prisma on PostgreSQL, on the process's pool. Imported by client.ts only when DATABASE_URL names
 * PostgreSQL, so a process on SQLite never loads pg, the adapter or this client.
 */
export function createPgPrisma(): PrismaClient {
  // Same models (prisma/postgres/schema.prisma is generated from prisma/schema.prisma and
  // test/unit/db/pg-schema.test.ts keeps them in step), so one client type serves both.
  return new PgPrismaClient({ adapter: new PrismaPg(sharedPgPool()) }) as unknown as PrismaClient;
}

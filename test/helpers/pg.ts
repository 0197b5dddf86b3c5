/**
 * A fresh, migrated PostgreSQL database for one test file: `evalbook_t_<random>` on the server of
 * PG_URL (default postgresql://postgres@127.0.0.1:5432, what .ci/run provides), migrated by the
 * same runner `npm start` uses (scripts/pg-migrate.mjs), dropped by dispose().
 *
 * No PostgreSQL answering is an ERROR, never a skip: the PostgreSQL suite must fail loudly where
 * it cannot run (.ci/run starts a throwaway cluster when none answers).
 *
 *   const pgdb = await createPgTestDatabase({ useAsDefault: true }); // DATABASE_URL → this database
 *   const { prisma } = await import("@/server/db/client");          // import server modules after
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PgPrismaClient } from "../../server/generated/prisma-pg/client";
import type { PrismaClient } from "../../server/generated/prisma/client";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";

export const PG_URL = process.env.PG_URL || "postgresql://postgres@127.0.0.1:5432";

export interface PgTestDatabase {
  url: string;
  name: string;
  /** A pool on this database (numbers for bigint, like the product's). */
  pool: pg.Pool;
  /** A Prisma client on this database, typed as the app's client (same models). */
  prisma: PrismaClient;
  dispose(): Promise<void>;
}

function serverUrl(database: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl("postgres"), connectionTimeoutMillis: 5000 });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(
      `The PostgreSQL suite needs a PostgreSQL server at PG_URL=${PG_URL} (${(err as Error).message}). ` +
        "Start one (or run .ci/run, which starts a throwaway cluster), or set PG_URL.",
    );
  }
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createPgTestDatabase(options: { useAsDefault?: boolean } = {}): Promise<PgTestDatabase> {
  const name = `evalbook_t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = serverUrl(name);
  await migratePostgres(url);
  if (options.useAsDefault) process.env.DATABASE_URL = url;
  // Imported only now: server/env reads DATABASE_URL when first imported (static imports would
  // run before the line above).
  const { createPgPool } = await import("../../server/db/postgres");
  const pool = createPgPool(url, 4);
  const prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) }) as unknown as PrismaClient;
  return {
    url,
    name,
    pool,
    prisma,
    async dispose() {
      await prisma.$disconnect().catch(() => {});
      await pool.end().catch(() => {});
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

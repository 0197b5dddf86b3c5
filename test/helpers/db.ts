/**
 * A fresh, migrated SQLite database for one test file (or one test), when the run's shared
 * database (process.env.DATABASE_URL, set by test/setup/global.ts) is not isolated enough.
 *
 * It copies the template that the global setup migrated once, so it costs a file copy, not a
 * migration (~1 ms).
 *
 *   import { createTestDatabase } from "../helpers/db";
 *
 *   // 1. Code that takes a client: pass `db.prisma`.
 *   const db = createTestDatabase();
 *   afterAll(() => db.dispose());
 *
 *   // 2. Code that uses the `prisma` singleton from server/db/client.ts (it reads DATABASE_URL
 *   //    when first imported): point the env at the copy *before* importing server modules.
 *   //    Static imports are hoisted, so import them dynamically after this line:
 *   const db = createTestDatabase({ useAsDefault: true });
 *   const { prisma } = await import("@/server/db/client");
 *
 * Each test file runs in its own forked worker (pool: forks), so `useAsDefault` affects only that file.
 */
import path from "node:path";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../server/generated/prisma/client";

export interface TestDatabase {
  /** `file:/abs/path.db` */
  url: string;
  file: string;
  /** A client bound to this copy (WAL, busy_timeout 10 s, foreign keys on). */
  prisma: PrismaClient;
  /** Disconnects the client and deletes the file (and its -wal/-shm). */
  dispose(): Promise<void>;
}

export function templateDatabaseFile(): string {
  const file = process.env.EVALBOOK_TEST_DB_TEMPLATE;
  if (!file || !existsSync(file)) {
    throw new Error("EVALBOOK_TEST_DB_TEMPLATE is not set: run tests through vitest (globalSetup test/setup/global.ts) or `npm test`.");
  }
  return file;
}

export function createTestDatabase(options: { useAsDefault?: boolean; template?: string } = {}): TestDatabase {
  const template = options.template ?? templateDatabaseFile();
  const dir = process.env.EVALBOOK_TEST_TMPDIR ?? path.join(os.tmpdir(), "evalbook-test-dbs");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `db-${process.pid}-${randomUUID().slice(0, 8)}.db`);
  copyFileSync(template, file);
  const url = `file:${file}`;
  if (options.useAsDefault) process.env.DATABASE_URL = url;

  // WAL is a property of the file: set it once, like server/db/client.ts does.
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  raw.close();
  // better-sqlite3 turns foreign keys on for every connection by default.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });

  return {
    url,
    file,
    prisma,
    async dispose() {
      await prisma.$disconnect();
      for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
    },
  };
}

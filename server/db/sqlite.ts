import path from "node:path";
import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

/**
 * SQLite settings, applied to every connection (Prisma's and the raw ones):
 * - journal_mode=WAL: readers never block the writer, so the web app, the worker and the
 *   ingest path share one file.
 * - busy_timeout=10000: a writer waits up to 10 s for the write lock instead of failing with
 *   SQLITE_BUSY when several processes write at once.
 * - synchronous=FULL: a commit is fsynced before it returns, so an acknowledged ingest batch
 *   survives a power loss (NORMAL would only survive a process crash). WAL keeps FULL cheap:
 *   one fsync per transaction, and ingestion writes one transaction per batch.
 * - foreign_keys=ON: Prisma's relations are enforced for raw writes too.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;
export const SQLITE_PRAGMAS = [
  "journal_mode = WAL",
  `busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`,
  "synchronous = FULL",
  "foreign_keys = ON",
] as const;

export function sqliteFilePath(url: string = env.DATABASE_URL): string {
  if (!url.startsWith("file:")) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got "${url}"`);
  // Like the Prisma adapter, resolve relative to the process's working directory.
  return path.resolve(url.slice("file:".length));
}

export function openSqlite(url: string = env.DATABASE_URL, options: { readonly?: boolean } = {}): Database.Database {
  const file = sqliteFilePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, timeout: SQLITE_BUSY_TIMEOUT_MS });
  for (const pragma of SQLITE_PRAGMAS) {
    if (options.readonly && pragma.startsWith("journal_mode")) continue;
    db.pragma(pragma);
  }
  return db;
}

const writerConnection = processSingleton("db.sqlite", () => openSqlite(env.DATABASE_URL));

/**
 * The process-wide raw connection of the hot paths (prediction ingest, API-key checks): one per
 * process (per thread in worker threads), opened on first use and never closed.
 */
export function sharedSqlite(): Database.Database {
  return writerConnection.get();
}

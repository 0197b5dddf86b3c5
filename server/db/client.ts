import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { env } from "../env";
import { processSingleton } from "../process-singleton";
import { isPostgres } from "./kind";
import { SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS, openSqlite } from "./sqlite";

// PostgreSQL's driver (pg), Prisma's adapter for it and its generated client load only when
// DATABASE_URL names PostgreSQL: on SQLite the web, the worker, the threads and the CLI never pay
// their start-up (~45 ms of CPU, issue 18). Top-level await: importers wait for it.
const postgres = isPostgres() ? await import("./pg-client") : null;

/**
 * The adapter opens transactions with a plain (deferred) BEGIN. In WAL mode a deferred transaction
 * that reads and then writes fails at once with SQLITE_BUSY when another process committed in
 * between — the busy timeout does not apply to that upgrade. BEGIN IMMEDIATE takes the write lock
 * up front, so concurrent writers (web, worker, ingest, tests) wait their turn instead of failing.
 */
class ImmediateTransactionsAdapter extends PrismaBetterSQLite3 {
  constructor(
    config: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
    private readonly slot: ConnectionSlot,
  ) {
    super(config);
  }
  override async connect() {
    const adapter = await super.connect();
    const db = (adapter as unknown as { client: Database.Database }).client;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sql: string) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql)) as typeof db.prepare;
    this.slot.db = db;
    return adapter;
  }
}

interface ConnectionSlot {
  db: Database.Database | null;
}
// Shared like the client itself, so that every copy of this module finds the client's connection.
const connections = processSingleton("db.prismaConnections", () => new WeakMap<PrismaClient, ConnectionSlot>()).get();

function createPrisma(): PrismaClient {
  if (postgres) return postgres.createPgPrisma();
  // WAL is a property of the file: set it once through a raw connection before Prisma opens it.
  openSqlite(env.DATABASE_URL).close();
  const slot: ConnectionSlot = { db: null };
  const adapter = new ImmediateTransactionsAdapter({ url: env.DATABASE_URL, timeout: SQLITE_BUSY_TIMEOUT_MS }, slot);
  const client = new PrismaClient({ adapter });
  connections.set(client, slot);
  return client;
}

/**
 * The better-sqlite3 connection Prisma itself uses (one per client; null before it connected or for
 * a client made elsewhere). Statements on it run inside the interactive transaction Prisma has open
 * on it, so bulk writes in a `$transaction` callback can skip Prisma's per-row cost
 * (server/db/bulk-write.ts). Never use it outside such a callback.
 */
export function sqliteConnectionOf(client: PrismaClient): Database.Database | null {
  return connections.get(client)?.db ?? null;
}

export const prisma: PrismaClient = processSingleton("db.prisma", createPrisma).get();

const pragmas = processSingleton("db.prismaPragmas", async () => {
  if (postgres) return;
  for (const pragma of SQLITE_PRAGMAS) {
    if (pragma.startsWith("journal_mode")) continue;
    await prisma.$queryRawUnsafe(`PRAGMA ${pragma}`);
  }
});

/** Applies the per-connection pragmas to Prisma's connection; awaited by the context before the first query. */
export function ensurePragmas(): Promise<void> {
  return pragmas.get();
}

export type { PrismaClient };

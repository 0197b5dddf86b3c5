#!/usr/bin/env node
// Applies prisma/postgres/migrations/*/migration.sql to the PostgreSQL database of DATABASE_URL
// (or the URL given as the first argument), each in its own transaction, and records what it
// applied in "_evalbook_migrations" (name, sha256 of the file, when). Prisma's `migrate deploy`
// cannot introspect PostgreSQL on these machines (README, "PostgreSQL"), hence this runner.
// - Several processes starting at once: a session advisory lock makes them take turns.
// - A recorded migration whose file changed since is an error, never silently re-applied.
// - A database that does not exist yet is created first (CREATE DATABASE on the server's
//   `postgres` database), like SQLite creating its file.
import path from "node:path";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PG_MIGRATIONS = path.join(ROOT, "prisma", "postgres", "migrations");
const LOCK_KEY = 7_365_120_431; // any constant; shared by every evalbook process

/** The migrations on disk, oldest first: { name, sql, checksum }. */
export function pendingOnDisk(dir = PG_MIGRATIONS) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (err) {
    if (err?.code !== "3D000") throw err; // 3D000: database does not exist
  }
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    if (err?.code !== "42P04") throw err; // created meanwhile by another process
  } finally {
    await admin.end();
  }
  const client2 = new pg.Client({ connectionString: url });
  await client2.connect();
  return client2;
}

/**
 * Brings the database up to date; returns the names applied now (empty when none were pending).
 * @param {string} url postgresql://…
 */
export async function migratePostgres(url, { dir = PG_MIGRATIONS } = {}) {
  const client = await connect(url);
  client.on("error", () => {});
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_evalbook_migrations" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const recorded = new Map((await client.query(`SELECT name, checksum FROM "_evalbook_migrations"`)).rows.map((r) => [r.name, r.checksum]));
    const applied = [];
    for (const m of pendingOnDisk(dir)) {
      const had = recorded.get(m.name);
      if (had !== undefined) {
        if (had !== m.checksum)
          throw new Error(`PostgreSQL migration ${m.name} was changed after it was applied (checksum differs). Restore the file and add a new migration instead.`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_evalbook_migrations" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw new Error(`PostgreSQL migration ${m.name} failed (nothing of it was applied): ${err.message}`);
      }
      applied.push(m.name);
    }
    const unknown = [...recorded.keys()].filter((n) => !existsSync(path.join(dir, n)));
    if (unknown.length) console.warn(`Note: the database records migrations this checkout does not have (${unknown.join(", ")}): is the code older than the database?`);
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.argv[2] ?? process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error("usage: node scripts/pg-migrate.mjs postgresql://user@host:5432/db   (or set DATABASE_URL)");
    process.exit(2);
  }
  migratePostgres(url).then(
    (names) => console.log(names.length ? `applied ${names.length} migration(s): ${names.join(", ")}` : "migrations up to date"),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}

#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (the one schema people edit):
// the same models with the PostgreSQL provider and its own generated client. Prisma cannot take
// the provider from an environment variable, hence a second file. `--check` exits 1 when the
// committed file is out of step (test/unit/db/pg-schema.test.ts runs the same check).
import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");
export const PG_SCHEMA = path.join(ROOT, "prisma", "postgres", "schema.prisma");

/** The PostgreSQL schema text for a SQLite schema text; throws when the input lacks what it rewrites. */
export function postgresSchema(sqlite) {
  const provider = /(datasource db \{[^}]*?provider\s*=\s*)"sqlite"/;
  const output = /(generator client \{[^}]*?output\s*=\s*)"\.\.\/server\/generated\/prisma"/;
  if (!provider.test(sqlite)) throw new Error('prisma/schema.prisma: expected `provider = "sqlite"` in `datasource db`');
  if (!output.test(sqlite)) throw new Error('prisma/schema.prisma: expected `output = "../server/generated/prisma"` in `generator client`');
  const header =
    "// GENERATED from ../schema.prisma by scripts/pg-schema.mjs — do not edit; edit ../schema.prisma and run\n" +
    "// `node scripts/pg-schema.mjs`, then `scripts/new-pg-migration.sh NAME`.\n";
  return (
    header +
    sqlite
      .replace(provider, '$1"postgresql"')
      // one level deeper than the SQLite schema, and a client of its own
      .replace(output, '$1"../../server/generated/prisma-pg"')
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const want = postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  let have = "";
  try {
    have = readFileSync(PG_SCHEMA, "utf8");
  } catch {}
  if (process.argv.includes("--check")) {
    if (have !== want) {
      console.error("prisma/postgres/schema.prisma is out of step with prisma/schema.prisma: run `node scripts/pg-schema.mjs`.");
      process.exit(1);
    }
  } else if (have !== want) {
    writeFileSync(PG_SCHEMA, want);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}

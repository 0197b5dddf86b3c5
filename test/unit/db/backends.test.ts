/**
 * The two database backends stay in step and are told apart by DATABASE_URL: the PostgreSQL
 * schema is exactly what scripts/pg-schema.mjs makes of the SQLite one, every model has a
 * PostgreSQL migration creating its table, and the default queue prefix separates databases.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PG_SCHEMA, SQLITE_SCHEMA, postgresSchema } from "../../../scripts/pg-schema.mjs";
import { PG_MIGRATIONS } from "../../../scripts/pg-migrate.mjs";
import { queuePrefixFor } from "../../../server/env";
import { databaseKind } from "../../../server/db/kind";

describe("PostgreSQL schema", () => {
  it("is the SQLite schema with the PostgreSQL provider (run `node scripts/pg-schema.mjs` after editing prisma/schema.prisma)", () => {
    expect(readFileSync(PG_SCHEMA, "utf8")).toBe(postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
  });

  it("names the field it could not rewrite instead of producing a wrong schema", () => {
    expect(() => postgresSchema('datasource db {\n  provider = "mysql"\n}')).toThrow(/provider = "sqlite"/);
  });

  it("has a migration creating every model's table and every prediction-store table", () => {
    const sql = readdirSync(PG_MIGRATIONS)
      .filter((d) => !d.includes("."))
      .map((d) => readFileSync(path.join(PG_MIGRATIONS, d, "migration.sql"), "utf8"))
      .join("\n");
    // a model's table is its @@map name, or its own name
    const models = [...readFileSync(SQLITE_SCHEMA, "utf8").matchAll(/^model (\w+) \{([^}]*)\}/gm)].map((m) => /@@map\("(\w+)"\)/.exec(m[2]!)?.[1] ?? m[1]!);
    expect(models.length).toBeGreaterThan(20);
    for (const table of [...models, "pred_series", "pred_segment", "pred_key", "label", "label_link", "pred_quality", "baseline_chunk"])
      expect(sql, table).toContain(`CREATE TABLE "${table}"`);
  });
});

describe("DATABASE_URL", () => {
  it("picks the backend by scheme and says what is wrong otherwise", () => {
    expect(databaseKind("file:./data/evalbook.db")).toBe("sqlite");
    expect(databaseKind("postgresql://u@h:5432/db")).toBe("postgresql");
    expect(databaseKind("postgres://u@h/db")).toBe("postgresql");
    expect(() => databaseKind("mysql://root:secret@h/db")).toThrow(/must start with "file:".*mysql:\/\/root:\*\*\*@h\/db/);
  });

  it("gives each database its own default queue prefix, the same for every process of one instance", () => {
    const a = queuePrefixFor("postgresql://app:pw1@db:5432/evalbook");
    expect(a).toMatch(/^evalbook-[0-9a-f]{10}$/);
    expect(queuePrefixFor("postgresql://app:pw2@db/evalbook?sslmode=require")).toBe(a); // password, port default and options do not count
    expect(queuePrefixFor("postgresql://app@db:5432/evalbook2")).not.toBe(a);
    expect(queuePrefixFor("file:./data/evalbook.db", "/srv/a")).toBe(queuePrefixFor("file:/srv/a/data/evalbook.db", "/elsewhere"));
    expect(queuePrefixFor("file:./data/evalbook.db", "/srv/a")).not.toBe(queuePrefixFor("file:./data/evalbook.db", "/srv/b"));
  });
});

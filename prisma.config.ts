import path from "node:path";
import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// A config file turns off Prisma's own .env loading; an empty DATABASE_URL would surface as a
// misleading "failed to download binaries" error, so default it here.
if (existsSync(".env")) process.loadEnvFile();
process.env.DATABASE_URL ||= "file:./data/evalbook.db";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});

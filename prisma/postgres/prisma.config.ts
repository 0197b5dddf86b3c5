import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL side of Prisma's CLI, for `prisma generate` and `prisma migrate diff` (both
// offline with the JS engine). Migrations are applied by server/db/pg-migrate.ts, not
// `prisma migrate deploy`, which cannot introspect PostgreSQL here (README, "PostgreSQL").
const url = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "") ? process.env.DATABASE_URL! : "postgresql://postgres@127.0.0.1:5432/postgres";
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  async adapter() {
    return new PrismaPg({ connectionString: url });
  },
});

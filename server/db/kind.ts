import { env } from "../env";

export type DatabaseKind = "sqlite" | "postgresql";

/** Which backend a DATABASE_URL names: `file:` → SQLite, `postgres(ql)://` → PostgreSQL. */
export function databaseKind(url: string = env.DATABASE_URL): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL), got "${url.replace(/:[^:@/]*@/, ":***@")}"`);
}

export const isPostgres = (url: string = env.DATABASE_URL) => databaseKind(url) === "postgresql";

import { existsSync } from "node:fs";
import { z } from "zod";

// The one place environment variables are read and validated. Everything else imports `env`.
if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile();

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL used in share links and auth callbacks. */
  APP_URL: z.string().url().optional(),
  DATABASE_URL: z.string().min(1).default("file:./data/evalbook.db"),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  /** Prefix for every BullMQ key, so tests and several instances can share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default("evalbook"),
  /** Secret that signs session cookies; `npm start` generates one under data/ when unset. */
  AUTH_SECRET: z.string().min(16).default("evalbook-development-secret-change-me"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  INGEST_MAX_ROWS: z.coerce.number().int().positive().default(50_000),
  /** Feature (and cohort) names one prediction row may carry; more rejects the row. */
  INGEST_MAX_FEATURES_PER_ROW: z.coerce.number().int().positive().default(1000),
  /** Distinct feature names per prediction batch and columns per baseline upload. */
  INGEST_MAX_FEATURES_PER_BATCH: z.coerce.number().int().positive().default(2000),
  /** Longest a baseline upload may take to decompress and parse before it is refused. */
  INGEST_BASELINE_MAX_SECONDS: z.coerce.number().positive().default(120),
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  // ── the CLI ──
  /** The project folder, set by bin/evalbook.mjs (the bundled CLI finds plugins and workers there). */
  EVALBOOK_ROOT: z.string().min(1).optional(),
  /** Set by bin/evalbook.mjs: main.ts runs the CLI when imported from it. */
  EVALBOOK_CLI: z.string().optional(),
  /** Comma-separated npm packages of evaluator plugins, in addition to evalbook.config.json. */
  EVALBOOK_PLUGINS: z.string().default(""),
  /** "1": `evalbook evaluate` prints how long each step took. */
  EVALBOOK_TIMING: z.string().optional(),
  /** Defaults for `--url` / `--key` of commands that can reach a server. */
  EVALBOOK_URL: z.string().url().optional(),
  EVALBOOK_API_KEY: z.string().min(1).optional(),
});

function load() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = load();
export type Env = typeof env;

export function appUrl(): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

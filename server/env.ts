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
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  // Notebook runs (server/notebooks, server/jobs/queues.ts). Tests shorten them.
  /** Attempts per cell job, and the first retry's back-off (doubling). */
  EVALBOOK_CELL_ATTEMPTS: z.coerce.number().int().positive().default(3),
  EVALBOOK_CELL_BACKOFF_MS: z.coerce.number().int().positive().default(2000),
  /** Cell jobs one worker process runs at once. */
  EVALBOOK_CELL_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** A killed worker's cell is taken over after this lock time. */
  EVALBOOK_CELL_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  /** Evaluation threads per worker process, and how long one evaluation may take. */
  EVALBOOK_EVAL_THREADS: z.coerce.number().int().positive().default(2),
  EVALBOOK_EVAL_TIMEOUT_MS: z.coerce.number().int().positive().default(10 * 60_000),
  /** Reconciler: how often it runs, how young a run it leaves alone, when a run counts as stuck. */
  EVALBOOK_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  EVALBOOK_RECONCILE_GRACE_MS: z.coerce.number().int().nonnegative().default(15_000),
  EVALBOOK_RUN_TIMEOUT_MS: z.coerce.number().int().positive().default(2 * 3600_000),
  /** Test only (NODE_ENV=test): a module whose exports add test evaluators and fault hooks. */
  EVALBOOK_TEST_HOOKS: z.string().optional(),
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

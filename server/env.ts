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
  /** SMTP server for email channels, e.g. smtp://user:pass@mail.example.com:587 (a channel may override it). */
  SMTP_URL: z.string().url().optional(),
  /** Notification delivery: attempts per delivery, first backoff delay (doubles), request timeout. */
  NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(1).default(5_000),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often the worker drains pending outbox rows from the database (the database is the truth). */
  NOTIFY_DRAIN_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** A delivery job's lock: a killed worker's in-flight delivery is retried after this long. */
  NOTIFY_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
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

import path from "node:path";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { z } from "zod";
import { cliEnvShape, parseEnv } from "./env-cli";

// The one place environment variables are read and validated (with its CLI part, ./env-cli.ts,
// which also loads .env). Everything else imports `env`.

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public base URL used in share links and auth callbacks. */
  APP_URL: z.string().url().optional(),
  /** `file:./x.db` (SQLite, the default) or `postgresql://user@host:5432/db` (PostgreSQL). */
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:./data/evalbook.db")
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), {
      message: 'must start with "file:" (SQLite, e.g. file:./data/evalbook.db) or "postgresql://" (e.g. postgresql://evalbook@db:5432/evalbook)',
    }),
  /** PostgreSQL only: connections per process (shared by Prisma and the prediction store). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  REDIS_URL: z.string().min(1).default("redis://127.0.0.1:6379"),
  /**
   * Prefix for every BullMQ key, so tests and several instances can share one Redis. Unset: derived
   * from DATABASE_URL (queuePrefixFor), so two instances on one Redis never take each other's jobs
   * while every web and worker process of one instance agrees.
   */
  QUEUE_PREFIX: z.string().optional(),
  /** Secret that signs session cookies; `npm start` generates one under data/ when unset. */
  AUTH_SECRET: z.string().min(16).default("evalbook-development-secret-change-me"),
  /** pino level; unset means `info`, or `warn` under tests. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  /** Which process this is (`web`, `worker`, `cli`): the `service` field of every log line. */
  EVALBOOK_PROCESS: z.string().min(1).default("web"),
  /** A stable worker id (health checks, logs); defaults to host + pid. */
  EVALBOOK_WORKER_ID: z.string().min(1).optional(),
  /**
   * Windows with more rows than this are not loaded whole by the drift tests in
   * STREAMED_DRIFT_TESTS: they are streamed chunk by chunk into per-column rank sketches and exact
   * counts, per cohort (server/evaluation/streamed-drift.ts), and the result states the error
   * bound; other drift tests answer n/a on them.
   */
  EVAL_MAX_WINDOW_ROWS: z.coerce.number().int().positive().default(5_000_000),
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  INGEST_MAX_ROWS: z.coerce.number().int().positive().default(50_000),
  /** Feature (and cohort) names one prediction row may carry; more rejects the row. */
  INGEST_MAX_FEATURES_PER_ROW: z.coerce.number().int().positive().default(1000),
  /** Distinct feature names per prediction batch and columns per baseline upload. */
  INGEST_MAX_FEATURES_PER_BATCH: z.coerce.number().int().positive().default(2000),
  /** Longest a baseline upload may take to decompress and parse before it is refused. */
  INGEST_BASELINE_MAX_SECONDS: z.coerce.number().positive().default(120),
  /**
   * Ingest threads per web process: batches of at least INGEST_THREAD_MIN_BYTES are parsed,
   * validated and stored off the event loop that renders pages (server/ingest/pool.ts). 0 = inline.
   */
  INGEST_THREADS: z.coerce.number().int().min(0).max(64).default(Math.min(2, availableParallelism())),
  /** Smallest body (bytes, decompressed) sent to an ingest thread; smaller ones are cheaper inline. */
  INGEST_THREAD_MIN_BYTES: z.coerce.number().int().min(0).default(64 * 1024),
  /** Batches waiting for an ingest thread per web process; beyond it clients get 503 + Retry-After. */
  INGEST_QUEUE: z.coerce.number().int().min(0).default(32),
  /**
   * Pages first: while the web process renders a page, at most this many batches are in its ingest
   * threads (the others wait in the queue), and the threads run at INGEST_THREAD_NICE, so that a
   * person waiting for a page is not queued behind bulk writes.
   */
  INGEST_BATCHES_WHILE_PAGES: z.coerce.number().int().min(1).default(1),
  /** Scheduling priority of the ingest threads (Linux nice, 0–19; higher yields more CPU to pages). */
  INGEST_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * How long a web process reuses a session it verified (server/auth/session-cache.ts): a sign-out
   * or revocation made through another web process takes effect here within this many seconds. 0: off.
   */
  SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** The compiled ingest thread (`npm start` sets dist/ingest-thread.mjs); unset: the sources through tsx. */
  EVALBOOK_INGEST_THREAD_ENTRY: z.string().optional(),
  /** The ingest process's Unix socket, set by the web server that starts it (scripts/ingest-proxy.mjs). */
  EVALBOOK_INGEST_SOCKET: z.string().optional(),
  INGEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** HTML/PDF exports per minute per key or user (they render in headless Chromium). */
  EXPORT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Comma-separated addresses of reverse proxies whose X-Forwarded-For may be believed (e.g.
   * "127.0.0.1,10.0.0.2"). Unset: the header is ignored and the connection's address is used.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  /** Failed sign-in (and sign-up) attempts per 10 minutes, per client address and per account (email). */
  SIGN_IN_ATTEMPTS_PER_10_MINUTES: z.coerce.number().int().positive().default(10),
  /**
   * Lets /api/health run the deep check (web → Redis → worker → database) without an API key for
   * requests from this machine (loopback), e.g. a container health probe. Off by default.
   */
  HEALTH_DEEP_LOCAL: z
    .enum(["true", "false", "1", "0", ""])
    .default("")
    .transform((v) => v === "true" || v === "1"),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium").transform((path) => path || "/usr/bin/chromium"),
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
  /** How often the worker looks for open, unacknowledged incidents whose guardrail's renotify interval has passed. */
  INCIDENT_REMINDER_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
  /** How often the worker runs storage maintenance: each model's retention period, then compaction of small segments. */
  STORAGE_MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
  // ── the CLI (EVALBOOK_ROOT, EVALBOOK_CLI, EVALBOOK_PLUGINS, EVALBOOK_TIMING in ./env-cli.ts) ──
  ...cliEnvShape,
  /** Defaults for `--url` / `--key` of commands that can reach a server. */
  EVALBOOK_URL: z.string().url().optional(),
  EVALBOOK_API_KEY: z.string().min(1).optional(),
  // Notebook runs (server/notebooks, server/jobs/queues.ts). Tests shorten them.
  /** Attempts per cell job, and the first retry's back-off (doubling). */
  EVALBOOK_CELL_ATTEMPTS: z.coerce.number().int().positive().default(3),
  EVALBOOK_CELL_BACKOFF_MS: z.coerce.number().int().positive().default(2000),
  /** Cell jobs one worker process runs at once. */
  EVALBOOK_CELL_CONCURRENCY: z.coerce.number().int().positive().default(2),
  /** A killed worker's cell is taken over after this lock time. */
  EVALBOOK_CELL_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  /** Evaluation threads per worker process at most (default: the machine's cores), and how long one evaluation may take. */
  EVALBOOK_EVAL_THREADS: z.coerce.number().int().positive().default(availableParallelism()),
  /** An evaluation thread with no task for this long is terminated (its memory returns to the system). */
  EVALBOOK_EVAL_THREAD_IDLE_MS: z.coerce.number().int().positive().default(30_000),
  /** An evaluation thread is replaced by a fresh one after this many tasks. */
  EVALBOOK_EVAL_THREAD_MAX_TASKS: z.coerce.number().int().positive().default(100),
  /** V8 heap limit of each evaluation thread, MB (window data in typed arrays is outside it). */
  EVALBOOK_EVAL_THREAD_HEAP_MB: z.coerce.number().int().min(64).default(1024),
  /**
   * Scheduling priority of the evaluation threads (Linux nice, 0–19): the worker's own thread (job
   * locks, schedules) and pages, where they compete for the CPU, come first.
   */
  EVALBOOK_EVAL_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(19),
  EVALBOOK_EVAL_TIMEOUT_MS: z.coerce.number().int().positive().default(10 * 60_000),
  /** Reconciler: how often it runs, how young a run it leaves alone, when a run counts as stuck. */
  EVALBOOK_RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  EVALBOOK_RECONCILE_GRACE_MS: z.coerce.number().int().nonnegative().default(15_000),
  EVALBOOK_RUN_TIMEOUT_MS: z.coerce.number().int().positive().default(2 * 3600_000),
  /** Test only (NODE_ENV=test): a module whose exports add test evaluators and fault hooks. */
  EVALBOOK_TEST_HOOKS: z.string().optional(),
});

/**
 * "evalbook-" + 10 hex digits of the database's identity: the absolute file for SQLite (so the
 * same relative URL in two folders differs), the URL without its password for PostgreSQL.
 */
export function queuePrefixFor(databaseUrl: string, cwd = process.cwd()): string {
  let identity: string;
  if (databaseUrl.startsWith("file:")) identity = `sqlite:${path.resolve(cwd, databaseUrl.slice("file:".length))}`;
  else {
    const u = new URL(databaseUrl);
    u.password = "";
    u.search = "";
    identity = `postgresql://${u.username}@${u.hostname}:${u.port || "5432"}${u.pathname}`;
  }
  return `evalbook-${createHash("sha256").update(identity).digest("hex").slice(0, 10)}`;
}

function load() {
  const data = parseEnv(schema);
  return { ...data, QUEUE_PREFIX: data.QUEUE_PREFIX || queuePrefixFor(data.DATABASE_URL) };
}

export const env = load();
export type Env = typeof env;

export function appUrl(): string {
  return env.APP_URL ?? `http://localhost:${env.PORT}`;
}

/**
 * Every queue contract lives here: the queue names, a zod schema for each payload, the typed job
 * map, and the two ways in: `enqueue()` for producers (web, CLI, schedulers) and
 * `defineProcessor()` for the worker.
 *
 * Adding a queue is one entry in `queues` below (plus its processor in server/worker.ts).
 *
 * Connections:
 * - producers share one fail-fast ioredis client (`enableOfflineQueue: false`,
 *   `maxRetriesPerRequest: 1`) and probe Redis before the first add — BullMQ's `queue.add()`
 *   otherwise hangs forever while Redis is down (see ../../shared STACK-NOTES).
 * - workers use `maxRetriesPerRequest: null` (BullMQ requires it for blocking commands).
 * - every client has an `error` listener; keys are prefixed with env.QUEUE_PREFIX.
 */
import os from "node:os";
import { FlowProducer, Queue, UnrecoverableError, type Job, type JobsOptions, type WorkerOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { z } from "zod";
import { env } from "../env";
import { logger, type Logger } from "../logger";
import { processSingleton } from "../process-singleton";

// ── Contracts ────────────────────────────────────────────────────────────────

export interface QueueDefinition<N extends string, S extends z.ZodType> {
  name: N;
  schema: S;
  /** Defaults applied to every job of this queue (attempts, backoff, retention…). */
  defaultJobOptions: JobsOptions;
  /** Worker concurrency for this queue. */
  concurrency: number;
  /** Extra BullMQ worker options (lock duration, stalled-job checks…). */
  workerOptions?: Partial<Pick<WorkerOptions, "lockDuration" | "stalledInterval" | "maxStalledCount">>;
}

/** The one helper that declares a queue. */
export function defineQueue<N extends string, S extends z.ZodType>(
  name: N,
  schema: S,
  options: { defaultJobOptions?: JobsOptions; concurrency?: number; workerOptions?: QueueDefinition<N, S>["workerOptions"] } = {},
): QueueDefinition<N, S> {
  return {
    name,
    schema,
    concurrency: options.concurrency ?? 1,
    workerOptions: options.workerOptions,
    defaultJobOptions: {
      removeOnComplete: { count: 1000, age: 7 * 24 * 3600 },
      removeOnFail: { count: 5000, age: 30 * 24 * 3600 },
      ...options.defaultJobOptions,
    },
  };
}

export const queues = {
  /** Proves web → Redis → worker → database; see server/services/health.ts. */
  health: defineQueue("health", z.object({ healthCheckId: z.string().min(1) }), {
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    concurrency: 4,
  }),
  /**
   * One job per evaluator/comparison cell of a run (a child of the run's `notebookAssemble` job).
   * The RunCell row is the truth; the job only says "compute this cell now". Retries back off
   * exponentially; bad config fails at once (UnrecoverableError). Evaluation runs in a worker
   * thread, so lock renewal never starves.
   */
  notebookCell: defineQueue("notebookCell", z.object({ runId: z.string().min(1), runCellId: z.string().min(1) }), {
    defaultJobOptions: {
      attempts: env.EVALBOOK_CELL_ATTEMPTS,
      backoff: { type: "exponential", delay: env.EVALBOOK_CELL_BACKOFF_MS },
      removeOnComplete: { count: 2000, age: 24 * 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    },
    concurrency: env.EVALBOOK_CELL_CONCURRENCY,
    // A killed worker's cell is picked up by another worker once its lock expires (stalled check).
    workerOptions: {
      lockDuration: env.EVALBOOK_CELL_LOCK_MS,
      stalledInterval: env.EVALBOOK_CELL_LOCK_MS,
      maxStalledCount: 2,
    },
  }),
  /** Parent of a run's cell jobs: assembles the run (status, summary, chart cells) when they finish. */
  notebookAssemble: defineQueue("notebookAssemble", z.object({ runId: z.string().min(1) }), {
    defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 } },
    concurrency: 4,
  }),
  /** Cron ticks of notebook schedules (upsertJobScheduler); each tick creates one run, deduplicated in the DB. */
  notebookSchedule: defineQueue("notebookSchedule", z.object({ notebookId: z.string().min(1) }), {
    defaultJobOptions: { attempts: 3, backoff: { type: "exponential", delay: 1000 }, removeOnComplete: { count: 500 }, removeOnFail: { count: 500 } },
    concurrency: 2,
  }),
  /**
   * Guardrails of a finished run: states, incidents, notifications, rollback requests. Idempotent
   * (rows unique per guardrail × run × cohort); the job id is the run's, so a run is queued once.
   */
  guardrailEvaluate: defineQueue("guardrailEvaluate", z.object({ runId: z.string().min(1) }), {
    defaultJobOptions: { attempts: 5, backoff: { type: "exponential", delay: 1000 } },
    concurrency: 2,
  }),
  /**
   * Renotify: a repeatable job (every INCIDENT_REMINDER_INTERVAL_MS, upserted by each worker at
   * start) that reminds about open, unacknowledged incidents whose renotify interval has passed.
   */
  incidentReminders: defineQueue("incidentReminders", z.object({}), {
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    concurrency: 1,
  }),
  /**
   * Storage maintenance: a repeatable job (every STORAGE_MAINTENANCE_INTERVAL_MS, upserted by each
   * worker at start) that deletes raw predictions older than each model's retention period and
   * merges small segments (server/services/storage-maintenance.ts). Both are idempotent.
   */
  storageMaintenance: defineQueue("storageMaintenance", z.object({}), {
    defaultJobOptions: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    concurrency: 1,
    workerOptions: { lockDuration: 5 * 60_000 },
  }),
  /** An automatic red-line rollback call (sent at most once: the row is claimed before sending). */
  rollback: defineQueue("rollback", z.object({ rollbackId: z.string().min(1) }), {
    defaultJobOptions: { attempts: 1 },
    concurrency: 2,
  }),
  /**
   * One job per notification outbox row (jobId = the row id, so a row is never queued twice).
   * The row is the truth (server/notifications/deliver.ts); retries back off exponentially with the
   * same idempotency key; a killed worker's delivery is retried once its lock expires.
   */
  notificationDelivery: defineQueue("notificationDelivery", z.object({ deliveryId: z.string().min(1) }), {
    defaultJobOptions: {
      attempts: env.NOTIFY_ATTEMPTS,
      backoff: { type: "exponential", delay: env.NOTIFY_BACKOFF_MS },
      removeOnComplete: { count: 2000, age: 24 * 3600 },
      removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
    },
    concurrency: 4,
    workerOptions: { lockDuration: env.NOTIFY_LOCK_MS, stalledInterval: env.NOTIFY_LOCK_MS, maxStalledCount: 5 },
  }),
} as const;

export type Queues = typeof queues;
export type QueueName = keyof Queues;
/** `QueueName.health === "health"`: use it instead of string literals. */
export const QueueName = Object.fromEntries(Object.keys(queues).map((k) => [k, k])) as { [K in QueueName]: K };
export type JobData<N extends QueueName> = z.infer<Queues[N]["schema"]>;
export type JobMap = { [N in QueueName]: JobData<N> };

// ── Connections ──────────────────────────────────────────────────────────────

export class RedisUnavailableError extends Error {
  readonly code = "REDIS_UNAVAILABLE";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RedisUnavailableError";
  }
}

/** REDIS_URL with the password hidden, for messages and logs. */
export function redactedRedisUrl(url: string = env.REDIS_URL): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}

function attachErrorLogging(client: Redis, role: string, log: Logger): Redis {
  let last = "";
  client.on("error", (err: Error & { code?: string }) => {
    // ioredis repeats the same error every reconnect attempt: log each distinct one once.
    const msg = err.code ?? err.message;
    if (msg === last) return;
    last = msg;
    log.warn({ err: err.message, role, redis: redactedRedisUrl() }, "redis connection error");
  });
  client.on("ready", () => {
    if (last) log.info({ role }, "redis connection restored");
    last = "";
  });
  return client;
}

/** Options for a BullMQ worker's connection (blocking commands need maxRetriesPerRequest: null). */
export function createWorkerConnection(url: string = env.REDIS_URL, log: Logger = logger): Redis {
  return attachErrorLogging(new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true }), "worker", log);
}

const producerOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2000,
  lazyConnect: true,
  // Keep reconnecting in the background (capped), so the web app recovers when Redis comes back.
  retryStrategy: (times) => Math.min(times * 200, 2000),
};

/**
 * Resolves when a Redis answers PING at `url` within timeoutMs, or rejects with a
 * RedisUnavailableError that says where it looked and why it failed. Never hangs.
 */
export async function probeRedis(url: string = env.REDIS_URL, timeoutMs = 1500): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  let lastError: (Error & { code?: string }) | undefined;
  client.on("error", (err) => (lastError = err));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    const reason = lastError?.code ?? lastError?.message ?? (err as Error).message;
    throw new RedisUnavailableError(
      `Redis is not reachable at ${redactedRedisUrl(url)} (${reason}). Start Redis (npm start does it for you) or set REDIS_URL.`,
      { cause: lastError ?? err },
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

interface ProducerState {
  connection: Redis;
  queues: Map<QueueName, Queue>;
  flow?: FlowProducer;
}

const sharedProducer = processSingleton<ProducerState>("jobs.producer", () => ({
  connection: attachErrorLogging(new Redis(env.REDIS_URL, producerOptions), "producer", logger),
  queues: new Map(),
}));

function producer(): ProducerState {
  return sharedProducer.get();
}

/** The producer's connection, connected and ready, or a RedisUnavailableError — fast. */
async function readyProducerConnection(timeoutMs: number): Promise<Redis> {
  const { connection } = producer();
  if (connection.status === "ready") return connection;
  // Find out quickly whether anything answers; the shared client may be mid-backoff.
  await probeRedis(env.REDIS_URL, timeoutMs);
  if (connection.status === "wait" || connection.status === "end") connection.connect().catch(() => {});
  const deadline = Date.now() + timeoutMs;
  while ((connection.status as string) !== "ready") {
    if (Date.now() > deadline) {
      throw new RedisUnavailableError(`Redis at ${redactedRedisUrl()} answered a probe but the producer connection is not ready (${connection.status}).`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return connection;
}

/** The BullMQ Queue for `name` (producer side), after making sure Redis answers. */
export async function getQueue<N extends QueueName>(name: N, { timeoutMs = 1500 } = {}): Promise<Queue> {
  const connection = await readyProducerConnection(timeoutMs);
  const state = producer();
  let queue = state.queues.get(name);
  if (!queue) {
    queue = new Queue(name, { connection, prefix: env.QUEUE_PREFIX, defaultJobOptions: queues[name].defaultJobOptions });
    queue.on("error", (err) => logger.warn({ err: err.message, queue: name }, "queue error"));
    state.queues.set(name, queue);
  }
  return queue;
}

/**
 * Validates `data` against the queue's schema and adds a job. Fails within ~timeoutMs with a
 * RedisUnavailableError when Redis is down, instead of hanging.
 */
export async function enqueue<N extends QueueName>(
  name: N,
  data: JobData<N>,
  opts: JobsOptions & { timeoutMs?: number } = {},
): Promise<Job> {
  const { timeoutMs = 1500, ...jobOptions } = opts;
  const payload = queues[name].schema.parse(data);
  const queue = await getQueue(name, { timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      queue.add(name, payload, jobOptions),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new RedisUnavailableError(`Adding a "${name}" job to Redis at ${redactedRedisUrl()} took longer than ${timeoutMs * 2} ms.`)),
          timeoutMs * 2,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The producer's ioredis connection, ready (small coordination keys: locks). */
export function getProducerConnection({ timeoutMs = 1500 } = {}): Promise<Redis> {
  return readyProducerConnection(timeoutMs);
}

/** A FlowProducer on the producer connection (parent + children jobs in one atomic add). */
export async function getFlowProducer({ timeoutMs = 1500 } = {}): Promise<FlowProducer> {
  const connection = await readyProducerConnection(timeoutMs);
  const state = producer();
  if (!state.flow) {
    state.flow = new FlowProducer({ connection, prefix: env.QUEUE_PREFIX });
    state.flow.on("error", (err) => logger.warn({ err: (err as Error).message }, "flow producer error"));
  }
  return state.flow;
}

/** Closes the producer's queues and connection (scripts, tests, graceful shutdown). */
export async function closeProducer(): Promise<void> {
  const state = sharedProducer.peek();
  if (!state) return;
  sharedProducer.clear();
  await Promise.allSettled([...state.queues.values()].map((q) => q.close()));
  if (state.flow) await state.flow.close().catch(() => {});
  state.connection.disconnect();
}

// ── Processors ───────────────────────────────────────────────────────────────

export interface ProcessorContext {
  job: Job;
  /** `<hostname>:<pid>` of the worker process running the job. */
  workerId: string;
  logger: Logger;
}

export interface ProcessorDefinition<N extends QueueName = QueueName> {
  queue: Queues[N];
  handle(data: JobData<N>, ctx: ProcessorContext): Promise<unknown>;
}

/**
 * A processor for one queue. The worker parses the payload with the queue's schema first;
 * an invalid payload fails the job without retries (UnrecoverableError).
 */
export function defineProcessor<N extends QueueName>(
  name: N,
  handle: (data: JobData<N>, ctx: ProcessorContext) => Promise<unknown>,
): ProcessorDefinition<N> {
  return { queue: queues[name], handle };
}

/** Parses a job's payload with its queue's schema. */
export function parseJobData<N extends QueueName>(name: N, data: unknown): JobData<N> {
  const parsed = queues[name].schema.safeParse(data);
  if (!parsed.success) {
    throw new UnrecoverableError(`Invalid "${name}" job payload: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
  }
  return parsed.data as JobData<N>;
}

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

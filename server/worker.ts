/**
 * The worker process: `npm run worker` (npm start runs it as a child).
 *
 * Register a processor by adding it to `processors` — one line. Failed and stalled jobs are logged
 * here, in one place. SIGINT/SIGTERM: stop taking jobs, let running ones finish
 * (`await worker.close()`), close Redis and the database, exit 0.
 */
import "./jobs/worker-process";
import { DelayedError, Worker, type Job } from "bullmq";
import { env } from "./env";
import { logger } from "./logger";
import { prisma, ensurePragmas } from "./db/client";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "./db/unavailable";
import {
  createWorkerConnection,
  defaultWorkerId,
  parseJobData,
  redactedRedisUrl,
  type ProcessorDefinition,
  type QueueName,
} from "./jobs/queues";
import { healthProcessor } from "./jobs/processors/health";
import { startJobScheduler } from "./jobs/job-scheduler";
import { startReconciler } from "./notebooks/reconciler";
import { startOutboxDrain } from "./notifications/drain";
import { closeEvalPool } from "./notebooks/eval-pool";
import { closeProducer, queues } from "./jobs/queues";

/**
 * A processor whose module is imported on its queue's first job: the processors' modules (the
 * evaluation engine, markdown rendering with marked and sanitize-html, notification transports,
 * the prediction stores) are most of the worker's code, and loading them all before "worker ready"
 * cost its start-up (issue 18: ready ≤ 2 s). The queue's settings are known without them.
 */
/** A processor, and for a lazy one the import of its module. */
type WorkerProcessor = ProcessorDefinition<QueueName> & { preload?: () => Promise<unknown> };

function lazyProcessor<N extends QueueName>(name: N, load: () => Promise<ProcessorDefinition<N>>): WorkerProcessor {
  let loaded: Promise<ProcessorDefinition<N>> | undefined;
  // a failed import fails this job and is tried again by the next one
  const ensure = () =>
    (loaded ??= load().catch((err: unknown) => {
      loaded = undefined;
      throw err;
    }));
  return {
    queue: queues[name],
    handle: async (data, ctx) => (await ensure()).handle(data as never, ctx),
    preload: ensure,
  } as WorkerProcessor;
}

const processors: WorkerProcessor[] = [
  healthProcessor,
  lazyProcessor("notebookCell", async () => (await import("./notebooks/processors")).notebookCellProcessor),
  lazyProcessor("notebookAssemble", async () => (await import("./notebooks/processors")).notebookAssembleProcessor),
  lazyProcessor("notebookSchedule", async () => (await import("./notebooks/processors")).notebookScheduleProcessor),
  lazyProcessor("guardrailEvaluate", async () => (await import("./control/guardrails/processors")).guardrailEvaluateProcessor),
  lazyProcessor("rollback", async () => (await import("./control/guardrails/processors")).rollbackProcessor),
  lazyProcessor("incidentReminders", async () => (await import("./control/guardrails/processors")).incidentRemindersProcessor),
  lazyProcessor("notificationDelivery", async () => (await import("./notifications/processors")).notificationDeliveryProcessor),
  lazyProcessor("storageMaintenance", async () => (await import("./services/storage-maintenance")).storageMaintenanceProcessor),
];

const workerId = env.EVALBOOK_WORKER_ID ?? defaultWorkerId();
const log = logger.child({ workerId });

/** How long a job may keep waiting for an unreachable database before its attempts count again. */
const DATABASE_OUTAGE_PATIENCE_MS = 10 * 60_000;

/**
 * A job that failed because the database could not be reached (restart, failover) is put back as
 * delayed without spending an attempt, so a run survives a database restart longer than its
 * retry backoff; after DATABASE_OUTAGE_PATIENCE_MS it fails like any other error.
 */
async function delayWhileDatabaseUnavailable(job: Job, token: string | undefined, err: unknown, queue: string): Promise<never> {
  if (token && isDatabaseUnavailable(err) && Date.now() - job.timestamp < DATABASE_OUTAGE_PATIENCE_MS) {
    log.warn({ queue, jobId: job.id, err: (err as Error).message.split("\n").filter(Boolean).pop() }, "database unavailable; job delayed without spending an attempt");
    await job.moveToDelayed(Date.now() + DATABASE_RETRY_AFTER_SECONDS * 1000, token);
    throw new DelayedError();
  }
  throw err;
}

async function main() {
  await ensurePragmas();
  const connection = createWorkerConnection(env.REDIS_URL, log);

  const workers = processors.map((def) => {
    const name = def.queue.name;
    const worker = new Worker(
      name,
      async (job, token) => {
        try {
          return await def.handle(parseJobData(name, job.data), { job, workerId, logger: log.child({ queue: name, jobId: job.id }) });
        } catch (err) {
          return delayWhileDatabaseUnavailable(job, token, err, name);
        }
      },
      { connection, prefix: env.QUEUE_PREFIX, concurrency: def.queue.concurrency, name: workerId, ...def.queue.workerOptions },
    );
    worker.on("failed", (job, err) =>
      log.error({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed"),
    );
    worker.on("stalled", (jobId) => log.warn({ queue: name, jobId }, "job stalled (its lock expired; it will be retried)"));
    worker.on("error", (err) => log.error({ queue: name, err: err.message }, "worker error"));
    return worker;
  });

  // Re-enqueues work the database says is pending but Redis lost; at start, then periodically.
  let stopReconciler: () => Promise<void> = async () => {};
  // Queues notification outbox rows the database has pending but Redis does not; at start, then periodically.
  let stopOutboxDrain: () => Promise<void> = async () => {};
  // Upserts the reminders' job scheduler (retried in the background while Redis does not answer).
  let stopReminderSchedule: () => void = () => {};
  // Upserts the storage maintenance job scheduler (retention, compaction).
  let stopMaintenanceSchedule: () => void = () => {};

  let closing = false;
  async function shutdown(signal: string) {
    if (closing) return;
    closing = true;
    log.info({ signal }, "worker shutting down");
    const force = setTimeout(() => {
      log.error("graceful shutdown took longer than 20 s; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await stopReconciler();
      await stopOutboxDrain();
      stopReminderSchedule();
      stopMaintenanceSchedule();
      await Promise.all(workers.map((w) => w.close()));
      await closeEvalPool();
      await closeProducer();
      await connection.quit().catch(() => connection.disconnect());
      await prisma.$disconnect();
      log.info("worker stopped");
      process.exit(0);
    } catch (err) {
      log.error({ err: (err as Error).message }, "error while shutting down");
      process.exit(1);
    }
  }
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  await Promise.all(workers.map((w) => w.waitUntilReady()));
  if (!closing) stopReconciler = startReconciler({ logger: log.child({ component: "reconciler" }) });
  if (!closing) stopOutboxDrain = startOutboxDrain({ logger: log.child({ component: "outbox-drain" }) });
  if (!closing) {
    stopReminderSchedule = startJobScheduler("incidentReminders", {
      id: "incident-reminders",
      everyMs: env.INCIDENT_REMINDER_INTERVAL_MS,
      what: "incident reminders",
      logger: log.child({ component: "reminders" }),
    });
    stopMaintenanceSchedule = startJobScheduler("storageMaintenance", {
      id: "storage-maintenance",
      everyMs: env.STORAGE_MAINTENANCE_INTERVAL_MS,
      what: "storage maintenance",
      logger: log.child({ component: "storage-maintenance" }),
    });
  }
  log.info(
    { queues: processors.map((p) => p.queue.name), redis: redactedRedisUrl(), prefix: env.QUEUE_PREFIX },
    "worker ready",
  );
  preloadProcessors();
}

/**
 * Loads the lazy processors' modules right after "worker ready", one at a time, so the first job
 * of each queue does not pay for it (up to seconds on a busy machine, while that job's lock is
 * held). A failure here is logged and left to the job that needs the module.
 */
function preloadProcessors() {
  void (async () => {
    for (const p of processors) {
      if (!p.preload) continue;
      await new Promise<void>((resolve) => setImmediate(resolve));
      await p.preload().catch((err: unknown) => log.warn({ queue: p.queue.name, err: (err as Error).message }, "could not preload the queue's processor; its first job will try again"));
    }
    log.debug("processors loaded");
  })();
}

main().catch((err) => {
  log.fatal({ err: (err as Error).message }, "worker failed to start");
  process.exit(1);
});

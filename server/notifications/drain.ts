/**
 * The outbox drain: makes the queue agree with the database. At worker start and then
 * periodically (one worker at a time, by a Redis lock), every pending delivery row gets a job
 * unless it has a live one — after a worker was killed between commit and send, a kick was lost,
 * or Redis restarted empty.
 */
import { prisma } from "../db/client";
import { env } from "../env";
import { getQueue, QueueName } from "../jobs/queues";
import { withRedisLock } from "../jobs/redis-lock";
import type { Logger } from "../logger";
import { addDeliveryJobs } from "./outbox";

const ALIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);
const BATCH = 500;

export interface DrainReport {
  queued: number;
  skipped?: string;
}

export async function drainOutbox(): Promise<DrainReport> {
  const queue = await getQueue(QueueName.notificationDelivery);
  const queued = await withRedisLock("notifications:drain-lock", 60_000, async () => {
    const rows = await prisma.notificationDelivery.findMany({ where: { status: "pending" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: BATCH });
    const missing: string[] = [];
    for (const { id } of rows) {
      const job = await queue.getJob(id);
      if (!job) {
        missing.push(id);
        continue;
      }
      const state = await job.getState();
      if (ALIVE_STATES.has(state)) continue;
      // Finished while the row is still pending (e.g. the worker died between send and record):
      // the row wins; replace the job (the same id would otherwise be ignored).
      await job.remove().catch(() => {});
      missing.push(id);
    }
    await addDeliveryJobs(missing);
    return missing.length;
  });
  return queued === null ? { queued: 0, skipped: "another worker is draining" } : { queued };
}

/** Drains now and every intervalMs until stopped. */
export function startOutboxDrain({ logger, intervalMs = env.NOTIFY_DRAIN_INTERVAL_MS }: { logger: Logger; intervalMs?: number }): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout;
  const tick = () => {
    if (stopped) return;
    running = drainOutbox()
      .then((r) => {
        if (r.queued) logger.info(r, "queued pending notifications from the outbox");
      })
      .catch((err: Error) => logger.warn({ err: err.message }, "outbox drain failed; will retry"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

// Apart from the processor so the worker starts the schedule without loading the stores (issue 18).
import { getQueue, queues } from "../jobs/queues";
import type { Logger } from "../logger";

/**
 * The maintenance timer: one job scheduler, idempotent (every worker upserts the same id at start;
 * BullMQ hands each tick to one worker). Never fatal: retried in the background while Redis is down.
 */
export function startStorageMaintenanceSchedule({ everyMs, logger, retryMs = 10_000 }: { everyMs: number; logger: Logger; retryMs?: number }): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      const queue = await getQueue("storageMaintenance", { timeoutMs: 10_000 });
      await queue.upsertJobScheduler("storage-maintenance", { every: everyMs }, { name: "tick", data: {}, opts: queues.storageMaintenance.defaultJobOptions });
    } catch (err) {
      logger.warn({ err: (err as Error).message, retryInMs: retryMs }, "could not schedule storage maintenance yet; retrying");
      if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
    }
  };
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

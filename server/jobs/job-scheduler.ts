// Apart from the processors so the worker starts a schedule without loading them (issue 18).
import { getQueue, queues, type QueueName } from "./queues";
import type { Logger } from "../logger";

/**
 * A queue's timer: one BullMQ job scheduler `id` that adds a "tick" job every `everyMs`,
 * idempotent (every worker upserts the same id at start; BullMQ hands each tick to one worker).
 * Never fatal: while Redis does not answer, it retries in the background and the worker runs on.
 * Returns the function that stops the retries.
 */
export function startJobScheduler(
  queueName: QueueName,
  { id, everyMs, what, logger, retryMs = 10_000 }: { id: string; everyMs: number; what: string; logger: Logger; retryMs?: number },
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      const queue = await getQueue(queueName, { timeoutMs: 10_000 });
      await queue.upsertJobScheduler(id, { every: everyMs }, { name: "tick", data: {}, opts: queues[queueName].defaultJobOptions });
    } catch (err) {
      logger.warn({ err: (err as Error).message, retryInMs: retryMs }, `could not schedule ${what} yet; retrying`);
      if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
    }
  };
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

// Apart from the processors so the worker starts the schedule without loading them (issue 18).
import { getQueue, queues } from "../../jobs/queues";
import type { Logger } from "../../logger";

/**
 * The reminders' timer: one job scheduler, idempotent (every worker upserts the same id at start).
 * Never fatal: while Redis does not answer, it retries in the background and the worker runs on.
 */
export function startIncidentReminderSchedule({ everyMs, logger, retryMs = 10_000 }: { everyMs: number; logger: Logger; retryMs?: number }): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      const queue = await getQueue("incidentReminders", { timeoutMs: 10_000 });
      await queue.upsertJobScheduler("incident-reminders", { every: everyMs }, { name: "tick", data: {}, opts: queues.incidentReminders.defaultJobOptions });
    } catch (err) {
      logger.warn({ err: (err as Error).message, retryInMs: retryMs }, "could not schedule incident reminders yet; retrying");
      if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
    }
  };
  void attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

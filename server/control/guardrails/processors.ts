import { prisma } from "../../db/client";
import { defineProcessor, getQueue, queues } from "../../jobs/queues";
import type { Logger } from "../../logger";
import { evaluateRunGuardrails } from "./evaluate-run";
import { afterEvaluation } from "./enqueue";
import { sendRollback } from "../rollback/service";
import { sendDueReminders } from "../incidents/reminders";
import { kickDeliveries } from "../../notifications/outbox";

/** Evaluates the guardrails of a finished run, then kicks what must happen after the commit. */
export const guardrailEvaluateProcessor = defineProcessor("guardrailEvaluate", async ({ runId }) => {
  const result = await evaluateRunGuardrails(prisma, runId);
  await afterEvaluation(result);
  return { opened: result.opened.length, appended: result.appended.length, resolved: result.resolved.length, notifications: result.notifications };
});

/** Sends one automatic rollback (a no-op when it was already sent). */
export const rollbackProcessor = defineProcessor("rollback", async ({ rollbackId }) => sendRollback(prisma, rollbackId));

/** Reminders for open, unacknowledged incidents whose guardrail's renotify interval has passed. */
export const incidentRemindersProcessor = defineProcessor("incidentReminders", async () => {
  const result = await sendDueReminders(prisma);
  if (result.deliveries) await kickDeliveries();
  return { reminded: result.reminded.length, deliveries: result.deliveries };
});

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

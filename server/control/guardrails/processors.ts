import { prisma } from "../../db/client";
import { defineProcessor } from "../../jobs/queues";
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

/**
 * What follows a guardrail evaluation's commit: automatic rollbacks and notification deliveries.
 * (The evaluation itself is queued by the run-finished hook, onRunFinished in server/notebooks/runs.ts.)
 */
import { enqueue } from "../../jobs/queues";
import { kickDeliveries } from "../../notifications/outbox";
import type { EvaluateRunResult } from "./evaluate-run";

export async function afterEvaluation(result: EvaluateRunResult): Promise<void> {
  for (const rollbackId of result.rollbacksToSend) await enqueue("rollback", { rollbackId }, { jobId: `rollback-${rollbackId}` });
  if (result.notifications) await kickDeliveries();
}

/**
 * Hand-offs around the guardrail evaluation: the run-finished hook (never throws, never blocks a
 * run) and what follows the evaluation's commit (automatic rollbacks, notification deliveries).
 */
import { enqueue } from "../jobs/queues";
import { logger } from "../logger";
import { kickDeliveries } from "../notifications/outbox";
import type { EvaluateRunResult } from "./evaluate-run";

/** Called once when a run reaches a terminal state. A lost job is harmless to the run itself. */
export async function enqueueGuardrailEvaluation(runId: string): Promise<void> {
  try {
    await enqueue("guardrailEvaluate", { runId }, { jobId: `guardrails-${runId}` });
  } catch (err) {
    logger.warn({ runId, err: (err as Error).message }, "could not queue the run's guardrail evaluation");
  }
}

export async function afterEvaluation(result: EvaluateRunResult): Promise<void> {
  for (const rollbackId of result.rollbacksToSend) await enqueue("rollback", { rollbackId }, { jobId: `rollback-${rollbackId}` });
  if (result.notifications) await kickDeliveries();
}

/**
 * The notebook queues' processors (thin: payload → engine). They live with the feature, so
 * server/jobs/ stays the contracts that features import and never imports a feature back.
 */
import { prisma } from "../db/client";
import { defineProcessor } from "../jobs/queues";
import { assembleRun, processCell } from "./engine";
import { processScheduleTick } from "./schedules";

/** Computes one evaluator/comparison cell of a run (in an evaluation thread). */
export const notebookCellProcessor = defineProcessor("notebookCell", async ({ runId, runCellId }, { job, workerId, logger }) =>
  processCell(runId, runCellId, { job, workerId, logger }),
);

/** Parent of a run's cell jobs: assembles the run once they have finished. */
export const notebookAssembleProcessor = defineProcessor("notebookAssemble", async ({ runId }) => assembleRun(runId));

/** A schedule tick: creates the tick's run (deduplicated in the database). */
export const notebookScheduleProcessor = defineProcessor("notebookSchedule", async ({ notebookId }, { job }) =>
  processScheduleTick(prisma, notebookId, job),
);

/**
 * The reconciler makes Redis agree with the database again. It runs at worker start and then
 * periodically (one worker at a time, by a Redis lock):
 *
 * - pending cells (queued/running) whose job Redis no longer has (Redis restarted empty, a failed
 *   enqueue) are re-enqueued as a new flow generation of their run;
 * - pending cells whose job failed for good are marked failed with the job's reason;
 * - runs whose compute cells are all final but that were never assembled are assembled;
 * - stuck runs (pending longer than the run timeout) are failed with a clear message;
 * - schedules the DB has but Redis lost are upserted again.
 */
import { prisma } from "../db/client";
import { env } from "../env";
import { getQueue } from "../jobs/queues";
import { withRedisLock } from "../jobs/redis-lock";
import type { Logger } from "../logger";

// The run machinery (the engine, runs and schedules, with markdown rendering and the evaluators
// behind them) is imported when a pass has work for it, not at worker start (issue 18).
const engineModule = () => import("./engine");
const runsModule = () => import("./runs");
const schedulesModule = () => import("./schedules");

const ALIVE_STATES = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children", "waiting_children"]);

export interface ReconcileOptions {
  /** ignore runs younger than this (their flow may be being added right now) */
  graceMs?: number;
  /** fail runs pending longer than this */
  runTimeoutMs?: number;
  logger: Logger;
}

export interface ReconcileReport {
  requeuedCells: number;
  failedCells: number;
  assembledRuns: number;
  stuckRuns: number;
  schedulesRestored: number;
  skipped?: string;
}

export async function reconcileOnce(opts: ReconcileOptions): Promise<ReconcileReport> {
  const graceMs = opts.graceMs ?? env.EVALBOOK_RECONCILE_GRACE_MS;
  const runTimeoutMs = opts.runTimeoutMs ?? env.EVALBOOK_RUN_TIMEOUT_MS;
  const cellQueue = await getQueue("notebookCell");
  const report: ReconcileReport = { requeuedCells: 0, failedCells: 0, assembledRuns: 0, stuckRuns: 0, schedulesRestored: 0 };
  const done = await withRedisLock("notebooks:reconciler-lock", 60_000, async () => {
    const now = Date.now();
    const runs = await prisma.run.findMany({
      where: { status: { in: ["queued", "running"] }, createdAt: { lt: new Date(now - graceMs) } },
      include: { cells: { where: { type: { in: ["evaluator", "comparison"] } } } },
      orderBy: { createdAt: "asc" },
      take: 200,
    });
    for (const run of runs) {
      const log = opts.logger.child({ runId: run.id });
      if (now - run.createdAt.getTime() > runTimeoutMs) {
        const message = `Run did not finish within ${Math.round(runTimeoutMs / 60000)} minutes and was stopped (stuck).`;
        await prisma.runCell.updateMany({ where: { runId: run.id, status: { in: ["queued", "running"] } }, data: { status: "failed", error: message, finishedAt: new Date() } });
        const { count } = await prisma.run.updateMany({ where: { id: run.id, status: { in: ["queued", "running"] } }, data: { status: "failed", error: message, finishedAt: new Date() } });
        if (count === 1) await (await runsModule()).onRunFinished(run.id, "failed");
        report.stuckRuns++;
        log.warn("stuck run failed");
        continue;
      }
      const pending = run.cells.filter((c) => c.status === "queued" || c.status === "running");
      if (!pending.length) {
        const r = await (await engineModule()).assembleRun(run.id);
        if (r.assembled) {
          report.assembledRuns++;
          log.info({ status: r.status }, "assembled a run whose assemble job was lost");
        }
        continue;
      }
      const lost: string[] = [];
      for (const cell of pending) {
        const job = cell.jobId ? await cellQueue.getJob(cell.jobId) : undefined;
        if (!job) {
          lost.push(cell.id);
          continue;
        }
        const state = await job.getState();
        if (ALIVE_STATES.has(state)) continue;
        if (state === "failed") {
          const { count } = await prisma.runCell.updateMany({
            where: { id: cell.id, status: { in: ["queued", "running"] } },
            data: { status: "failed", error: job.failedReason || "The job failed.", finishedAt: new Date() },
          });
          report.failedCells += count;
        } else {
          lost.push(cell.id); // completed/unknown while the DB says pending: compute it again (writes are idempotent)
        }
      }
      if (lost.length) {
        // Compare-and-set on the generation: two reconcilers never enqueue the same cells twice.
        const generation = run.generation + 1;
        const { count } = await prisma.run.updateMany({ where: { id: run.id, generation: run.generation }, data: { generation } });
        if (count !== 1) continue;
        const n = await (await runsModule()).enqueueRun(prisma, run.id, generation, lost);
        report.requeuedCells += n;
        log.warn({ cells: n, generation }, "re-enqueued cells whose jobs Redis no longer had");
      } else {
        // Cells the reconciler just failed may have been the last pending ones (no-op otherwise).
        if ((await (await engineModule()).assembleRun(run.id)).assembled) report.assembledRuns++;
      }
    }

    // Schedules: the DB is the truth.
    const scheduleQueue = await getQueue("notebookSchedule");
    const scheduled = await prisma.notebook.findMany({ where: { scheduleCron: { not: null }, schedulePaused: false }, select: { id: true, scheduleCron: true, scheduleTz: true } });
    const { schedulerId, upsertScheduler } = scheduled.length ? await schedulesModule() : ({} as never);
    for (const nb of scheduled) {
      const existing = await scheduleQueue.getJobScheduler(schedulerId(nb.id));
      if (existing) continue;
      await upsertScheduler(nb.id, nb.scheduleCron!, nb.scheduleTz ?? "UTC");
      report.schedulesRestored++;
      opts.logger.warn({ notebookId: nb.id }, "restored a schedule Redis no longer had");
    }
    return true;
  });
  if (!done) report.skipped = "another worker is reconciling";
  return report;
}

/** Runs the reconciler now and every intervalMs until stopped. */
export function startReconciler(opts: ReconcileOptions & { intervalMs?: number }): () => Promise<void> {
  const intervalMs = opts.intervalMs ?? env.EVALBOOK_RECONCILE_INTERVAL_MS;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = reconcileOnce(opts)
      .then((r) => {
        if (r.requeuedCells || r.failedCells || r.assembledRuns || r.stuckRuns || r.schedulesRestored) opts.logger.info(r, "reconciled runs with the queue");
      })
      .catch((err: Error) => opts.logger.warn({ err: err.message }, "reconciler pass failed; will retry"))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  let timer: NodeJS.Timeout = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

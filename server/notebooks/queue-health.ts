import { prisma } from "../db/client";
import { getQueue, RedisUnavailableError, type QueueName } from "../jobs/queues";

const NOTEBOOK_QUEUES = ["notebookCell", "notebookAssemble", "notebookSchedule"] as const satisfies readonly QueueName[];

/** Waiting/active/failed/delayed counts per notebook queue, workers online, and what the DB says is pending. */
export async function queueHealth(workspaceId: string) {
  const [pendingRuns, runningCells] = await Promise.all([
    prisma.run.count({ where: { workspaceId, status: { in: ["queued", "running"] } } }),
    prisma.runCell.count({ where: { status: "running", run: { workspaceId } } }),
  ]);
  try {
    const queues = await Promise.all(
      NOTEBOOK_QUEUES.map(async (name) => {
        const q = await getQueue(name);
        const c = await q.getJobCounts("waiting", "active", "failed", "delayed", "waiting-children", "prioritized");
        return {
          name,
          waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
          active: c.active ?? 0,
          failed: c.failed ?? 0,
          delayed: c.delayed ?? 0,
          waitingChildren: c["waiting-children"] ?? 0,
          workers: await q.getWorkersCount(),
        };
      }),
    );
    return { ok: true as const, error: null, queues, workersOnline: Math.max(0, ...queues.map((q) => q.workers)), pendingRuns, runningCells };
  } catch (err) {
    if (!(err instanceof RedisUnavailableError)) throw err;
    return { ok: false as const, error: err.message, queues: [], workersOnline: null, pendingRuns, runningCells };
  }
}

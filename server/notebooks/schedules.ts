/**
 * Notebook schedules: cron + time zone per notebook, stored on the Notebook row (the truth) and
 * mirrored into Redis with `upsertJobScheduler` (idempotent). Each tick is a `notebookSchedule`
 * job; its processor creates the tick's run with a unique dedupe key (notebook, tick time), so
 * several workers, a duplicated tick or a re-upserted scheduler never create two runs.
 */
import type { Job } from "bullmq";
import type { PrismaClient } from "../generated/prisma/client";
import { getQueue, queues, RedisUnavailableError } from "../jobs/queues";
import { logger } from "../logger";
import type { Actor } from "../services/audit";
import { recordAudit } from "../services/audit";
import { requireNotebook, scheduleView } from "./service";
import { startRun } from "./runs";
import { isEmptyParameters, runParametersSchema, type RunParametersInput } from "./parameters";
import { validateSchedule } from "./schedule-text";

type Db = PrismaClient;

export function schedulerId(notebookId: string) {
  return `notebook-${notebookId}`;
}

export async function upsertScheduler(notebookId: string, cron: string, tz: string) {
  const queue = await getQueue("notebookSchedule");
  await queue.upsertJobScheduler(
    schedulerId(notebookId),
    { pattern: cron, tz },
    { name: "tick", data: queues.notebookSchedule.schema.parse({ notebookId }), opts: queues.notebookSchedule.defaultJobOptions },
  );
}

export async function removeScheduler(notebookId: string) {
  const queue = await getQueue("notebookSchedule");
  await queue.removeJobScheduler(schedulerId(notebookId));
}

async function mirror(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (err instanceof RedisUnavailableError) return `${err.message} The schedule is saved and takes effect when the queue is reachable again.`;
    throw err;
  }
}

function view(nb: Parameters<typeof scheduleView>[0], warning?: string) {
  return { schedule: scheduleView(nb), ...(warning ? { warning } : {}) };
}

/**
 * `parameters`: what every scheduled run overrides the data-selection defaults with (recorded on
 * each run); null clears them, undefined keeps the ones set before.
 */
export async function setSchedule(db: Db, workspaceId: string, actor: Actor, notebookId: string, input: { cron: string; tz: string; parameters?: RunParametersInput | null }) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const cron = input.cron.trim().replace(/\s+/g, " ");
  validateSchedule(cron, input.tz);
  const parameters = input.parameters ? runParametersSchema.parse(input.parameters) : input.parameters;
  const updated = await db.notebook.update({
    where: { id: nb.id },
    data: {
      scheduleCron: cron,
      scheduleTz: input.tz,
      schedulePaused: false,
      scheduleUpdatedAt: new Date(),
      ...(parameters !== undefined ? { scheduleParameters: parameters && !isEmptyParameters(parameters) ? JSON.stringify(parameters) : null } : {}),
    },
  });
  await recordAudit(db, { workspaceId, modelId: nb.modelId, actor, action: "notebook.schedule.set", changes: { notebookId, cron, tz: input.tz, ...(parameters !== undefined ? { parameters } : {}) } });
  return view(updated, await mirror(() => upsertScheduler(nb.id, cron, input.tz)));
}

export async function pauseSchedule(db: Db, workspaceId: string, actor: Actor, notebookId: string) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  if (!nb.scheduleCron) return view(nb);
  const updated = await db.notebook.update({ where: { id: nb.id }, data: { schedulePaused: true, scheduleUpdatedAt: new Date() } });
  await recordAudit(db, { workspaceId, modelId: nb.modelId, actor, action: "notebook.schedule.paused", changes: { notebookId } });
  return view(updated, await mirror(() => removeScheduler(nb.id)));
}

export async function resumeSchedule(db: Db, workspaceId: string, actor: Actor, notebookId: string) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  if (!nb.scheduleCron) return view(nb);
  const updated = await db.notebook.update({ where: { id: nb.id }, data: { schedulePaused: false, scheduleUpdatedAt: new Date() } });
  await recordAudit(db, { workspaceId, modelId: nb.modelId, actor, action: "notebook.schedule.resumed", changes: { notebookId } });
  return view(updated, await mirror(() => upsertScheduler(nb.id, nb.scheduleCron!, nb.scheduleTz ?? "UTC")));
}

export async function clearSchedule(db: Db, workspaceId: string, actor: Actor, notebookId: string) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const updated = await db.notebook.update({
    where: { id: nb.id },
    data: { scheduleCron: null, scheduleTz: null, schedulePaused: false, scheduleParameters: null, scheduleUpdatedAt: new Date() },
  });
  await recordAudit(db, { workspaceId, modelId: nb.modelId, actor, action: "notebook.schedule.cleared", changes: { notebookId } });
  return view(updated, await mirror(() => removeScheduler(nb.id)));
}

/** The tick time of a scheduler job: BullMQ puts it in opts.prevMillis and in the id (`repeat:<id>:<millis>`). */
export function tickTime(job: Pick<Job, "id" | "opts" | "timestamp">): Date {
  const prev = (job.opts as { prevMillis?: number }).prevMillis;
  if (typeof prev === "number" && prev > 0) return new Date(prev);
  const m = /[:-](\d{10,})$/.exec(String(job.id ?? ""));
  if (m) return new Date(Number(m[1]));
  return new Date(job.timestamp);
}

/** Processes one tick: creates the tick's run unless the schedule is gone, paused, or the run exists. */
export async function processScheduleTick(db: Db, notebookId: string, job: Pick<Job, "id" | "opts" | "timestamp">) {
  const nb = await db.notebook.findUnique({ where: { id: notebookId } });
  if (!nb || !nb.scheduleCron || nb.schedulePaused) {
    // The DB says there is no active schedule: drop the stale scheduler.
    await removeScheduler(notebookId).catch(() => {});
    return { skipped: nb ? "schedule paused or cleared" : "notebook deleted" };
  }
  const tick = tickTime(job);
  const result = await startRun(db, nb.workspaceId, { id: null, label: "schedule" }, notebookId, {
    trigger: "schedule",
    scheduledFor: tick,
    dedupeKey: `${notebookId}@${tick.toISOString()}`,
    parameters: nb.scheduleParameters ? runParametersSchema.parse(JSON.parse(nb.scheduleParameters)) : null,
  });
  if (result.existing) logger.info({ notebookId, tick: tick.toISOString(), runId: result.runId }, "tick's run already exists");
  return { runId: result.runId, existing: result.existing, tick: tick.toISOString() };
}

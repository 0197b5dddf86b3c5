/**
 * Runs: the database is the truth, Redis only carries work.
 *
 * startRun writes the Run and its RunCells first, then adds one BullMQ flow: a child
 * `notebookCell` job per evaluator/comparison cell under a parent `notebookAssemble` job that
 * assembles the run when its cells finish. If Redis is down the run stays queued and the
 * reconciler enqueues it when Redis is back.
 */
import type { FlowJob } from "bullmq";
import type { PrismaClient } from "../generated/prisma/client";
import { Prisma } from "../generated/prisma/client";
import { badRequest, notFound } from "../domain/errors";
import { enqueue, getFlowProducer, queues, RedisUnavailableError } from "../jobs/queues";
import { logger } from "../logger";
import type { Actor } from "../services/audit";
import { checkCellConfig, findComparison, findEvaluator, invalidConfigFields } from "./evaluation";
import { applyParameters, isEmptyParameters, runParametersSchema, type RunParameters } from "./parameters";
import type { ChartResult, RunSummary } from "./results";
import { resolveSelection, type ResolveContext } from "./selection";
import { parseCells, parseDefaults, requireNotebook } from "./service";
import {
  COMPUTE_CELL_TYPES,
  cellType,
  drawsFrom,
  isComputeCell,
  isFinal,
  mergeSelection,
  type Cell,
  type ComparisonOutput,
  type EvaluationOutput,
  type FinalRunStatus,
  type ResolvedSelection,
  type RunStartKit,
  type RunTrigger,
  type Selection,
} from "./types";

type Db = PrismaClient;

// ── A run reached its end ────────────────────────────────────────────────────

/**
 * Called exactly once per run, by whichever path moved it to a terminal state (succeeded, failed
 * or cancelled): the worker assembling it (engine.ts assembleRun), a user cancelling it
 * (cancelRun below), the reconciler failing it as stuck (reconciler.ts). Each caller calls it only
 * when its conditional update made the transition, so a retried job never calls it twice.
 * Whatever reacts to finished runs (guardrail evaluation, notifications) starts here.
 */
export async function onRunFinished(runId: string, status: FinalRunStatus): Promise<void> {
  logger.info({ runId, status }, "run finished");
  if (status === "cancelled") return;
  // Guardrails judge every finished run (server/control/guardrails). A lost job only delays that:
  // the run itself is already safe in the database.
  try {
    await enqueue("guardrailEvaluate", { runId }, { jobId: `guardrails-${runId}` });
  } catch (err) {
    logger.warn({ runId, err: (err as Error).message }, "could not queue the run's guardrail evaluation");
  }
}

// ── Starting a run ───────────────────────────────────────────────────────────

export interface StartRunOptions {
  trigger: RunTrigger;
  /** scheduled runs: the tick, and the key that makes the tick's run unique */
  scheduledFor?: Date;
  dedupeKey?: string;
  now?: Date;
  /** a partial run: only these cells, plus what they need (a chart's source) and what draws them (charts) */
  cellIds?: string[];
  /** overrides of the notebook's data-selection defaults for this run (recorded on the run) */
  parameters?: RunParameters | null;
}

/**
 * The cells a partial run computes: the chosen ones, the cell a chosen chart draws from, and the
 * charts that draw a chosen cell (so they re-draw from its new result). Unknown ids are a 400.
 */
export function runScope(cells: Cell[], chosen: string[]): Set<string> {
  const ids = new Set(cells.map((c) => c.id));
  for (const [i, id] of chosen.entries()) {
    if (!ids.has(id))
      throw badRequest(`No cell "${id}" in this notebook. Its cells are: ${cells.map((c) => c.id).join(", ")}.`, [{ field: `cells.${i}`, message: "no such cell" }]);
  }
  const scope = new Set(chosen);
  for (const c of cells) {
    const source = drawsFrom(c);
    if (source && scope.has(c.id)) scope.add(source);
  }
  for (const c of cells) {
    const source = drawsFrom(c);
    if (source && scope.has(source)) scope.add(c.id);
  }
  return scope;
}

/**
 * A partial run refuses a chosen cell whose settings are invalid (a 400 naming the cell and the
 * config field). A full run does not: there such a cell is recorded as failed with its message, so
 * scheduled and CI runs still report every other cell.
 */
async function refuseInvalidChosenCells(cells: Cell[], chosen: string[]): Promise<void> {
  const problems: { field: string; message: string }[] = [];
  const named: string[] = [];
  for (const [i, id] of chosen.entries()) {
    const cell = cells.find((c) => c.id === id);
    if (!cell || !isComputeCell(cell)) continue;
    const issue = await checkCellConfig(cell.pluginId, cell.pluginVersion, cell.config, cell.type);
    if (!issue) continue;
    named.push(`"${cell.title ?? cell.id}" (${cell.id}): ${issue}`);
    const fields = await invalidConfigFields(cell.pluginId, cell.pluginVersion, cell.config, cell.type);
    if (fields.length) problems.push(...fields.map((f) => ({ field: `cells.${i}.config${f.path ? `.${f.path}` : ""}`, message: `cell "${cell.id}": ${f.message}` })));
    else problems.push({ field: `cells.${i}`, message: `cell "${cell.id}": ${issue}` });
  }
  if (named.length) throw badRequest(`Invalid settings in ${named.length === 1 ? "the chosen cell" : "chosen cells"}; fix ${named.length === 1 ? "it" : "them"} before running. ${named.join(" ")}`, problems);
}

export interface StartRunResult {
  runId: string;
  status: string;
  /** true when this call found the tick's run already created (scheduled runs) */
  existing: boolean;
  /** set when the run is in the database but could not be handed to Redis yet */
  warning?: string;
}

export async function startRun(db: Db, workspaceId: string, actor: Actor, notebookId: string, opts: StartRunOptions): Promise<StartRunResult> {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  if (opts.dedupeKey) {
    const existing = await db.run.findUnique({ where: { dedupeKey: opts.dedupeKey } });
    if (existing) return { runId: existing.id, status: existing.status, existing: true };
  }
  const cells = parseCells(nb.cells);
  const scope = opts.cellIds ? runScope(cells, opts.cellIds) : null;
  if (opts.cellIds) await refuseInvalidChosenCells(cells, opts.cellIds);
  const chosen = scope ? cells.filter((c) => scope.has(c.id)) : cells;
  if (!chosen.some(isComputeCell))
    throw badRequest(scope ? "None of the chosen cells computes anything: choose an evaluator, comparison or chart cell." : "This notebook has no evaluator or comparison cell to run.");
  const parameters = opts.parameters ? runParametersSchema.parse(opts.parameters) : null;
  const notebookDefaults = parseDefaults(nb.defaults);
  const defaults = applyParameters(notebookDefaults, parameters);
  const now = opts.now ?? new Date();
  const [model, lastRun] = await Promise.all([
    db.model.findUniqueOrThrow({
      where: { id: nb.modelId },
      include: { versions: { select: { label: true, stage: true } }, baselines: { orderBy: { createdAt: "desc" }, select: { id: true, name: true, createdAt: true } } },
    }),
    db.run.findFirst({ where: { notebookId, status: { in: ["succeeded", "failed"] } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  const ctx: ResolveContext = { now, lastRunAt: lastRun?.createdAt ?? null, versions: model.versions, baselines: model.baselines };
  const kit: RunStartKit = {
    now,
    resolve: (override, adjust) => {
      const sel = mergeSelection(defaults, override);
      return resolveSelection(adjust ? adjust(sel) : sel, ctx);
    },
    pluginRef: async (pluginId, pinned) => {
      // a comparison cell may name a comparison plugin (compare.*) instead of an evaluator
      const def = (await findEvaluator(pluginId, pinned)) ?? (await findComparison(pluginId, pinned));
      return def ? `${def.id}@${def.version}` : `${pluginId}@${pinned ?? "?"}`;
    },
  };

  const rows: Prisma.RunCellCreateManyRunInput[] = [];
  for (const [position, cell] of cells.entries()) {
    if (scope && !scope.has(cell.id)) continue;
    const start = await cellType(cell.type).start(cell as never, kit);
    rows.push({
      cellId: cell.id,
      position,
      type: cell.type,
      status: start.status,
      ...(start.status === "succeeded" ? { finishedAt: now, durationMs: 0 } : {}),
      ...(start.pluginRef ? { pluginRef: start.pluginRef } : {}),
      ...(start.config !== undefined ? { config: JSON.stringify(start.config) } : {}),
      ...(start.selection !== undefined ? { selection: JSON.stringify(start.selection) } : {}),
    });
  }

  let run;
  try {
    run = await db.run.create({
      data: {
        notebookId,
        workspaceId,
        modelId: nb.modelId,
        trigger: opts.trigger,
        triggeredById: actor.id,
        triggeredByLabel: actor.label,
        scheduledFor: opts.scheduledFor ?? null,
        dedupeKey: opts.dedupeKey ?? null,
        notebookRevision: nb.revision,
        cellIds: scope ? JSON.stringify(cells.filter((c) => scope.has(c.id)).map((c) => c.id)) : null,
        parameters: isEmptyParameters(parameters) ? null : JSON.stringify(parameters),
        snapshot: JSON.stringify({ title: nb.title, defaults: notebookDefaults, cells }),
        cells: { createMany: { data: rows } },
      },
    });
  } catch (err) {
    // Another worker created this tick's run between our check and our insert.
    if (opts.dedupeKey && err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const existing = await db.run.findUniqueOrThrow({ where: { dedupeKey: opts.dedupeKey } });
      return { runId: existing.id, status: existing.status, existing: true };
    }
    throw err;
  }

  try {
    await enqueueRun(db, run.id, 0);
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      logger.warn({ runId: run.id, err: err.message }, "run saved but not enqueued; the reconciler will enqueue it");
      return { runId: run.id, status: run.status, existing: false, warning: `${err.message} The run is saved and starts when the queue is reachable again.` };
    }
    throw err;
  }
  return { runId: run.id, status: run.status, existing: false };
}

export function cellJobId(runCellId: string, generation: number) {
  return `cell-${runCellId}-g${generation}`;
}
export function assembleJobId(runId: string, generation: number) {
  return `assemble-${runId}-g${generation}`;
}

/**
 * Adds the run's flow for its pending compute cells (all of them on the first call; the lost ones
 * when the reconciler calls it with a higher generation) and records the job ids on the cells.
 */
export async function enqueueRun(db: Db, runId: string, generation: number, onlyCellIds?: string[]): Promise<number> {
  const cells = await db.runCell.findMany({
    where: { runId, type: { in: COMPUTE_CELL_TYPES }, status: { in: ["queued", "running"] }, ...(onlyCellIds ? { id: { in: onlyCellIds } } : {}) },
    select: { id: true },
  });
  const cellOpts = queues.notebookCell.defaultJobOptions;
  const flow: FlowJob = {
    name: "assemble",
    queueName: "notebookAssemble",
    data: queues.notebookAssemble.schema.parse({ runId }),
    opts: { ...queues.notebookAssemble.defaultJobOptions, jobId: assembleJobId(runId, generation) },
    children: cells.map((c) => ({
      name: "cell",
      queueName: "notebookCell",
      data: queues.notebookCell.schema.parse({ runId, runCellId: c.id }),
      // A failed cell must not block its run: the parent assembles whatever finished.
      opts: { ...cellOpts, jobId: cellJobId(c.id, generation), ignoreDependencyOnFailure: true },
    })),
  };
  const producer = await getFlowProducer();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      producer.add(flow),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError("Adding the run's jobs to Redis took longer than 3 s.")), 3000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  for (const c of cells) await db.runCell.update({ where: { id: c.id }, data: { jobId: cellJobId(c.id, generation) } });
  return cells.length;
}

// ── Cancelling ───────────────────────────────────────────────────────────────

export async function cancelRun(db: Db, workspaceId: string, actor: Actor, runId: string) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId } });
  if (!run) throw notFound(`No run "${runId}" in this workspace.`);
  if (isFinal(run.status)) return { runId, status: run.status, cancelled: false };
  const now = new Date();
  const [, cancelled] = await db.$transaction([
    db.runCell.updateMany({
      where: { runId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", finishedAt: now, error: `Cancelled by ${actor.label}.` },
    }),
    db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now, error: `Cancelled by ${actor.label}.` },
    }),
  ]);
  if (cancelled.count === 1) await onRunFinished(runId, "cancelled");
  // Jobs still in Redis find their cell cancelled and do nothing.
  return { runId, status: "cancelled", cancelled: true };
}

// ── Reading ──────────────────────────────────────────────────────────────────

interface Snapshot {
  title: string;
  defaults: Selection;
  cells: Cell[];
}

function parseJson<T>(s: string | null): T | null {
  return s ? (JSON.parse(s) as T) : null;
}

export function runProgress(cells: { type: string; status: string }[]) {
  const work = cells.filter((c) => c.type !== "markdown");
  const done = work.filter((c) => isFinal(c.status)).length;
  return { total: work.length, done, running: work.filter((c) => c.status === "running").length, percent: work.length ? Math.round((done / work.length) * 100) : 100 };
}

export async function getRun(db: Db, workspaceId: string | null, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, ...(workspaceId ? { workspaceId } : {}) },
    include: { cells: { orderBy: { position: "asc" } }, notebook: { select: { title: true, model: { select: { slug: true, name: true, versions: { select: { label: true, stage: true }, orderBy: { createdAt: "asc" } } } } } } },
  });
  if (!run) throw notFound(`No run "${runId}" in this workspace.`);
  const snapshot = JSON.parse(run.snapshot) as Snapshot;
  const byId = new Map(snapshot.cells.map((c) => [c.id, c]));
  return {
    id: run.id,
    notebookId: run.notebookId,
    notebookTitle: run.notebook.title,
    model: run.notebook.model,
    status: run.status,
    resultStatus: run.resultStatus,
    trigger: run.trigger,
    triggeredBy: run.triggeredByLabel,
    scheduledFor: run.scheduledFor,
    notebookRevision: run.notebookRevision,
    /** a partial run computed only these cells (null: every cell) */
    cellIds: parseJson<string[]>(run.cellIds),
    partial: run.cellIds !== null,
    parameters: parseJson<RunParameters>(run.parameters),
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.finishedAt && run.startedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null,
    summary: parseJson<RunSummary>(run.summary),
    progress: runProgress(run.cells),
    defaults: snapshot.defaults,
    cells: run.cells.map((c) => {
      const cell = byId.get(c.cellId);
      return {
        id: c.id,
        cellId: c.cellId,
        position: c.position,
        type: c.type,
        title: cell && "title" in cell ? (cell.title ?? null) : null,
        /** a comparison of two versions: side B's version, the one a promote decision moves to production */
        candidate: cell?.type === "comparison" && cell.b.kind === "version" ? cell.b.version : null,
        html: cell ? cellType(cell.type).runView?.(cell as never).html : undefined,
        status: c.status,
        resultStatus: c.resultStatus,
        pluginRef: c.pluginRef,
        config: JSON.parse(c.config) as Record<string, unknown>,
        selection: JSON.parse(c.selection) as ResolvedSelection | { a: ResolvedSelection; b: ResolvedSelection } | Record<string, never>,
        result: parseJson<EvaluationOutput | ComparisonOutput | ChartResult>(c.result),
        error: c.error,
        attempts: c.attempts,
        workerId: c.workerId,
        queuedAt: c.queuedAt,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        durationMs: c.durationMs,
      };
    }),
  };
}
export type RunView = Awaited<ReturnType<typeof getRun>>;

/** Light polling view of a run: status, progress and per-cell status, without results. */
export async function getRunStatus(db: Db, workspaceId: string, runId: string) {
  const run = await db.run.findFirst({
    where: { id: runId, workspaceId },
    select: {
      id: true,
      status: true,
      resultStatus: true,
      error: true,
      startedAt: true,
      finishedAt: true,
      cells: { orderBy: { position: "asc" }, select: { id: true, cellId: true, type: true, status: true, resultStatus: true, error: true, attempts: true, startedAt: true, finishedAt: true } },
    },
  });
  if (!run) throw notFound(`No run "${runId}" in this workspace.`);
  return { ...run, progress: runProgress(run.cells) };
}

export async function listRuns(db: Db, workspaceId: string, notebookId: string, opts: { limit?: number; cursor?: string } = {}) {
  await requireNotebook(db, workspaceId, notebookId);
  const limit = opts.limit ?? 20;
  const rows = await db.run.findMany({
    where: { notebookId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    include: { cells: { select: { type: true, status: true } } },
  });
  const items = rows.slice(0, limit).map(({ cells, snapshot: _s, summary, cellIds, parameters, ...r }) => ({
    ...r,
    cellIds: parseJson<string[]>(cellIds),
    partial: cellIds !== null,
    parameters: parseJson<RunParameters>(parameters),
    summary: parseJson<RunSummary>(summary),
    progress: runProgress(cells),
  }));
  return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}



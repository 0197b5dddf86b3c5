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
import { getFlowProducer, queues, RedisUnavailableError } from "../jobs/queues";
import { logger } from "../logger";
import type { Actor } from "../services/audit";
import { findEvaluator } from "./evaluation";
import { renderMarkdown } from "../markdown/render";
import { parseCells, parseDefaults, requireNotebook, type NotebookRow } from "./service";
import {
  isComputeCell,
  isFinal,
  mergeSelection,
  type Cell,
  type CompareSide,
  type ComparisonOutput,
  type EvaluationOutput,
  type ResolvedSelection,
  type RunTrigger,
  type Selection,
} from "./types";

type Db = PrismaClient;
const DAY = 24 * 3600 * 1000;

// ── Data selection → absolute times ─────────────────────────────────────────

interface ResolveContext {
  now: Date;
  /** when the notebook's previous finished run started (for "since last run") */
  lastRunAt: Date | null;
  versions: { label: string; stage: string }[];
  baselines: { id: string; name: string; createdAt: Date }[];
}

export function resolveSelection(sel: Selection, ctx: ResolveContext): ResolvedSelection {
  const to = ctx.now;
  let from: Date;
  let end = to;
  switch (sel.window.kind) {
    case "lastDays":
      from = new Date(to.getTime() - sel.window.days * DAY);
      break;
    case "range":
      from = new Date(sel.window.from);
      end = new Date(sel.window.to);
      break;
    case "sinceLastRun":
      from = ctx.lastRunAt ?? new Date(to.getTime() - sel.window.fallbackDays * DAY);
      break;
  }
  let versions = sel.versions;
  if (!versions.length) {
    const prod = ctx.versions.find((v) => v.stage === "production");
    versions = prod ? [prod.label] : ctx.versions.map((v) => v.label);
  }
  let reference: ResolvedSelection["reference"];
  const ref = sel.reference;
  switch (ref.kind) {
    case "none":
      reference = { kind: "none" };
      break;
    case "precedingWindow": {
      const len = end.getTime() - from.getTime();
      reference = { kind: "window", from: new Date(from.getTime() - len).toISOString(), to: from.toISOString() };
      break;
    }
    case "range":
      reference = { kind: "window", from: new Date(ref.from).toISOString(), to: new Date(ref.to).toISOString() };
      break;
    case "baseline": {
      const b = ref.baselineId
        ? ctx.baselines.find((x) => x.id === ref.baselineId)
        : ref.baselineName
          ? ctx.baselines.find((x) => x.name === ref.baselineName)
          : ctx.baselines[0];
      reference = b
        ? { kind: "baseline", baselineId: b.id, baselineName: b.name }
        : {
            kind: "missing",
            message: ctx.baselines.length
              ? `the model has no baseline "${ref.baselineName ?? ref.baselineId}".`
              : "the model has no baseline yet. Upload one (POST /api/v1/models/{slug}/baselines) or choose an earlier window as the reference.",
          };
      break;
    }
  }
  return { versions, from: from.toISOString(), to: end.toISOString(), reference, cohortKeys: sel.cohortKeys, minCohortSize: sel.minCohortSize };
}

function sideSelection(base: Selection, side: CompareSide): Selection {
  return side.kind === "version" ? { ...base, versions: [side.version] } : { ...base, window: side.window };
}

// ── Starting a run ───────────────────────────────────────────────────────────

export interface StartRunOptions {
  trigger: RunTrigger;
  /** scheduled runs: the tick, and the key that makes the tick's run unique */
  scheduledFor?: Date;
  dedupeKey?: string;
  now?: Date;
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
  if (!cells.some(isComputeCell)) throw badRequest("This notebook has no evaluator or comparison cell to run.");
  const defaults = parseDefaults(nb.defaults);
  const now = opts.now ?? new Date();
  const [model, lastRun] = await Promise.all([
    db.model.findUniqueOrThrow({
      where: { id: nb.modelId },
      include: { versions: { select: { label: true, stage: true } }, baselines: { orderBy: { createdAt: "desc" }, select: { id: true, name: true, createdAt: true } } },
    }),
    db.run.findFirst({ where: { notebookId, status: { in: ["succeeded", "failed"] } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
  ]);
  const ctx: ResolveContext = { now, lastRunAt: lastRun?.createdAt ?? null, versions: model.versions, baselines: model.baselines };

  const rows: Prisma.RunCellCreateManyRunInput[] = [];
  for (const [position, cell] of cells.entries()) {
    const base = { cellId: cell.id, position, type: cell.type };
    if (cell.type === "markdown") {
      rows.push({ ...base, status: "succeeded", finishedAt: now, durationMs: 0 });
    } else if (cell.type === "chart") {
      rows.push({ ...base, status: "queued", config: JSON.stringify({ sourceCellId: cell.sourceCellId, metric: cell.metric, column: cell.column, mark: cell.mark }) });
    } else {
      const sel = mergeSelection(defaults, cell.selection);
      const selection =
        cell.type === "evaluator"
          ? resolveSelection(sel, ctx)
          : { a: resolveSelection(sideSelection(sel, cell.a), ctx), b: resolveSelection(sideSelection(sel, cell.b), ctx) };
      const def = await findEvaluator(cell.pluginId, cell.pluginVersion);
      rows.push({
        ...base,
        status: "queued",
        pluginRef: def ? `${def.id}@${def.version}` : `${cell.pluginId}@${cell.pluginVersion ?? "?"}`,
        config: JSON.stringify(cell.config),
        selection: JSON.stringify(selection),
      });
    }
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
        snapshot: JSON.stringify({ title: nb.title, defaults, cells }),
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
    where: { runId, type: { in: ["evaluator", "comparison"] }, status: { in: ["queued", "running"] }, ...(onlyCellIds ? { id: { in: onlyCellIds } } : {}) },
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
  await db.$transaction([
    db.runCell.updateMany({
      where: { runId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", finishedAt: now, error: `Cancelled by ${actor.label}.` },
    }),
    db.run.updateMany({
      where: { id: runId, status: { in: ["queued", "running"] } },
      data: { status: "cancelled", cancelRequestedAt: now, finishedAt: now, error: `Cancelled by ${actor.label}.` },
    }),
  ]);
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
    include: { cells: { orderBy: { position: "asc" } }, notebook: { select: { title: true, model: { select: { slug: true, name: true } } } } },
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
        title: cell && cell.type !== "markdown" ? (cell.title ?? null) : null,
        html: cell?.type === "markdown" ? renderMarkdown(cell.source) : undefined,
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
  const items = rows.slice(0, limit).map(({ cells, snapshot: _s, summary, ...r }) => ({
    ...r,
    summary: parseJson<RunSummary>(summary),
    progress: runProgress(cells),
  }));
  return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

// ── Results: extraction for charts and trends ───────────────────────────────

export interface RunSummary {
  cells: { succeeded: number; failed: number; cancelled: number };
  results: { pass: number; warn: number; fail: number; "n/a": number };
  failedCells: { cellId: string; error: string | null }[];
}

export interface ChartPoint {
  side?: string;
  cohort: string;
  column?: string;
  metric: string;
  value: number | null;
  status?: string;
}
export interface ChartResult {
  sourceCellId: string;
  metric: string | null;
  column: string | null;
  mark: string;
  points: ChartPoint[];
  /** the evaluator's own chart data per cohort (when no metric is chosen) */
  charts?: { side?: string; cohort: string; chart: unknown }[];
}

/** Points of `metric` (top-level, or per column) for every cohort of an evaluation. */
export function extractPoints(out: EvaluationOutput, metric: string, column?: string | null, side?: string): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const c of out.cohorts) {
    // Metric names are user input: own keys only, never a lookup through Object.prototype.
    if (!column && c.metrics && Object.hasOwn(c.metrics, metric)) {
      points.push({ ...(side ? { side } : {}), cohort: c.cohort, metric, value: c.metrics[metric] ?? null, status: c.status });
      continue;
    }
    for (const col of c.columns ?? []) {
      if (column && col.column !== column) continue;
      if (Object.hasOwn(col.metrics, metric)) points.push({ ...(side ? { side } : {}), cohort: c.cohort, column: col.column, metric, value: col.metrics[metric] ?? null, status: col.status });
    }
  }
  return points;
}

export function metricNames(out: EvaluationOutput): string[] {
  const names = new Set<string>();
  for (const c of out.cohorts) {
    for (const k of Object.keys(c.metrics ?? {})) names.add(k);
    for (const col of c.columns ?? []) for (const k of Object.keys(col.metrics)) names.add(k);
  }
  return [...names].sort();
}

function sides(result: EvaluationOutput | ComparisonOutput): { side?: string; out: EvaluationOutput }[] {
  return "a" in result && "b" in result ? [{ side: result.a.label, out: result.a }, { side: result.b.label, out: result.b }] : [{ out: result as EvaluationOutput }];
}

export function buildChart(source: EvaluationOutput | ComparisonOutput, spec: { sourceCellId: string; metric?: string; column?: string; mark?: string }): ChartResult {
  const parts = sides(source);
  if (spec.metric) {
    return {
      sourceCellId: spec.sourceCellId,
      metric: spec.metric,
      column: spec.column ?? null,
      mark: spec.mark ?? "auto",
      points: parts.flatMap((p) => extractPoints(p.out, spec.metric!, spec.column, p.side)),
    };
  }
  return {
    sourceCellId: spec.sourceCellId,
    metric: null,
    column: null,
    mark: spec.mark ?? "auto",
    points: [],
    charts: parts.flatMap((p) => p.out.cohorts.filter((c) => c.chart !== undefined).map((c) => ({ ...(p.side ? { side: p.side } : {}), cohort: c.cohort, chart: c.chart }))),
  };
}

/** Known config names of the built-in evaluators' thresholds, per metric. */
const THRESHOLD_KEYS = new Map<string, [string, string]>([
  ["latency_p95_ms", ["p95WarnMs", "p95FailMs"]],
  ["error_rate", ["errorRateWarn", "errorRateFail"]],
  ["cost_per_correct", ["costPerCorrectWarn", "costPerCorrectFail"]],
  ["mismatch_rate", ["mismatchWarn", "mismatchFail"]],
]);

/** The warn/fail lines to draw for `metric`, read from the cell's config (defaults applied). */
export function thresholdsFor(cfg: Record<string, unknown>, metric: string, kind?: string): { warn: number | null; fail: number | null } | null {
  const own = (key: string) => (Object.hasOwn(cfg, key) ? cfg[key] : undefined);
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const [wk, fk] = THRESHOLD_KEYS.get(metric) ?? [`${metric}Warn`, `${metric}Fail`];
  const warn = num(own(wk)) ?? num(own("warn")) ?? num(own("warnBelow"));
  // drift evaluators call their fail line `threshold`; elsewhere `threshold` is a decision threshold
  const fail = num(own(fk)) ?? num(own("fail")) ?? num(own("failBelow")) ?? (kind === "drift" ? num(own("threshold")) : null);
  return warn !== null || fail !== null ? { warn, fail } : null;
}

/**
 * A metric's value across the notebook's past runs, per cohort (and column), with the cell's
 * thresholds (config.warn / config.fail when the evaluator has them) for the trend chart.
 */
export async function trend(db: Db, workspaceId: string, notebookId: string, input: { cellId: string; metric?: string; column?: string; limit?: number }) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const cell = parseCells(nb.cells).find((c) => c.id === input.cellId);
  const rows = await db.runCell.findMany({
    where: { cellId: input.cellId, status: "succeeded", run: { notebookId } },
    orderBy: { run: { createdAt: "desc" } },
    take: input.limit ?? 50,
    select: { result: true, run: { select: { id: true, createdAt: true, scheduledFor: true } } },
  });
  rows.reverse();
  const available = new Set<string>();
  const series = new Map<string, { cohort: string; column: string | null; side: string | null; points: { runId: string; at: Date; value: number | null; status: string | null }[] }>();
  for (const row of rows) {
    const result = parseJson<EvaluationOutput | ComparisonOutput>(row.result);
    if (!result) continue;
    for (const part of sides(result)) {
      for (const m of metricNames(part.out)) available.add(m);
      if (!input.metric) continue;
      for (const p of extractPoints(part.out, input.metric, input.column, part.side)) {
        const key = `${p.side ?? ""}|${p.cohort}|${p.column ?? ""}`;
        let s = series.get(key);
        if (!s) series.set(key, (s = { cohort: p.cohort, column: p.column ?? null, side: p.side ?? null, points: [] }));
        s.points.push({ runId: row.run.id, at: row.run.scheduledFor ?? row.run.createdAt, value: p.value, status: p.status ?? null });
      }
    }
  }
  let thresholds: { warn: number | null; fail: number | null } | null = null;
  if (cell && isComputeCell(cell)) {
    const def = await findEvaluator(cell.pluginId, cell.pluginVersion);
    const cfg = { ...((def?.config.safeParse({}).data as Record<string, unknown> | undefined) ?? {}), ...cell.config };
    thresholds = thresholdsFor(cfg, input.metric ?? "", def?.kind);
  }
  return {
    cellId: input.cellId,
    cellTitle: cell && cell.type !== "markdown" ? (cell.title ?? cell.id) : input.cellId,
    metric: input.metric ?? null,
    column: input.column ?? null,
    metrics: [...available].sort(),
    thresholds,
    runs: rows.length,
    series: [...series.values()].sort((a, b) => (a.cohort === "all" ? -1 : b.cohort === "all" ? 1 : a.cohort.localeCompare(b.cohort))),
  };
}

export type { NotebookRow };

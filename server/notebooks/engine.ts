/**
 * What the worker does for a run: compute one cell (processCell) and assemble the run when its
 * cells have finished (assembleRun). Both are idempotent: every write is a conditional update on
 * a pending status, so a retried, stalled-and-rerun or duplicated job never writes a second
 * result, and a cancelled cell stays cancelled.
 */
import { UnrecoverableError, type Job } from "bullmq";
import { prisma } from "../db/client";
import { env } from "../env";
import type { Logger } from "../logger";
import { loadContract, loadEconomics } from "./contract";
import { CellEvaluationError, evalPool } from "./eval-pool";
import type { RunSummary } from "./results";
import { findComparison } from "./evaluation";
import type { PairedComparisonOutput } from "../evaluation/result-schema";
import { onRunFinished } from "./runs";
import type { Cell, ComparisonCell, ComparisonOutput, EvaluationOutput, ResolvedSelection } from "./types";
import { cellType, COMPUTE_CELL_TYPES, isComputeCell, isFinal } from "./types";
import type { CellTask } from "./eval-thread-protocol";

const PENDING = ["queued", "running"];

export interface CellJobContext {
  job: Pick<Job, "attemptsMade" | "opts" | "id">;
  workerId: string;
  logger: Logger;
}

// The contract and the model's economics are read here, on the main thread that has Prisma loaded
// anyway: the evaluation threads then need no Prisma.
async function evaluate(task: Omit<CellTask, "taskId" | "contract" | "model">): Promise<EvaluationOutput> {
  const [contract, economics] = await Promise.all([loadContract(task.modelId), loadEconomics(task.modelId)]);
  const reply = await evalPool().run({ ...task, contract, model: { economics } }, env.EVALBOOK_EVAL_TIMEOUT_MS);
  return reply.output as EvaluationOutput;
}

async function compare(task: Omit<CellTask, "taskId" | "contract" | "comparison"> & { comparison: Omit<NonNullable<CellTask["comparison"]>, "economics"> }): Promise<PairedComparisonOutput> {
  const [contract, economics] = await Promise.all([loadContract(task.modelId), loadEconomics(task.modelId)]);
  const reply = await evalPool().run({ ...task, contract, comparison: { ...task.comparison, economics } }, env.EVALBOOK_EVAL_TIMEOUT_MS);
  return reply.output as PairedComparisonOutput;
}

export async function processCell(runId: string, runCellId: string, ctx: CellJobContext) {
  const cell = await prisma.runCell.findUnique({ where: { id: runCellId }, include: { run: true } });
  if (!cell || cell.runId !== runId) return { skipped: "no such cell" };
  if (!PENDING.includes(cell.status)) return { skipped: `cell already ${cell.status}` };
  if (cell.run.status === "cancelled") {
    await prisma.runCell.updateMany({ where: { id: runCellId, status: { in: PENDING } }, data: { status: "cancelled", finishedAt: new Date() } });
    return { skipped: "run cancelled" };
  }

  const attempt = ctx.job.attemptsMade + 1;
  const started = new Date();
  // Claim the cell and mark the run running in one transaction, so no reader sees a running cell
  // in a queued run.
  const claimed = await prisma.$transaction(async (tx) => {
    const cellClaim = await tx.runCell.updateMany({
      where: { id: runCellId, status: { in: PENDING } },
      data: { status: "running", startedAt: started, attempts: attempt, workerId: ctx.workerId, jobId: String(ctx.job.id) },
    });
    if (cellClaim.count === 1) await tx.run.updateMany({ where: { id: runId, status: "queued" }, data: { status: "running", startedAt: started } });
    return cellClaim.count;
  });
  if (claimed !== 1) return { skipped: "cell no longer pending" };

  const snapshot = JSON.parse(cell.run.snapshot) as { cells: Cell[] };
  const found = snapshot.cells.find((c) => c.id === cell.cellId);
  const def = found && isComputeCell(found) ? found : undefined;
  const config = JSON.parse(cell.config) as Record<string, unknown>;
  const base = {
    workspaceId: cell.run.workspaceId,
    modelId: cell.run.modelId,
    pluginId: def?.pluginId ?? cell.pluginRef?.split("@")[0] ?? "",
    pluginVersion: def?.pluginVersion,
    config,
    columns: def?.columns,
  };

  let result: EvaluationOutput | ComparisonOutput | PairedComparisonOutput;
  try {
    if (cell.type === "comparison") {
      const sel = JSON.parse(cell.selection) as { a: ResolvedSelection; b: ResolvedSelection };
      if (def?.type !== "comparison") throw new CellEvaluationError(`The run's snapshot has no comparison cell "${cell.cellId}".`, true);
      const cmp = def;
      const label = (side: ComparisonCell["a"]) => side.label ?? (side.kind === "version" ? side.version : "window");
      if (await findComparison(base.pluginId, base.pluginVersion)) {
        result = await compare({ ...base, selection: sel.a, comparison: { b: sel.b, labels: { a: label(cmp.a), b: label(cmp.b) } } });
      } else {
        const [a, b] = await Promise.all([evaluate({ ...base, selection: sel.a }), evaluate({ ...base, selection: sel.b })]);
        const worst = [a.status, b.status].includes("fail") ? "fail" : [a.status, b.status].includes("warn") ? "warn" : a.status === "n/a" && b.status === "n/a" ? "n/a" : "pass";
        result = { a: { ...a, label: label(cmp.a) }, b: { ...b, label: label(cmp.b) }, status: worst };
      }
    } else {
      result = await evaluate({ ...base, selection: JSON.parse(cell.selection) as ResolvedSelection });
    }
  } catch (err) {
    const message = (err as Error).message;
    const unrecoverable = err instanceof CellEvaluationError && err.unrecoverable;
    const attempts = ctx.job.opts.attempts ?? 1;
    const final = unrecoverable || attempt >= attempts;
    const now = new Date();
    await prisma.runCell.updateMany({
      where: { id: runCellId, status: "running" },
      data: final
        ? { status: "failed", error: message, finishedAt: now, durationMs: now.getTime() - started.getTime() }
        : { status: "queued", error: `Attempt ${attempt} of ${attempts} failed: ${message}; retrying.` },
    });
    ctx.logger.warn({ runId, runCellId, attempt, final, err: message }, "cell evaluation failed");
    if (unrecoverable) throw new UnrecoverableError(message);
    throw err;
  }

  const finished = new Date();
  const pluginRef = "a" in result && typeof result.a === "object" ? `${result.a.plugin}@${result.a.version}` : `${(result as EvaluationOutput).plugin}@${(result as EvaluationOutput).version}`;
  const written = await prisma.runCell.updateMany({
    where: { id: runCellId, status: "running", workerId: ctx.workerId },
    data: {
      status: "succeeded",
      result: JSON.stringify(result),
      resultStatus: result.status,
      pluginRef,
      error: null,
      finishedAt: finished,
      durationMs: finished.getTime() - started.getTime(),
    },
  });
  return written.count === 1 ? { written: true, status: result.status } : { skipped: "another attempt finished first or the run was cancelled" };
}

/**
 * Finishes a run whose compute cells are all final: draws chart cells from their source cells,
 * sets the run's status and summary. Does nothing while cells are pending or once the run is final.
 */
export async function assembleRun(runId: string): Promise<{ assembled: boolean; reason?: string; status?: string }> {
  const run = await prisma.run.findUnique({ where: { id: runId }, include: { cells: { orderBy: { position: "asc" } } } });
  if (!run) return { assembled: false, reason: "no such run" };
  if (isFinal(run.status)) return { assembled: false, reason: `run already ${run.status}` };
  const compute = run.cells.filter((c) => COMPUTE_CELL_TYPES.includes(c.type));
  if (compute.some((c) => !isFinal(c.status))) return { assembled: false, reason: "cells still pending" };

  const now = new Date();
  const bySource = new Map(run.cells.map((c) => [c.cellId, c]));
  for (const derived of run.cells.filter((c) => cellType(c.type).run === "derived" && !isFinal(c.status))) {
    const spec = JSON.parse(derived.config) as { sourceCellId: string };
    const source = bySource.get(spec.sourceCellId);
    if (source?.status === "succeeded" && source.result) {
      const data = cellType(derived.type).derive!(spec, JSON.parse(source.result));
      await prisma.runCell.updateMany({
        where: { id: derived.id, status: { in: PENDING } },
        data: { status: "succeeded", result: JSON.stringify(data), resultStatus: source.resultStatus, finishedAt: now, durationMs: 0 },
      });
    } else {
      await prisma.runCell.updateMany({
        where: { id: derived.id, status: { in: PENDING } },
        data: {
          status: source?.status === "cancelled" ? "cancelled" : "failed",
          error: `Its source cell "${spec.sourceCellId}" ${source ? source.status : "is missing"}; nothing to draw.`,
          finishedAt: now,
        },
      });
    }
  }

  const cells = await prisma.runCell.findMany({ where: { runId } });
  const summary: RunSummary = {
    cells: { succeeded: 0, failed: 0, cancelled: 0 },
    results: { pass: 0, warn: 0, fail: 0, "n/a": 0 },
    failedCells: [],
  };
  for (const c of cells) {
    if (cellType(c.type).run === "static") continue;
    if (c.status === "succeeded" || c.status === "failed" || c.status === "cancelled") summary.cells[c.status]++;
    if (c.status === "failed") summary.failedCells.push({ cellId: c.cellId, error: c.error });
    if (cellType(c.type).run === "compute" && c.status === "succeeded" && c.resultStatus && c.resultStatus in summary.results)
      summary.results[c.resultStatus as keyof RunSummary["results"]]++;
  }
  const resultStatus = summary.results.fail ? "fail" : summary.results.warn ? "warn" : summary.results.pass ? "pass" : "n/a";
  const failedCompute = compute.filter((c) => c.status === "failed").length;
  const status = summary.cells.cancelled && !summary.cells.failed ? "cancelled" : failedCompute ? "failed" : "succeeded";
  const { count } = await prisma.run.updateMany({
    where: { id: runId, status: { in: PENDING } },
    data: {
      status,
      resultStatus,
      summary: JSON.stringify(summary),
      finishedAt: now,
      startedAt: run.startedAt ?? now,
      error: failedCompute ? `${failedCompute} of ${compute.length} evaluator cells failed.` : null,
    },
  });
  if (count !== 1) return { assembled: false, reason: "finished concurrently" };
  await onRunFinished(runId, status);
  return { assembled: true, status };
}

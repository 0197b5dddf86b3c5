/**
 * Checks a guardrail against its notebook before it is saved: the cell exists and computes, the
 * metric is one the cell reports, the operator points the bad way for that metric, the warn line
 * comes before the fail line, thresholds fit the metric's range, the rollback is complete. Every
 * problem is reported with its field, all at once.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import { badRequest, type FieldIssue } from "../../domain/errors";
import { isComputeCell, type Cell, type ComparisonOutput, type EvaluationOutput } from "../../notebooks/types";
import { parseNotebookCells } from "./slo";
import { BUILTIN_METRICS, isProportion, metricDirection, resultMetricNames } from "./metrics";
import type { GuardrailFields } from "./types";

export interface MetricOptions {
  pluginId: string;
  /** metrics of the whole cell (per cohort) and per column */
  cell: string[];
  column: string[];
  columns: string[];
  /** false when neither the plugin nor a past run tells which metrics exist */
  known: boolean;
}

/** `cells`: the notebook's cells as they will be saved (a notebook JSON import), instead of the stored ones. */
export async function metricOptions(db: PrismaClient, notebookId: string, cellId: string, cells?: Cell[]): Promise<MetricOptions | null> {
  const nb = await db.notebook.findUnique({ where: { id: notebookId }, select: { cells: true, modelId: true } });
  const cell = nb ? (cells ?? parseNotebookCells(nb.cells)).find((c) => c.id === cellId) : undefined;
  if (!nb || !cell || !isComputeCell(cell)) return null;
  const last = await db.runCell.findFirst({
    where: { cellId, status: "succeeded", run: { notebookId } },
    orderBy: { finishedAt: "desc" },
    select: { result: true },
  });
  const fromRun = resultMetricNames(last?.result ? (JSON.parse(last.result) as EvaluationOutput | ComparisonOutput) : null);
  const builtin = BUILTIN_METRICS[cell.pluginId];
  const features = cell.columns ?? (await db.featureContract.findMany({ where: { modelId: nb.modelId }, orderBy: { position: "asc" }, select: { name: true } })).map((f) => f.name);
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  return {
    pluginId: cell.pluginId,
    cell: uniq([...(builtin?.cell ?? []), ...fromRun.cell]),
    column: uniq([...(builtin?.column ?? []), ...fromRun.column]),
    columns: uniq([...features, ...fromRun.columns]),
    known: Boolean(builtin) || Boolean(last?.result),
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

export async function validateGuardrail(
  db: PrismaClient,
  ctx: { workspaceId: string; modelId: string; hasStoredSecret: boolean; cells?: Cell[] },
  g: GuardrailFields,
): Promise<void> {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  const nb = await db.notebook.findFirst({ where: { id: g.notebookId, workspaceId: ctx.workspaceId }, select: { modelId: true, cells: true, title: true } });
  if (!nb || nb.modelId !== ctx.modelId) add("notebookId", "no notebook of this model has that id");
  const options = nb && nb.modelId === ctx.modelId ? await metricOptions(db, g.notebookId, g.cellId, ctx.cells) : null;
  if (nb && nb.modelId === ctx.modelId && !options) add("cellId", `"${g.cellId}" is not an evaluator or comparison cell of "${nb.title}"`);

  if (options?.known) {
    const list = g.column === null ? options.cell : options.column;
    if (!list.includes(g.metric)) {
      add("metric", `${options.pluginId} does not report "${g.metric}"${g.column === null ? " for the whole cell" : " per column"}; it reports ${list.length ? list.join(", ") : "no such metrics"}`);
    }
    if (g.column !== null && g.column !== "*" && options.columns.length && !options.columns.includes(g.column))
      add("column", `"${g.column}" is not a column of this cell (${options.columns.slice(0, 12).join(", ")}${options.columns.length > 12 ? ", …" : ""})`);
  }

  const direction = metricDirection(g.metric);
  const up = g.op.startsWith(">");
  if (direction === "higher" && up) add("op", `${g.metric} is better when higher: a breach is a drop, so the operator is < or <=, not ${g.op}`);
  if (direction === "lower" && !up) add("op", `${g.metric} is better when lower: a breach is a rise, so the operator is > or >=, not ${g.op}`);

  if (g.warn !== null) {
    const stricter = up ? g.warn > g.fail : g.warn < g.fail;
    if (stricter)
      add("warn", `the warn line (${g.warn}) is stricter than the fail line (${g.fail}): with ${g.op} it must be ${up ? "at or below" : "at or above"} ${g.fail}, so warnings come before failures`);
  }
  if (isProportion(g.metric)) {
    if (g.fail < 0 || g.fail > 1) add("fail", `${g.metric} is a share between 0 and 1; ${g.fail} can never be crossed meaningfully`);
    if (g.warn !== null && (g.warn < 0 || g.warn > 1)) add("warn", `${g.metric} is a share between 0 and 1; ${g.warn} is outside it`);
  }
  if (g.flapThreshold >= g.flapWindow) add("flapThreshold", `flips (${g.flapThreshold}) must be fewer than the runs in the window (${g.flapWindow})`);

  if (g.rollbackMode !== "off") {
    if (!g.rollbackUrl) add("rollbackUrl", "a red line with a rollback needs the deployment system's URL");
    else if (!isHttpUrl(g.rollbackUrl)) add("rollbackUrl", "must be an http:// or https:// URL");
    if (g.rollbackMode !== "dry_run" && !g.rollbackSecret && !ctx.hasStoredSecret)
      add("rollbackSecret", "a rollback that is really sent needs a signing secret (the receiver verifies the signature)");
  }
  if (g.runbookIds.length) {
    const found = await db.runbook.count({ where: { id: { in: g.runbookIds }, modelId: ctx.modelId } });
    if (found !== new Set(g.runbookIds).size) add("runbookIds", "every linked runbook must be a runbook of this model");
  }
  if (issues.length) throw badRequest(`The guardrail is not valid: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}.`, issues);
}

/**
 * HTTP API v1 for notebooks and runs (DESIGN §5):
 *   GET  /api/v1/models/{slug}/notebooks   the model's notebooks (schedule, last run)
 *   GET  /api/v1/notebooks/{id}            the notebook, each cell with its latest result and stale flag
 *   POST /api/v1/notebooks/{id}/runs       start a run (all cells or some, optional parameters) → 202 { runId, status, url }
 *   GET  /api/v1/runs/{id}                 status, progress, per-cell status and results
 */
import { prisma } from "../../db/client";
import { getNotebook, listNotebooks, requireNotebook } from "../../notebooks/service";
import { getRun, startRun } from "../../notebooks/runs";
import { notebookCellResults } from "../../notebooks/cell-results";
import { runRequestSchema } from "../../notebooks/parameters";
import type { V1Context } from "./route";

export async function v1ListNotebooks(ctx: V1Context, slug: string) {
  await ctx.model(slug); // 404 / 403 as for every model route
  const items = await listNotebooks(prisma, ctx.workspaceId, slug);
  return { notebooks: items };
}

export async function v1GetNotebook(ctx: V1Context, notebookId: string) {
  const nb = await requireNotebook(prisma, ctx.workspaceId, notebookId);
  ctx.allowModel(nb.modelId, `notebook "${notebookId}"`);
  const [view, results] = await Promise.all([getNotebook(prisma, ctx.workspaceId, notebookId), notebookCellResults(prisma, ctx.workspaceId, notebookId)]);
  const byCell = new Map(results.map((r) => [r.cellId, r]));
  const { model, ...rest } = view;
  return {
    ...rest,
    model: { slug: model.slug, name: model.name, task: model.task },
    cells: view.cells.map((c) => {
      const r = byCell.get(c.id);
      return { ...c, latest: r?.latest ?? null, stale: r?.stale ?? false, staleReasons: r?.staleReasons ?? [], newPredictions: r?.newPredictions ?? null, pending: r?.pending ?? null };
    }),
  };
}

export async function v1StartRun(ctx: V1Context, notebookId: string) {
  const nb = await requireNotebook(prisma, ctx.workspaceId, notebookId);
  ctx.allowModel(nb.modelId, `notebook "${notebookId}"`);
  const body = runRequestSchema.parse(await ctx.jsonObject());
  const started = await startRun(prisma, ctx.workspaceId, ctx.actor, notebookId, { trigger: "api", cellIds: body.cells, parameters: body.parameters });
  const run = await prisma.run.findUniqueOrThrow({ where: { id: started.runId }, select: { cellIds: true, parameters: true } });
  return Response.json(
    {
      runId: started.runId,
      status: started.status,
      partial: run.cellIds !== null,
      cells: run.cellIds ? (JSON.parse(run.cellIds) as string[]) : null,
      parameters: run.parameters ? (JSON.parse(run.parameters) as unknown) : null,
      url: `/api/v1/runs/${started.runId}`,
      ...(started.warning ? { warning: started.warning } : {}),
    },
    { status: 202, headers: { location: `/api/v1/runs/${started.runId}` } },
  );
}

export async function v1GetRun(ctx: V1Context, runId: string) {
  const run = await getRun(prisma, ctx.workspaceId, runId);
  const modelId = (await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { modelId: true } })).modelId;
  ctx.allowModel(modelId, `run "${runId}"`);
  return run;
}

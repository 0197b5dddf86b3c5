/**
 * HTTP API v1 for notebooks and runs (DESIGN §5):
 *   GET  /api/v1/models/{slug}/notebooks   the model's notebooks (schedule, last run)
 *   POST /api/v1/notebooks/{id}/runs       start a run → 202 { runId, status, url }
 *   GET  /api/v1/runs/{id}                 status, progress, per-cell status and results
 */
import { prisma } from "../../db/client";
import { listNotebooks, requireNotebook } from "../../notebooks/service";
import { getRun, startRun } from "../../notebooks/runs";
import type { V1Context } from "./route";

export async function v1ListNotebooks(ctx: V1Context, slug: string) {
  await ctx.model(slug); // 404 / 403 as for every model route
  const items = await listNotebooks(prisma, ctx.workspaceId, slug);
  return { notebooks: items };
}

export async function v1StartRun(ctx: V1Context, notebookId: string) {
  const nb = await requireNotebook(prisma, ctx.workspaceId, notebookId);
  ctx.allowModel(nb.modelId, `notebook "${notebookId}"`);
  const started = await startRun(prisma, ctx.workspaceId, ctx.actor, notebookId, { trigger: "api" });
  return Response.json(
    { runId: started.runId, status: started.status, url: `/api/v1/runs/${started.runId}`, ...(started.warning ? { warning: started.warning } : {}) },
    { status: 202, headers: { location: `/api/v1/runs/${started.runId}` } },
  );
}

export async function v1GetRun(ctx: V1Context, runId: string) {
  const run = await getRun(prisma, ctx.workspaceId, runId);
  const modelId = (await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { modelId: true } })).modelId;
  ctx.allowModel(modelId, `run "${runId}"`);
  return run;
}

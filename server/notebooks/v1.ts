/**
 * HTTP API v1 for notebooks and runs (DESIGN §5), behind the shared v1 wrapper
 * (server/ingest/http.ts: API-key auth, rate limit, error mapping).
 *
 *   GET  /api/v1/models/{slug}/notebooks   the model's notebooks (schedule, last run)
 *   POST /api/v1/notebooks/{id}/runs       start a run → 202 { runId, status, url }
 *   GET  /api/v1/runs/{id}                 status, progress, per-cell status and results
 */
import { prisma } from "../db/client";
import { DomainError } from "../domain/errors";
import type { V1Context } from "../ingest/http";
import type { Actor } from "../services/audit";
import { listNotebooks, requireNotebook } from "./service";
import { getRun, startRun } from "./runs";

function actorOf(ctx: V1Context): Actor {
  return ctx.auth.kind === "key" ? { id: null, label: `api key ${ctx.auth.key.id}` } : { id: ctx.auth.userId, label: ctx.auth.email };
}

/** An API key limited to some models may only reach those models' notebooks and runs. */
function assertModelAllowed(ctx: V1Context, modelId: string, what: string) {
  if (ctx.auth.kind === "key" && ctx.auth.key.modelIds && !ctx.auth.key.modelIds.includes(modelId))
    throw new DomainError("FORBIDDEN", `This API key is limited to other models and may not access ${what}.`);
}

export async function v1ListNotebooks(ctx: V1Context, slug: string) {
  ctx.model(slug); // 404 / 403 as for every model route
  const items = await listNotebooks(prisma, ctx.workspaceId, slug);
  return { notebooks: items };
}

export async function v1StartRun(ctx: V1Context, notebookId: string) {
  const nb = await requireNotebook(prisma, ctx.workspaceId, notebookId);
  assertModelAllowed(ctx, nb.modelId, `notebook "${notebookId}"`);
  const started = await startRun(prisma, ctx.workspaceId, actorOf(ctx), notebookId, { trigger: "api" });
  return Response.json(
    { runId: started.runId, status: started.status, url: `/api/v1/runs/${started.runId}`, ...(started.warning ? { warning: started.warning } : {}) },
    { status: 202, headers: { location: `/api/v1/runs/${started.runId}` } },
  );
}

export async function v1GetRun(ctx: V1Context, runId: string) {
  const run = await getRun(prisma, ctx.workspaceId, runId);
  const modelId = (await prisma.run.findUniqueOrThrow({ where: { id: runId }, select: { modelId: true } })).modelId;
  assertModelAllowed(ctx, modelId, `run "${runId}"`);
  return run;
}

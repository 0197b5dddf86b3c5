/**
 * HTTP API v1 for the model inventory (DESIGN §5), behind the shared v1 wrapper:
 *   GET /api/v1/models          every model of the key's workspace (or the models the key is limited to)
 *   GET /api/v1/models/{slug}   one model with versions, stage history, feature contract and SLOs
 */
import { prisma } from "../db/client";
import type { V1Context } from "../ingest/http";
import { getModel, listModels, listModelsInput } from "./models";

export async function v1ListModels(ctx: V1Context) {
  const url = new URL(ctx.req.url);
  const input = listModelsInput.parse({
    q: url.searchParams.get("q") ?? undefined,
    task: url.searchParams.get("task") ?? undefined,
    ownerTeam: url.searchParams.get("owner") ?? undefined,
    stage: url.searchParams.get("stage") ?? undefined,
    tag: url.searchParams.get("tag") ?? undefined,
    page: Number(url.searchParams.get("page") ?? 1),
    pageSize: Number(url.searchParams.get("pageSize") ?? 100),
  });
  const page = await listModels(prisma, ctx.workspaceId, input);
  const allowed = ctx.auth.kind === "key" ? ctx.auth.key.modelIds : null;
  const items = allowed ? page.items.filter((m) => allowed.includes(m.id)) : page.items;
  return {
    models: items.map(({ workspaceId: _w, ...m }) => m),
    page: page.page,
    pageSize: page.pageSize,
    total: allowed ? items.length : page.total,
  };
}

export async function v1GetModel(ctx: V1Context, slug: string) {
  ctx.model(slug); // 404 for an unknown slug, 403 when the key is limited to other models
  const { workspaceId: _w, ...model } = await getModel(prisma, ctx.workspaceId, slug);
  return model;
}

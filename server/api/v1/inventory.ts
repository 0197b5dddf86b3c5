/**
 * HTTP API v1 for the model inventory (DESIGN §5):
 *   GET /api/v1/models          every model of the key's workspace (or the models the key is limited to)
 *   GET /api/v1/models/{slug}   one model with versions, stage history, feature contract and SLOs
 *   GET /api/v1/models/{slug}/traffic   its traffic from the rollups, marked estimated when sampled
 */
import { sharedPageReads } from "../../services/page-reads";
import type { z } from "zod";
import { prisma } from "../../db/client";
import { getModel, listModels, listModelsInput } from "../../services/models";
import type { V1Context } from "./route";
import { predictionRepository } from "../../predictions";
import { isEstimated, sampleNote } from "../../format/estimate";
import type { listModels as listModelsEndpoint } from "./endpoints";

export async function v1ListModels(ctx: V1Context, query: z.output<NonNullable<(typeof listModelsEndpoint)["query"]>>) {
  const input = listModelsInput.parse({
    q: query.q,
    task: query.task,
    ownerTeam: query.owner,
    stage: query.stage,
    tag: query.tag,
    page: query.page ?? 1,
    pageSize: query.pageSize ?? 100,
  });
  const page = await listModels(prisma, sharedPageReads(), ctx.workspaceId, input);
  const allowed = ctx.allowedModelIds;
  const items = allowed ? page.items.filter((m) => allowed.includes(m.id)) : page.items;
  return {
    models: items.map(({ workspaceId: _w, ...m }) => m),
    page: page.page,
    pageSize: page.pageSize,
    total: allowed ? items.length : page.total,
  };
}

export async function v1ModelTraffic(ctx: V1Context, slug: string) {
  const model = await ctx.model(slug);
  const repo = predictionRepository();
  const traffic = await repo.modelTraffic(model.id, (await repo.versions(model.id)).map((v) => v.label));
  return {
    estimated: isEstimated(traffic.sample),
    sampleNote: sampleNote(traffic.sample) || null,
    ...traffic,
    versions: traffic.versions.map((v) => ({ ...v, estimated: v.sampledRows > 0 })),
  };
}

export async function v1GetModel(ctx: V1Context, slug: string) {
  await ctx.model(slug); // 404 for an unknown slug, 403 when the key is limited to other models
  const { workspaceId: _w, ...model } = await getModel(prisma, ctx.workspaceId, slug);
  return model;
}

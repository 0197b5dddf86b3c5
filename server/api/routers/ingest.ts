import { z } from "zod";
import { editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { ws } from "./inputs";
import { notFound } from "../../domain/errors";
import { replaceFeatureContract } from "../../services/models";
import { predictionRepository } from "../../predictions";
import { contractFromColumns } from "../../ingest/baselines";
import { openApiDocument } from "../v1/openapi";
import { env } from "../../env";
import { actorOf } from "./me";

const wsModel = z.object({ workspaceSlug: z.string().min(1), slug: z.string().min(1) });

/** The model by slug in the caller's workspace, for routers that read prediction storage (404 when unknown). */
export async function requireModel(workspaceId: string, slug: string) {
  const model = await predictionRepository().findModel(workspaceId, slug);
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

/** What the model page's "Traffic & labels" and "Baselines" sections read. */
export const ingestRouter = router({
  /** The OpenAPI document and the limits, for the in-app API page. */
  apiDocs: viewerProcedure.input(ws).query(() => ({
    openapi: openApiDocument(),
    limits: { maxBodyBytes: env.INGEST_MAX_BODY_BYTES, maxRows: env.INGEST_MAX_ROWS, ratePerMinute: env.INGEST_RATE_LIMIT_PER_MINUTE },
  })),
  traffic: viewerProcedure.input(wsModel).query(async ({ ctx, input }) => {
    const model = await queryModel(ctx, input.slug);
    return predictionRepository().modelTraffic(model.id, model.versions.map((v) => v.label));
  }),
  /** The inventory's traffic column: per model, the last 7 UTC days from the rollups. */
  workspaceTraffic: viewerProcedure.input(z.object({ workspaceSlug: z.string().min(1) })).query(({ ctx }) =>
    predictionRepository().workspaceTraffic(ctx.workspace.id, Date.now() - 6 * 86_400_000),
  ),
  baselines: viewerProcedure.input(wsModel).query(async ({ ctx, input }) => predictionRepository().listBaselines((await queryModel(ctx, input.slug)).id)),
  /** Proposed contract (preview) from a baseline's columns. */
  contractFromBaseline: viewerProcedure.input(wsModel.extend({ baselineId: z.string().min(1) })).query(async ({ ctx, input }) => {
    const model = await requireModel(ctx.workspace.id, input.slug);
    const baseline = (await predictionRepository().listBaselines(model.id)).find((b) => b.id === input.baselineId);
    if (!baseline) throw notFound("No such baseline for this model.");
    return contractFromColumns(baseline.columns);
  }),
  applyContractFromBaseline: editorProcedure.input(wsModel.extend({ baselineId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const model = await requireModel(ctx.workspace.id, input.slug);
    const baseline = (await predictionRepository().listBaselines(model.id)).find((b) => b.id === input.baselineId);
    if (!baseline) throw notFound("No such baseline for this model.");
    const features = contractFromColumns(baseline.columns);
    return replaceFeatureContract(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, features);
  }),
});

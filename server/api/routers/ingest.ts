import { z } from "zod";
import { editorProcedure, router, viewerProcedure } from "../trpc";
import { notFound } from "../../domain/errors";
import { replaceFeatureContract } from "../../services/models";
import { ingestStore } from "../../predictions/store";
import { listBaselines, modelTraffic } from "../../predictions/stats";
import { contractFromColumns } from "../../ingest/baselines";
import { openApiDocument } from "../v1/openapi";
import { env } from "../../env";
import { actorOf } from "./me";

const wsModel = z.object({ workspaceSlug: z.string().min(1), slug: z.string().min(1) });

function requireModel(workspaceId: string, slug: string) {
  const model = ingestStore().findModel(workspaceId, slug);
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

/** What the model page's "Traffic & labels" and "Baselines" sections read. */
export const ingestRouter = router({
  /** The OpenAPI document and the limits, for the in-app API page. */
  apiDocs: viewerProcedure.input(z.object({ workspaceSlug: z.string().min(1) })).query(() => ({
    openapi: openApiDocument(),
    limits: { maxBodyBytes: env.INGEST_MAX_BODY_BYTES, maxRows: env.INGEST_MAX_ROWS, ratePerMinute: env.INGEST_RATE_LIMIT_PER_MINUTE },
  })),
  traffic: viewerProcedure.input(wsModel).query(({ ctx, input }) => {
    const store = ingestStore();
    const model = requireModel(ctx.workspace.id, input.slug);
    return modelTraffic(store.db, model.id, store.versions(model.id).map((v) => v.label));
  }),
  baselines: viewerProcedure.input(wsModel).query(({ ctx, input }) => {
    const model = requireModel(ctx.workspace.id, input.slug);
    return listBaselines(ingestStore().db, model.id);
  }),
  /** Proposed contract (preview) from a baseline's columns. */
  contractFromBaseline: viewerProcedure.input(wsModel.extend({ baselineId: z.string().min(1) })).query(({ ctx, input }) => {
    const model = requireModel(ctx.workspace.id, input.slug);
    const baseline = listBaselines(ingestStore().db, model.id).find((b) => b.id === input.baselineId);
    if (!baseline) throw notFound("No such baseline for this model.");
    return contractFromColumns(baseline.columns);
  }),
  applyContractFromBaseline: editorProcedure.input(wsModel.extend({ baselineId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const model = requireModel(ctx.workspace.id, input.slug);
    const baseline = listBaselines(ingestStore().db, model.id).find((b) => b.id === input.baselineId);
    if (!baseline) throw notFound("No such baseline for this model.");
    const features = contractFromColumns(baseline.columns);
    return replaceFeatureContract(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, features);
  }),
});

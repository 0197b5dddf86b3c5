import { z } from "zod";
import { adminProcedure, editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { ws } from "./inputs";
import { featureSpecSchema } from "../../../plugins/sdk";
import { STAGES, slugSchema } from "../../domain/model";
import {
  addVersion,
  createModel,
  createModelInput,
  deleteModel,
  listAudit,
  listModels,
  listModelsInput,
  modelDetail,
  modelFacets,
  replaceFeatureContract,
  setVersionStage,
  updateModel,
  updateModelInput,
  versionLabelSchema,
} from "../../services/models";
import { actorOf } from "./me";
import { latestRunPerModel } from "../../notebooks/latest-runs";

const wsModel = ws.extend({ slug: z.string().min(1) });

export const modelRouter = router({
  list: viewerProcedure.input(ws.extend(listModelsInput.shape)).query(({ ctx, input }) => listModels(ctx.prisma, ctx.reads, ctx.workspace.id, input)),
  facets: viewerProcedure.input(ws).query(({ ctx }) => modelFacets(ctx.reads, ctx.workspace.id)),
  latestRuns: viewerProcedure.input(ws).query(({ ctx }) => latestRunPerModel(ctx.reads, ctx.workspace.id)),
  get: viewerProcedure.input(wsModel).query(async ({ ctx, input }) => modelDetail(await queryModel(ctx, input.slug))),
  audit: viewerProcedure
    .input(wsModel.extend({ cursor: z.string().optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => listAudit(ctx.prisma, ctx.reads, ctx.workspace.id, (await queryModel(ctx, input.slug)).id, input.cursor, input.limit)),
  create: editorProcedure
    .input(ws.extend(createModelInput.shape).extend({ slug: slugSchema }))
    .mutation(({ ctx, input }) => {
      const { workspaceSlug: _ws, ...data } = input;
      return createModel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), data);
    }),
  update: editorProcedure
    .input(wsModel.extend({ data: updateModelInput }))
    .mutation(({ ctx, input }) => updateModel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, input.data)),
  delete: adminProcedure.input(wsModel).mutation(({ ctx, input }) => deleteModel(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug)),
  addVersion: editorProcedure
    .input(wsModel.extend({ label: versionLabelSchema, stage: z.enum(STAGES) }))
    .mutation(({ ctx, input }) => addVersion(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, input.label, input.stage)),
  setStage: editorProcedure
    .input(wsModel.extend({ label: z.string().min(1), stage: z.enum(STAGES) }))
    .mutation(({ ctx, input }) => setVersionStage(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, input.label, input.stage)),
  setContract: editorProcedure
    .input(wsModel.extend({ features: z.array(featureSpecSchema).max(2000) }))
    .mutation(({ ctx, input }) => replaceFeatureContract(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, input.features)),
});

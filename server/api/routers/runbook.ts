/** Runbooks per model: thin zod input → server/runbooks services. */
import { z } from "zod";
import { editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { byId, byModel } from "./inputs";
import { actorOf } from "./me";
import {
  createRunbook,
  deleteRunbook,
  getRunbook,
  listRunbooks,
  runbookFields,
  runbookHistory,
  runbookRevision,
  runbookTemplates,
  updateRunbook,
} from "../../runbooks/service";

export const runbookRouter = router({
  list: viewerProcedure.input(byModel).query(async ({ ctx, input }) => listRunbooks(ctx.reads, (await queryModel(ctx, input.modelSlug)).id)),
  templates: viewerProcedure.input(byModel).query(({ ctx, input }) => runbookTemplates(ctx.prisma, ctx.workspace.id, input.modelSlug)),
  get: viewerProcedure.input(byId).query(({ ctx, input }) => getRunbook(ctx.prisma, ctx.workspace.id, input.id)),
  history: viewerProcedure.input(byId).query(({ ctx, input }) => runbookHistory(ctx.prisma, ctx.workspace.id, input.id)),
  revision: viewerProcedure
    .input(byId.extend({ revision: z.number().int().min(1) }))
    .query(({ ctx, input }) => runbookRevision(ctx.prisma, ctx.workspace.id, input.id, input.revision)),
  create: editorProcedure
    .input(byModel.extend(runbookFields.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceSlug: _w, modelSlug, ...data } = input;
      return createRunbook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), modelSlug, data);
    }),
  update: editorProcedure
    .input(byId.extend({ expectedRevision: z.number().int().min(1), ...runbookFields.shape }))
    .mutation(({ ctx, input }) => {
      const { workspaceSlug: _w, id, expectedRevision, ...data } = input;
      return updateRunbook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), id, expectedRevision, data);
    }),
  delete: editorProcedure.input(byId).mutation(({ ctx, input }) => deleteRunbook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),
});

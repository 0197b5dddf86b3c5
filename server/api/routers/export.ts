import { z } from "zod";
import { editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { predictionRepository } from "../../predictions";
import { exportPolicySchema, cohortFilterSchema, storedPolicy } from "../../export/policy";
import { previewExport, saveExportPolicy } from "../../export/service";
import { actorOf } from "./me";
import { requireModel } from "./ingest";

const wsModel = z.object({ workspaceSlug: z.string().min(1), slug: z.string().min(1) });

/** The model page's "Training data" section: the saved export policy, and a preview of an export's counts. */
export const exportRouter = router({
  policy: viewerProcedure.input(wsModel).query(async ({ ctx, input }) => storedPolicy((await queryModel(ctx, input.slug)).exportPolicy)),
  savePolicy: editorProcedure
    .input(wsModel.extend({ policy: exportPolicySchema }))
    .mutation(({ ctx, input }) => saveExportPolicy(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.slug, input.policy)),
  preview: editorProcedure
    .input(
      wsModel.extend({
        from: z.number(),
        to: z.number(),
        versions: z.array(z.string().min(1)),
        cohort: cohortFilterSchema,
        labelledOnly: z.boolean(),
        excludeDataQuality: z.boolean(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const model = await requireModel(ctx.workspace.id, input.slug);
      return previewExport(ctx.prisma, predictionRepository(), model, {
        from: input.from,
        to: input.to,
        versions: input.versions,
        cohort: input.cohort,
        labelled: input.labelledOnly,
        dataQuality: input.excludeDataQuality,
      });
    }),
});

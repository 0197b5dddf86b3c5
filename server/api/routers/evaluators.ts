import { z } from "zod";
import { router, viewerProcedure } from "../trpc";
import { listEvaluatorInfos } from "../../notebooks/evaluation";

export const evaluatorsRouter = router({
  /** Installed evaluators: id, version, kind, title, description, needs, config JSON Schema (for generated forms). */
  list: viewerProcedure
    .input(z.object({ workspaceSlug: z.string().min(1), kind: z.string().optional() }))
    .query(async ({ input }) => {
      const all = await listEvaluatorInfos();
      return input.kind ? all.filter((e) => e.kind === input.kind) : all;
    }),
});

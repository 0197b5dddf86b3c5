/** Guardrails of a model: thin zod input → server/control/guardrails services. */
import { z } from "zod";
import { editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { byId, byModel, ws } from "./inputs";
import { actorOf } from "./me";
import { guardrailFieldsSchema } from "../../control/guardrails/types";
import {
  createGuardrail,
  deleteGuardrail,
  getGuardrail,
  guardrailHistory,
  guardrailMetricOptions,
  modelGuardrails,
  modelsHealth,
  setGuardrailPaused,
  updateGuardrail,
} from "../../control/guardrails/service";

export const guardrailRouter = router({
  list: viewerProcedure.input(byModel).query(async ({ ctx, input }) => modelGuardrails(ctx.prisma, await queryModel(ctx, input.modelSlug), ctx.reads)),
  get: viewerProcedure.input(byId).query(({ ctx, input }) => getGuardrail(ctx.prisma, ctx.workspace.id, input.id)),
  history: viewerProcedure
    .input(byId.extend({ cohort: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => guardrailHistory(ctx.prisma, ctx.workspace.id, input.id, { cohort: input.cohort, limit: input.limit })),
  metricOptions: viewerProcedure
    .input(ws.extend({ notebookId: z.string().min(1), cellId: z.string().min(1) }))
    .query(({ ctx, input }) => guardrailMetricOptions(ctx.prisma, ctx.workspace.id, input.notebookId, input.cellId)),
  health: viewerProcedure.input(ws).query(({ ctx }) => modelsHealth(ctx.reads, ctx.workspace.id)),
  create: editorProcedure
    .input(byModel.extend({ guardrail: guardrailFieldsSchema }))
    .mutation(({ ctx, input }) => createGuardrail(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.modelSlug, input.guardrail)),
  update: editorProcedure
    .input(byId.extend({ guardrail: guardrailFieldsSchema }))
    .mutation(({ ctx, input }) => updateGuardrail(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.guardrail)),
  setPaused: editorProcedure
    .input(byId.extend({ paused: z.boolean() }))
    .mutation(({ ctx, input }) => setGuardrailPaused(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.paused)),
  delete: editorProcedure.input(byId).mutation(({ ctx, input }) => deleteGuardrail(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),
});

/** The incidents inbox and incident page: thin zod input → server/control/incidents and server/control/rollback. */
import { z } from "zod";
import { editorProcedure, router, viewerProcedure } from "../trpc";
import { byId, ws } from "./inputs";
import { actorOf } from "./me";
import {
  acknowledgeIncident,
  commentOnIncident,
  getIncident,
  incidentFacets,
  listIncidents,
  listIncidentsInput,
  resolveIncidentByHand,
} from "../../control/incidents/service";
import { confirmRollback } from "../../control/rollback/service";

export const incidentRouter = router({
  list: viewerProcedure.input(ws.extend(listIncidentsInput.shape)).query(({ ctx, input }) => {
    const { workspaceSlug: _w, ...filters } = input;
    return listIncidents(ctx.prisma, ctx.workspace.id, filters);
  }),
  facets: viewerProcedure.input(ws).query(({ ctx }) => incidentFacets(ctx.prisma, ctx.workspace.id)),
  get: viewerProcedure.input(byId).query(({ ctx, input }) => getIncident(ctx.prisma, ctx.workspace.id, input.id)),
  acknowledge: editorProcedure
    .input(byId.extend({ note: z.string().max(2000).optional() }))
    .mutation(({ ctx, input }) => acknowledgeIncident(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.note)),
  resolve: editorProcedure
    .input(byId.extend({ note: z.string().max(5000) }))
    .mutation(({ ctx, input }) => resolveIncidentByHand(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.note)),
  comment: editorProcedure
    .input(byId.extend({ body: z.string().max(5000) }))
    .mutation(({ ctx, input }) => commentOnIncident(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.body)),
  rollback: editorProcedure.input(byId).mutation(({ ctx, input }) => confirmRollback(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),
});

/**
 * Reports: thin zod input → server/reports services. `shared` is the one public procedure: it
 * answers only for a valid share token and returns that report's standalone HTML, nothing else.
 */
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { editorProcedure, publicProcedure, router, viewerProcedure } from "../trpc";
import { byId, ws } from "./inputs";
import { actorOf } from "./me";
import {
  createLinkInput,
  createReportFromRun,
  createReportInput,
  createShareLink,
  deleteReport,
  getReport,
  listReports,
  listShareLinks,
  reportEditInput,
  reportableRuns,
  resolveShareToken,
  revokeShareLink,
  updateReport,
} from "../../reports/service";
import { REPORT_CSS, renderReportBody, renderStandaloneHtml } from "../../reports/html";
import { promoteFromReport, reportComparisons } from "../../notebooks/promote";

export const reportRouter = router({
  list: viewerProcedure
    .input(ws.extend({ modelSlug: z.string().min(1).optional(), limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listReports(ctx.prisma, ctx.workspace.id, input)),
  get: viewerProcedure.input(byId).query(({ ctx, input }) => getReport(ctx.prisma, ctx.workspace.id, input.id)),
  /** The report's markup as the share page and the exports show it (scoped CSS + body). */
  preview: viewerProcedure.input(byId).query(async ({ ctx, input }) => {
    const r = await getReport(ctx.prisma, ctx.workspace.id, input.id);
    return { css: REPORT_CSS, body: renderReportBody(r) };
  }),
  runs: viewerProcedure
    .input(ws.extend({ modelSlug: z.string().min(1).optional(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(({ ctx, input }) => reportableRuns(ctx.prisma, ctx.workspace.id, input)),
  create: editorProcedure.input(ws.extend(createReportInput.shape)).mutation(({ ctx, input }) => {
    const { workspaceSlug: _w, ...data } = input;
    return createReportFromRun(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), data);
  }),
  update: editorProcedure.input(byId.extend(reportEditInput.shape)).mutation(({ ctx, input }) => {
    const { workspaceSlug: _w, id, ...data } = input;
    return updateReport(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), id, data);
  }),
  /** The paired comparisons the report froze, with the candidate each could promote and the model's versions now. */
  comparisons: viewerProcedure.input(byId).query(async ({ ctx, input }) => {
    const { report, comparisons, versions } = await reportComparisons(ctx.prisma, ctx.workspace.id, input.id);
    return { runId: report.runId, comparisons, versions };
  }),
  /** Promote a frozen paired comparison's candidate (side B) to production; the audit event links the report. */
  promote: editorProcedure
    .input(byId.extend({ cellId: z.string().min(1) }))
    .mutation(({ ctx, input }) => promoteFromReport(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.cellId)),
  delete: editorProcedure.input(byId).mutation(({ ctx, input }) => deleteReport(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id)),

  /** Viewers see that links exist (creator, created, expiry, last opened); only editors create or revoke. */
  links: viewerProcedure.input(byId).query(({ ctx, input }) => listShareLinks(ctx.prisma, ctx.workspace.id, input.id)),
  createLink: editorProcedure.input(byId.extend(createLinkInput.shape)).mutation(async ({ ctx, input }) => {
    const { workspaceSlug: _w, id, ...data } = input;
    const link = await createShareLink(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), id, data);
    return { id: link.id, url: link.url, expiresAt: link.expiresAt };
  }),
  revokeLink: editorProcedure
    .input(byId.extend({ linkId: z.string().min(1) }))
    .mutation(({ ctx, input }) => revokeShareLink(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.id, input.linkId)),

  /** Public by design: the report behind a share token (same NOT_FOUND for unknown, revoked, expired). */
  shared: publicProcedure.input(z.object({ token: z.string().max(200) })).query(async ({ ctx, input }) => {
    const report = await resolveShareToken(ctx.prisma, input.token);
    if (!report) throw new TRPCError({ code: "NOT_FOUND", message: "This link does not exist or no longer works." });
    return { title: report.title, html: renderStandaloneHtml(report, { noindex: true }) };
  }),
});

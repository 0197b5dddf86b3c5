/**
 * HTTP API v1 for reports: freeze a run, share links, exports. A key limited to some models
 * reaches only reports and runs of those models.
 */
import { prisma } from "../../db/client";
import { notFound } from "../../domain/errors";
import { createLinkInput, createReportFromRun, createReportInput, createShareLink, revokeShareLink } from "../../reports/service";
import { exportReport } from "../../reports/export";
import type { V1Context } from "./route";

async function reportOf(ctx: V1Context, id: string) {
  const r = await prisma.report.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, modelId: true } });
  if (!r) throw notFound(`No report "${id}" in workspace "${ctx.workspaceSlug}".`);
  ctx.allowModel(r.modelId, `report "${id}"`);
  return r;
}

/** POST /api/v1/runs/{id}/reports — body: { title?, narrative?, cellOrder?, runbookIds? } */
export async function v1CreateReport(ctx: V1Context, runId: string) {
  const run = await prisma.run.findFirst({ where: { id: runId, workspaceId: ctx.workspaceId }, select: { modelId: true } });
  if (!run) throw notFound(`No run "${runId}" in workspace "${ctx.workspaceSlug}".`);
  ctx.allowModel(run.modelId, `run "${runId}"`);
  const body = createReportInput.omit({ runId: true }).parse(await ctx.jsonObject());
  const r = await createReportFromRun(prisma, ctx.workspaceId, ctx.actor, { ...body, runId });
  return Response.json({ ...r, url: null }, { status: 201 });
}

/** POST /api/v1/reports/{id}/links — body: { expiresInDays? | expiresAt? } → { id, url, expiresAt } */
export async function v1CreateLink(ctx: V1Context, reportId: string) {
  await reportOf(ctx, reportId);
  const body = createLinkInput.parse(await ctx.jsonObject());
  const link = await createShareLink(prisma, ctx.workspaceId, ctx.actor, reportId, body);
  return Response.json({ id: link.id, url: link.url, expiresAt: link.expiresAt }, { status: 201 });
}

/** DELETE /api/v1/reports/{id}/links/{linkId} */
export async function v1RevokeLink(ctx: V1Context, reportId: string, linkId: string) {
  await reportOf(ctx, reportId);
  return revokeShareLink(prisma, ctx.workspaceId, ctx.actor, reportId, linkId);
}

/** GET /api/v1/reports/{id}/export?format=html|pdf — also the app's download buttons (session, any member). */
export async function v1Export(ctx: V1Context, reportId: string, format: "html" | "pdf") {
  await reportOf(ctx, reportId);
  return exportReport(prisma, ctx.workspaceId, reportId, format);
}

/** The workspace a report belongs to (null when unknown), for the app's session download. */
export async function reportWorkspace(reportId: string): Promise<string | null> {
  const r = await prisma.report.findUnique({ where: { id: reportId }, select: { workspaceId: true } });
  return r?.workspaceId ?? null;
}

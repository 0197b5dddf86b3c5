/**
 * The v1 API's report operations (API key or session auth via server/ingest/http.ts v1Route).
 * A key limited to some models reaches only reports and runs of those models.
 */
import { prisma } from "../db/client";
import { DomainError, notFound } from "../domain/errors";
import type { V1Context } from "../ingest/http";
import type { Actor } from "../services/audit";
import { createLinkInput, createReportFromRun, createReportInput, createShareLink, revokeShareLink } from "./service";
import { exportReport, parseFormat } from "./export";

function actorOf(ctx: V1Context): Actor {
  return ctx.auth.kind === "key" ? { id: null, label: `api key ${ctx.auth.key.id}` } : { id: ctx.auth.userId, label: ctx.auth.email };
}

function checkModel(ctx: V1Context, modelId: string) {
  if (ctx.auth.kind === "key" && ctx.auth.key.modelIds && !ctx.auth.key.modelIds.includes(modelId))
    throw new DomainError("FORBIDDEN", "This API key is limited to other models and may not use this one. Use a key for this model or an unrestricted key.");
}

async function reportOf(ctx: V1Context, id: string) {
  const r = await prisma.report.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, modelId: true } });
  if (!r) throw notFound(`No report "${id}" in workspace "${ctx.auth.workspaceSlug}".`);
  checkModel(ctx, r.modelId);
  return r;
}

async function json(ctx: V1Context): Promise<Record<string, unknown>> {
  const text = await ctx.req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new DomainError("BAD_REQUEST", "The body must be a JSON object (or empty).");
}

/** POST /api/v1/runs/{id}/reports — body: { title?, narrative?, cellOrder?, runbookIds? } */
export async function v1CreateReport(ctx: V1Context, runId: string) {
  const run = await prisma.run.findFirst({ where: { id: runId, workspaceId: ctx.workspaceId }, select: { modelId: true } });
  if (!run) throw notFound(`No run "${runId}" in workspace "${ctx.auth.workspaceSlug}".`);
  checkModel(ctx, run.modelId);
  const body = createReportInput.omit({ runId: true }).parse(await json(ctx));
  const r = await createReportFromRun(prisma, ctx.workspaceId, actorOf(ctx), { ...body, runId });
  return new Response(JSON.stringify({ ...r, url: null }), { status: 201, headers: { "content-type": "application/json" } });
}

/** POST /api/v1/reports/{id}/links — body: { expiresInDays? | expiresAt? } → { id, url, expiresAt } */
export async function v1CreateLink(ctx: V1Context, reportId: string) {
  await reportOf(ctx, reportId);
  const body = createLinkInput.parse(await json(ctx));
  const link = await createShareLink(prisma, ctx.workspaceId, actorOf(ctx), reportId, body);
  return new Response(JSON.stringify({ id: link.id, url: link.url, expiresAt: link.expiresAt }), { status: 201, headers: { "content-type": "application/json" } });
}

/** DELETE /api/v1/reports/{id}/links/{linkId} */
export async function v1RevokeLink(ctx: V1Context, reportId: string, linkId: string) {
  await reportOf(ctx, reportId);
  return revokeShareLink(prisma, ctx.workspaceId, actorOf(ctx), reportId, linkId);
}

/** GET /api/v1/reports/{id}/export?format=html|pdf */
export async function v1Export(ctx: V1Context, reportId: string) {
  const format = parseFormat(new URL(ctx.req.url).searchParams.get("format"));
  await reportOf(ctx, reportId);
  return exportReport(prisma, ctx.workspaceId, reportId, format);
}

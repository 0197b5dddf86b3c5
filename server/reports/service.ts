/**
 * Reports: freeze a finished run into a snapshot + leadership summary (written once, never
 * recomputed), edit title / narrative / shown cells / runbooks, list, share links, export.
 */
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, notFound } from "../domain/errors";
import { parseJsonArray } from "../domain/model";
import type { Slo } from "../domain/model";
import { appUrl } from "../env";
import { getRun } from "../notebooks/runs";
import { recordAudit, type Actor } from "../services/audit";
import { freezeRunbooks } from "../runbooks/service";
import { buildSnapshot, defaultCellOrder } from "./snapshot";
import { buildSummary } from "./summary";
import { freezeTraffic } from "./traffic";
import { predictionRepository } from "../predictions";
import { addIncidentsToSummary } from "../control/incidents/report-summary";
import { addGuardrailStatesToSummary } from "../control/guardrails/report-states";
import { incidentLine } from "./incident-line";
import type { RenderableReport } from "./html";
import type { FrozenRunbook, ReportSnapshot, ReportSummary } from "./types";

type Db = PrismaClient;

export const reportEditInput = z.object({
  title: z.string().trim().min(3, "Give the report a title of at least 3 characters").max(200).optional(),
  narrative: z.string().max(50_000).optional(),
  /** cell ids to show, in order */
  cellOrder: z.array(z.string().min(1).max(64)).max(500).optional(),
  /** runbooks of the report's model to include (frozen at their current revision) */
  runbookIds: z.array(z.string().min(1)).max(20).optional(),
});

export const createReportInput = reportEditInput.extend({ runId: z.string().min(1) });

type ReportRow = NonNullable<Awaited<ReturnType<Db["report"]["findFirst"]>>>;

export function toRenderable(r: ReportRow): RenderableReport {
  return {
    id: r.id,
    title: r.title,
    narrative: r.narrative,
    status: r.status,
    createdAt: r.createdAt,
    createdByLabel: r.createdByLabel,
    snapshot: JSON.parse(r.snapshot) as ReportSnapshot,
    summary: JSON.parse(r.summary) as ReportSummary,
    cellOrder: parseJsonArray<string>(r.cellOrder),
    runbooks: parseJsonArray<FrozenRunbook>(r.runbooks),
  };
}

function checkCellOrder(snapshot: ReportSnapshot, order: string[]) {
  const known = new Set(snapshot.cells.map((c) => c.cellId));
  const bad = order.filter((id) => !known.has(id));
  if (bad.length) throw badRequest(`The run has no cell ${bad.map((b) => `"${b}"`).join(", ")}.`, [{ field: "cellOrder", message: "unknown cell" }]);
  if (new Set(order).size !== order.length) throw badRequest("A cell can be shown only once.", [{ field: "cellOrder", message: "duplicate cell" }]);
}

export async function createReportFromRun(db: Db, workspaceId: string, actor: Actor, raw: z.input<typeof createReportInput>) {
  const input = createReportInput.parse(raw);
  const run = await getRun(db, workspaceId, input.runId);
  if (run.status !== "succeeded" && run.status !== "failed")
    throw badRequest(`Run ${run.id} is ${run.status}: a report can be made from a finished run only (succeeded, or failed with partial results).`);
  const model = await db.model.findFirstOrThrow({ where: { slug: run.model.slug, workspaceId }, include: { versions: { orderBy: { createdAt: "asc" } } } });
  const snapshot = buildSnapshot(run, { ...model, slos: parseJsonArray<Slo>(model.slos) });
  snapshot.traffic = await freezeTraffic(predictionRepository({ readOnly: true }), model.id, snapshot);
  const previousRow = await db.report.findFirst({ where: { notebookId: run.notebookId, workspaceId }, orderBy: { createdAt: "desc" } });
  const summary = buildSummary(
    snapshot,
    previousRow ? { id: previousRow.id, title: previousRow.title, createdAt: previousRow.createdAt.toISOString(), summary: JSON.parse(previousRow.summary) as ReportSummary } : null,
  );
  // incidents opened by this run come after its window: count them up to the moment of freezing
  await addIncidentsToSummary(db, summary, model.id, { from: snapshot.window?.from ?? snapshot.run.createdAt, to: new Date().toISOString() }, incidentLine);
  await addGuardrailStatesToSummary(db, summary, run.id);
  const cellOrder = input.cellOrder ?? defaultCellOrder(snapshot);
  checkCellOrder(snapshot, cellOrder);
  const runbooks = await freezeRunbooks(db, workspaceId, model.id, input.runbookIds ?? []);
  const title = input.title ?? `${model.name} — ${run.notebookTitle}, ${(snapshot.window?.to ?? snapshot.run.createdAt).slice(0, 10)}`;
  const report = await db.report.create({
    data: {
      workspaceId,
      modelId: model.id,
      notebookId: run.notebookId,
      runId: run.id,
      title,
      narrative: input.narrative ?? "",
      status: summary.status,
      snapshot: JSON.stringify(snapshot),
      summary: JSON.stringify(summary),
      cellOrder: JSON.stringify(cellOrder),
      runbooks: JSON.stringify(runbooks),
      createdById: actor.id,
      createdByLabel: actor.label,
    },
  });
  await recordAudit(db, { workspaceId, modelId: model.id, actor, action: "report.created", changes: { reportId: report.id, runId: run.id, title } });
  return { id: report.id, title, status: summary.status };
}

export async function requireReport(db: Db, workspaceId: string, id: string) {
  const r = await db.report.findFirst({ where: { id, workspaceId } });
  if (!r) throw notFound(`No report "${id}" in this workspace.`);
  return r;
}

export async function getReport(db: Db, workspaceId: string, id: string) {
  const r = await requireReport(db, workspaceId, id);
  const model = await db.model.findUniqueOrThrow({ where: { id: r.modelId }, select: { slug: true, name: true } });
  const rr = toRenderable(r);
  return {
    ...rr,
    model,
    runId: r.runId,
    notebookId: r.notebookId,
    updatedAt: r.updatedAt,
    cells: rr.snapshot.cells.map((c) => ({ cellId: c.cellId, type: c.type, title: c.title ?? (c.type === "markdown" ? "Markdown" : c.cellId), resultStatus: c.resultStatus })),
  };
}

export async function updateReport(db: Db, workspaceId: string, actor: Actor, id: string, raw: z.input<typeof reportEditInput>) {
  const input = reportEditInput.parse(raw);
  const r = await requireReport(db, workspaceId, id);
  const data: Record<string, string> = {};
  if (input.title !== undefined) data.title = input.title;
  if (input.narrative !== undefined) data.narrative = input.narrative;
  if (input.cellOrder !== undefined) {
    checkCellOrder(JSON.parse(r.snapshot) as ReportSnapshot, input.cellOrder);
    data.cellOrder = JSON.stringify(input.cellOrder);
  }
  if (input.runbookIds !== undefined) {
    const current = parseJsonArray<FrozenRunbook>(r.runbooks);
    // Keep the frozen copy of runbooks that stay attached; freeze newly attached ones now.
    const kept = current.filter((b) => input.runbookIds!.includes(b.id));
    const added = await freezeRunbooks(db, workspaceId, r.modelId, input.runbookIds.filter((x) => !kept.some((k) => k.id === x)));
    const all = [...kept, ...added];
    data.runbooks = JSON.stringify(input.runbookIds.map((x) => all.find((b) => b.id === x)!));
  }
  await db.report.update({ where: { id }, data });
  await recordAudit(db, { workspaceId, modelId: r.modelId, actor, action: "report.updated", changes: { reportId: id, fields: Object.keys(data) } });
  return getReport(db, workspaceId, id);
}

export async function deleteReport(db: Db, workspaceId: string, actor: Actor, id: string) {
  const r = await requireReport(db, workspaceId, id);
  await db.report.delete({ where: { id } });
  await recordAudit(db, { workspaceId, modelId: r.modelId, actor, action: "report.deleted", changes: { reportId: id, title: r.title } });
  return { id };
}

export async function listReports(db: Db, workspaceId: string, opts: { modelSlug?: string; limit?: number } = {}) {
  let modelId: string | undefined;
  if (opts.modelSlug) {
    const m = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: opts.modelSlug } } });
    if (!m) throw notFound(`No model "${opts.modelSlug}" in this workspace.`);
    modelId = m.id;
  }
  const rows = await db.report.findMany({
    where: { workspaceId, ...(modelId ? { modelId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit ?? 100,
    select: {
      id: true,
      title: true,
      status: true,
      summary: true,
      createdAt: true,
      createdByLabel: true,
      runId: true,
      model: { select: { slug: true, name: true } },
      shareLinks: { select: { revokedAt: true, expiresAt: true } },
    },
  });
  const now = Date.now();
  return rows.map(({ summary, shareLinks, ...r }) => ({
    ...r,
    headline: (JSON.parse(summary) as ReportSummary).headline,
    activeLinks: shareLinks.filter((l) => !l.revokedAt && (!l.expiresAt || l.expiresAt.getTime() > now)).length,
  }));
}

/** Finished runs of the workspace (newest first) that a report can be made from. */
export async function reportableRuns(db: Db, workspaceId: string, opts: { modelSlug?: string; limit?: number } = {}) {
  const runs = await db.run.findMany({
    where: { workspaceId, status: { in: ["succeeded", "failed"] }, ...(opts.modelSlug ? { notebook: { model: { slug: opts.modelSlug } } } : {}) },
    orderBy: { createdAt: "desc" },
    take: opts.limit ?? 50,
    select: { id: true, status: true, resultStatus: true, createdAt: true, finishedAt: true, notebook: { select: { id: true, title: true, model: { select: { slug: true, name: true } } } } },
  });
  return runs;
}

// ── Share links ──────────────────────────────────────────────────────────────

/** 32 random bytes (256 bits), base64url. Only its sha256 is stored. */
export function newShareToken(): string {
  return randomBytes(32).toString("base64url");
}
export function hashShareToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
export function shareUrl(token: string): string {
  return `${appUrl().replace(/\/$/, "")}/share/${token}`;
}

export const createLinkInput = z.object({
  /** days until the link stops working; absent or null = no expiry */
  expiresInDays: z.number().min(1 / 24).max(3650).nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export async function createShareLink(db: Db, workspaceId: string, actor: Actor, reportId: string, raw: z.input<typeof createLinkInput>, now = new Date()) {
  const input = createLinkInput.parse(raw);
  const r = await requireReport(db, workspaceId, reportId);
  let expiresAt: Date | null = null;
  if (input.expiresAt) expiresAt = new Date(input.expiresAt);
  else if (input.expiresInDays) expiresAt = new Date(now.getTime() + input.expiresInDays * 24 * 3600 * 1000);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw badRequest("The expiry must be in the future.", [{ field: "expiresAt", message: "in the past" }]);
  const token = newShareToken();
  const link = await db.shareLink.create({ data: { reportId, tokenHash: hashShareToken(token), createdById: actor.id, createdByLabel: actor.label, expiresAt } });
  await recordAudit(db, { workspaceId, modelId: r.modelId, actor, action: "report.link_created", changes: { reportId, linkId: link.id, expiresAt } });
  return { id: link.id, url: shareUrl(token), token, expiresAt };
}

export async function listShareLinks(db: Db, workspaceId: string, reportId: string, now = new Date()) {
  await requireReport(db, workspaceId, reportId);
  const links = await db.shareLink.findMany({ where: { reportId }, orderBy: { createdAt: "desc" } });
  return links.map((l) => ({
    id: l.id,
    createdByLabel: l.createdByLabel,
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt,
    lastOpenedAt: l.lastOpenedAt,
    openCount: l.openCount,
    state: l.revokedAt ? "revoked" : l.expiresAt && l.expiresAt.getTime() <= now.getTime() ? "expired" : "active",
  }));
}

export async function revokeShareLink(db: Db, workspaceId: string, actor: Actor, reportId: string, linkId: string) {
  const r = await requireReport(db, workspaceId, reportId);
  const link = await db.shareLink.findFirst({ where: { id: linkId, reportId } });
  if (!link) throw notFound(`No share link "${linkId}" on this report.`);
  if (!link.revokedAt) {
    await db.shareLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } });
    await recordAudit(db, { workspaceId, modelId: r.modelId, actor, action: "report.link_revoked", changes: { reportId, linkId } });
  }
  return { id: linkId, revoked: true };
}

/**
 * The report behind a share token, or null — the same null for an unknown, malformed, revoked or
 * expired token, so a caller cannot tell them apart. Records the opening.
 */
export async function resolveShareToken(db: Db, token: string, now = new Date()): Promise<RenderableReport | null> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{40,64}$/.test(token)) return null;
  const link = await db.shareLink.findUnique({ where: { tokenHash: hashShareToken(token) }, include: { report: true } });
  if (!link || link.revokedAt || (link.expiresAt && link.expiresAt.getTime() <= now.getTime())) return null;
  await db.shareLink.update({ where: { id: link.id }, data: { lastOpenedAt: now, openCount: { increment: 1 } } });
  return toRenderable(link.report);
}

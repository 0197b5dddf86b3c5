/**
 * Runbooks: markdown per model with a version history. Every edit names the revision it was based
 * on (optimistic concurrency) and writes a RunbookRevision.
 */
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../domain/errors";
import { recordAudit, type Actor } from "../services/audit";
import type { PageReads } from "../services/page-reads";
import { renderMarkdown } from "../markdown/render";
import { RUNBOOK_TEMPLATES, RUNBOOK_TOPICS, TOPIC_LABELS, fillTemplate, primaryMetricForTask, type RunbookTopic } from "./templates";

type Db = PrismaClient;

export const runbookFields = z.object({
  title: z.string().trim().min(3, "Give the runbook a title of at least 3 characters").max(160),
  topic: z.enum(RUNBOOK_TOPICS).default("other"),
  body: z.string().max(100_000).default(""),
});

async function requireModel(db: Db, workspaceId: string, modelSlug: string) {
  const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: modelSlug } } });
  if (!model) throw notFound(`No model "${modelSlug}" in this workspace.`);
  return model;
}

async function requireRunbook(db: Db, workspaceId: string, id: string) {
  const rb = await db.runbook.findFirst({ where: { id, workspaceId }, include: { model: { select: { slug: true, name: true } } } });
  if (!rb) throw notFound(`No runbook "${id}" in this workspace.`);
  return rb;
}

function view(rb: Awaited<ReturnType<typeof requireRunbook>>) {
  return {
    id: rb.id,
    title: rb.title,
    topic: rb.topic as RunbookTopic,
    topicLabel: TOPIC_LABELS[rb.topic as RunbookTopic] ?? rb.topic,
    body: rb.body,
    html: renderMarkdown(rb.body),
    revision: rb.revision,
    updatedBy: rb.updatedBy,
    createdAt: rb.createdAt,
    updatedAt: rb.updatedAt,
    model: rb.model,
  };
}

export async function listRunbooks(reads: PageReads, modelId: string) {
  const rows = await reads.runbookList(modelId);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    topic: r.topic as RunbookTopic,
    topicLabel: TOPIC_LABELS[r.topic as RunbookTopic] ?? r.topic,
    revision: r.revision,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt,
  }));
}

export async function getRunbook(db: Db, workspaceId: string, id: string) {
  return view(await requireRunbook(db, workspaceId, id));
}

/** The starter templates filled in for one model (title and body ready to edit). */
export async function runbookTemplates(db: Db, workspaceId: string, modelSlug: string) {
  const model = await requireModel(db, workspaceId, modelSlug);
  const p = primaryMetricForTask(model.task);
  return RUNBOOK_TEMPLATES.map((t) => ({ ...fillTemplate(t, { metric: p.label, model: model.name }), topicLabel: TOPIC_LABELS[t.topic] }));
}

export async function createRunbook(db: Db, workspaceId: string, actor: Actor, modelSlug: string, raw: z.input<typeof runbookFields>) {
  const input = runbookFields.parse(raw);
  const model = await requireModel(db, workspaceId, modelSlug);
  if (await db.runbook.findUnique({ where: { modelId_title: { modelId: model.id, title: input.title } } }))
    throw conflict(`This model already has a runbook titled "${input.title}".`, [{ field: "title", message: "already used by another runbook of this model" }]);
  const rb = await db.$transaction(async (tx) => {
    const created = await tx.runbook.create({
      data: { workspaceId, modelId: model.id, title: input.title, topic: input.topic, body: input.body, createdById: actor.id, updatedBy: actor.label },
    });
    await tx.runbookRevision.create({ data: { runbookId: created.id, revision: 1, title: input.title, body: input.body, authorId: actor.id, authorLabel: actor.label } });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "runbook.created", changes: { title: input.title } });
    return created;
  });
  return getRunbook(db, workspaceId, rb.id);
}

export async function updateRunbook(
  db: Db,
  workspaceId: string,
  actor: Actor,
  id: string,
  expectedRevision: number,
  raw: z.input<typeof runbookFields>,
) {
  const input = runbookFields.parse(raw);
  const rb = await requireRunbook(db, workspaceId, id);
  if (input.title !== rb.title) {
    const clash = await db.runbook.findUnique({ where: { modelId_title: { modelId: rb.modelId, title: input.title } } });
    if (clash) throw conflict(`This model already has a runbook titled "${input.title}".`, [{ field: "title", message: "already used by another runbook of this model" }]);
  }
  if (input.title === rb.title && input.body === rb.body && input.topic === rb.topic) return view(rb);
  await db.$transaction(async (tx) => {
    const next = expectedRevision + 1;
    const res = await tx.runbook.updateMany({
      where: { id, revision: expectedRevision },
      data: { title: input.title, topic: input.topic, body: input.body, revision: next, updatedBy: actor.label },
    });
    if (res.count === 0)
      throw conflict(`Someone else saved this runbook first (it is now at revision ${rb.revision}; you edited revision ${expectedRevision}). Reload to see their changes.`);
    await tx.runbookRevision.create({ data: { runbookId: id, revision: next, title: input.title, body: input.body, authorId: actor.id, authorLabel: actor.label } });
    await recordAudit(tx, { workspaceId, modelId: rb.modelId, actor, action: "runbook.updated", changes: { title: input.title, revision: next } });
  });
  return getRunbook(db, workspaceId, id);
}

export async function deleteRunbook(db: Db, workspaceId: string, actor: Actor, id: string) {
  const rb = await requireRunbook(db, workspaceId, id);
  await db.runbook.delete({ where: { id } });
  await recordAudit(db, { workspaceId, modelId: rb.modelId, actor, action: "runbook.deleted", changes: { title: rb.title } });
  return { id };
}

export async function runbookHistory(db: Db, workspaceId: string, id: string) {
  await requireRunbook(db, workspaceId, id);
  const revs = await db.runbookRevision.findMany({ where: { runbookId: id }, orderBy: { revision: "desc" } });
  return revs.map((r) => ({ revision: r.revision, title: r.title, authorLabel: r.authorLabel, createdAt: r.createdAt, length: r.body.length }));
}

export async function runbookRevision(db: Db, workspaceId: string, id: string, revision: number) {
  await requireRunbook(db, workspaceId, id);
  const r = await db.runbookRevision.findUnique({ where: { runbookId_revision: { runbookId: id, revision } } });
  if (!r) throw notFound(`Runbook revision ${revision} does not exist.`);
  return { revision: r.revision, title: r.title, body: r.body, html: renderMarkdown(r.body), authorLabel: r.authorLabel, createdAt: r.createdAt };
}

/** Frozen copies for a report (title, topic, revision, body as it is now). */
export async function freezeRunbooks(db: Db, workspaceId: string, modelId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.runbook.findMany({ where: { id: { in: ids }, workspaceId, modelId } });
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length) throw badRequest(`Runbook ${missing.join(", ")} does not belong to this report's model.`, [{ field: "runbookIds", message: "unknown runbook" }]);
  return ids.map((id) => {
    const r = rows.find((x) => x.id === id)!;
    return { id: r.id, title: r.title, topic: r.topic, revision: r.revision, body: r.body };
  });
}

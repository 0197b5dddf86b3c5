/** The incidents inbox and incident page: list with filters, details, acknowledge, resolve, comment. */
import { z } from "zod";
import type { Prisma, PrismaClient } from "../../generated/prisma/client";
import { badRequest, conflict, notFound } from "../../domain/errors";
import { recordAudit, type Actor } from "../../services/audit";
import { evaluationHistory, publicGuardrail } from "../guardrails/service";
import { addEvent, resolveIncident } from "./lifecycle";
import { listDeliveriesFor } from "./deliveries";
import { notifyManualChange } from "./notify";
import { kickDeliveries } from "../../notifications/outbox";

type Incident = Awaited<ReturnType<typeof requireIncident>>;

/** Tells the channels about a person's change and notes it in the timeline (inside the change's transaction). */
async function notifyPeople(tx: Prisma.TransactionClient, incident: Incident, kind: "acknowledged" | "resolved", actor: Actor, note: string) {
  const deliveries = await notifyManualChange(tx, incident, { kind, actorLabel: actor.label, note });
  if (deliveries) await addEvent(tx, incident.id, { kind: "notified", actorLabel: "notifications", body: `incident.${kind} sent to ${deliveries} channel${deliveries === 1 ? "" : "s"}` });
  return deliveries;
}

type Db = PrismaClient;

export const INCIDENT_STATES = ["open", "acknowledged", "resolved"] as const;

export const listIncidentsInput = z.object({
  /** model slug */
  model: z.string().max(64).optional(),
  /** "active" = open or acknowledged */
  state: z.enum(["active", ...INCIDENT_STATES, "any"]).default("active"),
  severity: z.enum(["info", "warning", "critical"]).optional(),
  /** the model's owner team, or the assignee (on-call) */
  owner: z.string().max(200).optional(),
  redLine: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});

export async function listIncidents(db: Db, workspaceId: string, input: z.input<typeof listIncidentsInput>) {
  const f = listIncidentsInput.parse(input);
  const where: Prisma.IncidentWhereInput = { workspaceId };
  if (f.state === "active") where.state = { in: ["open", "acknowledged"] };
  else if (f.state !== "any") where.state = f.state;
  if (f.severity) where.severity = f.severity;
  if (f.redLine !== undefined) where.redLine = f.redLine;
  const modelWhere: Prisma.ModelWhereInput = {};
  if (f.model) modelWhere.slug = f.model;
  if (f.owner) where.OR = [{ assignee: f.owner }, { modelId: { in: (await db.model.findMany({ where: { workspaceId, ownerTeam: f.owner }, select: { id: true } })).map((m) => m.id) } }];
  if (f.model) {
    const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: f.model } }, select: { id: true } });
    where.modelId = model?.id ?? "-";
  }
  const rows = await db.incident.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: f.limit + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    include: { guardrail: { select: { name: true, metric: true, runbookIds: true } } },
  });
  const models = await db.model.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.modelId))] } }, select: { id: true, slug: true, name: true, ownerTeam: true } });
  const byId = new Map(models.map((m) => [m.id, m]));
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      title: r.title,
      state: r.state,
      severity: r.severity,
      redLine: r.redLine,
      cohort: r.cohort,
      assignee: r.assignee,
      breaches: r.breaches,
      lastValue: r.lastValue,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      resolvedAt: r.resolvedAt,
      guardrail: { id: r.guardrailId, name: r.guardrail.name, metric: r.guardrail.metric, runbooks: (JSON.parse(r.guardrail.runbookIds) as string[]).length },
      model: byId.get(r.modelId) ?? null,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

export async function incidentFacets(db: Db, workspaceId: string) {
  const models = await db.model.findMany({ where: { workspaceId }, select: { slug: true, name: true, ownerTeam: true, onCall: true }, orderBy: { name: "asc" } });
  return {
    models: models.map((m) => ({ slug: m.slug, name: m.name })),
    owners: [...new Set(models.flatMap((m) => [m.ownerTeam, m.onCall]))].sort(),
  };
}

async function requireIncident(db: Db, workspaceId: string, id: string) {
  const incident = await db.incident.findFirst({ where: { id, workspaceId } });
  if (!incident) throw notFound(`No incident "${id}" in this workspace.`);
  return incident;
}

export async function getIncident(db: Db, workspaceId: string, id: string) {
  const incident = await requireIncident(db, workspaceId, id);
  const [guardrail, model, events, rollback, runbookRows, deliveries] = await Promise.all([
    db.guardrail.findUniqueOrThrow({ where: { id: incident.guardrailId }, include: { notebook: { select: { id: true, title: true } } } }),
    db.model.findUniqueOrThrow({ where: { id: incident.modelId }, select: { id: true, slug: true, name: true, ownerTeam: true, onCall: true } }),
    db.incidentEvent.findMany({ where: { incidentId: id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    db.rollbackRequest.findUnique({ where: { incidentId: id } }),
    db.runbook.findMany({ where: { modelId: incident.modelId }, select: { id: true, title: true, topic: true } }),
    listDeliveriesFor(db, id),
  ]);
  const runbookIds = JSON.parse(guardrail.runbookIds) as string[];
  const evaluations = await evaluationHistory(db, guardrail.id, { cohort: incident.cohort, limit: 60 });
  const firingRuns = new Set(events.filter((e) => e.kind === "fired" || e.kind === "breach").map((e) => e.runId));
  return {
    ...incident,
    model,
    guardrail: { ...publicGuardrail(guardrail), notebook: guardrail.notebook },
    runbooks: runbookIds.flatMap((rid) => runbookRows.filter((r) => r.id === rid)),
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, runId: e.runId, value: e.value, actorLabel: e.actorLabel, body: e.body, data: JSON.parse(e.data) as Record<string, unknown>, createdAt: e.createdAt })),
    history: evaluations.map((e) => ({ runId: e.runId, value: e.value, low: e.low, high: e.high, n: e.n, level: e.level, state: e.state, at: e.at, fired: firingRuns.has(e.runId) })),
    rollback: rollback
      ? { id: rollback.id, mode: rollback.mode, status: rollback.status, fromVersion: rollback.fromVersion, toVersion: rollback.toVersion, url: rollback.url, payload: JSON.parse(rollback.payload) as unknown, responseStatus: rollback.responseStatus, responseBody: rollback.responseBody, error: rollback.error, sentAt: rollback.sentAt, answeredAt: rollback.answeredAt, requestedBy: rollback.requestedBy }
      : null,
    deliveries,
  };
}

export const acknowledgeIncidentInput = z.object({ note: z.string().max(4000).optional().describe("What you are doing about it (shown in the timeline)") });
export const resolveIncidentInput = z.object({ note: z.string().trim().min(1, "Say how it was resolved: a note is required.").max(4000) });

export async function acknowledgeIncident(db: Db, workspaceId: string, actor: Actor, id: string, note?: string) {
  const incident = await requireIncident(db, workspaceId, id);
  if (incident.state !== "open") throw conflict(`This incident is ${incident.state}; only an open incident can be acknowledged.`);
  const result = await db.$transaction(async (tx) => {
    const { count } = await tx.incident.updateMany({ where: { id, state: "open" }, data: { state: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: actor.label } });
    if (count !== 1) throw conflict("Someone else changed this incident; reload it.");
    await addEvent(tx, id, { kind: "acknowledged", actorId: actor.id, actorLabel: actor.label, body: note ?? "" });
    await recordAudit(tx, { workspaceId, modelId: incident.modelId, actor, action: "incident.acknowledged", changes: { incidentId: id, title: incident.title } });
    await notifyPeople(tx, incident, "acknowledged", actor, note ?? "");
    return { id, state: "acknowledged" };
  });
  void kickDeliveries();
  return result;
}

export async function resolveIncidentByHand(db: Db, workspaceId: string, actor: Actor, id: string, note: string) {
  const incident = await requireIncident(db, workspaceId, id);
  if (!note.trim()) throw badRequest("Say how it was resolved: a note is required.", [{ field: "note", message: "required" }]);
  if (incident.state === "resolved") throw conflict("This incident is already resolved.");
  const result = await db.$transaction(async (tx) => {
    const done = await resolveIncident(tx, id, { actorId: actor.id, label: actor.label, note: note.trim() });
    if (!done) throw conflict("Someone else changed this incident; reload it.");
    await recordAudit(tx, { workspaceId, modelId: incident.modelId, actor, action: "incident.resolved", changes: { incidentId: id, title: incident.title, note: note.trim() } });
    await notifyPeople(tx, incident, "resolved", actor, note.trim());
    return { id, state: "resolved" };
  });
  void kickDeliveries();
  return result;
}

export async function commentOnIncident(db: Db, workspaceId: string, actor: Actor, id: string, body: string) {
  await requireIncident(db, workspaceId, id);
  const text = body.trim();
  if (!text) throw badRequest("A comment cannot be empty.", [{ field: "body", message: "required" }]);
  await db.$transaction((tx) => addEvent(tx, id, { kind: "comment", actorId: actor.id, actorLabel: actor.label, body: text }));
  return { id };
}

/** Open incidents of a workspace (or every workspace) for the CLI and reports. */
export async function openIncidents(db: Db, where: { workspaceId?: string } = {}) {
  return db.incident.findMany({
    where: { ...where, state: { in: ["open", "acknowledged"] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, state: true, severity: true, redLine: true, cohort: true, assignee: true, createdAt: true, lastValue: true, workspaceId: true, modelId: true },
  });
}

/** Incidents of a model that were open at some point in [from, to] (reports' leadership summary). */
export async function incidentsInWindow(db: Db, modelId: string, from: Date, to: Date) {
  return db.incident.findMany({
    where: { modelId, createdAt: { lte: to }, OR: [{ resolvedAt: null }, { resolvedAt: { gte: from } }] },
    orderBy: { createdAt: "asc" },
    select: { id: true, guardrailId: true, title: true, state: true, severity: true, redLine: true, cohort: true, lastValue: true, createdAt: true, resolvedAt: true },
  });
}

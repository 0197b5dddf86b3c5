/**
 * HTTP API v1 for the control loop: guardrails of a model, incidents (list, read, acknowledge,
 * resolve) and the notifications each incident sent. A key limited to some models reaches only
 * those models' guardrails and incidents.
 */
import { prisma } from "../../db/client";
import { notFound } from "../../domain/errors";
import { createGuardrail, getGuardrail, listModelGuardrails, updateGuardrail } from "../../control/guardrails/service";
import { guardrailFieldsSchema } from "../../control/guardrails/types";
import {
  acknowledgeIncident,
  acknowledgeIncidentInput,
  getIncident,
  listIncidents,
  resolveIncidentByHand,
  resolveIncidentInput,
  type listIncidentsInput,
} from "../../control/incidents/service";
import { listDeliveriesFor } from "../../control/incidents/deliveries";
import { exportNotebookDocument, importNotebookDocument } from "../../control/guardrails/notebook-document";
import { requireNotebook } from "../../notebooks/service";
import type { V1Context } from "./route";
import type { z } from "zod";

async function incidentModel(ctx: V1Context, id: string) {
  const incident = await prisma.incident.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { modelId: true } });
  if (!incident) throw notFound(`No incident "${id}" in workspace "${ctx.workspaceSlug}".`);
  ctx.allowModel(incident.modelId, `incident "${id}"`);
}

export async function v1ListGuardrails(ctx: V1Context, slug: string) {
  await ctx.model(slug);
  const { guardrails, unboundSlos } = await listModelGuardrails(prisma, ctx.workspaceId, slug);
  return { guardrails, unboundSlos };
}

export async function v1CreateGuardrail(ctx: V1Context, slug: string) {
  await ctx.model(slug);
  const body = guardrailFieldsSchema.parse(await ctx.jsonObject());
  return createGuardrail(prisma, ctx.workspaceId, ctx.actor, slug, body);
}

export async function v1UpdateGuardrail(ctx: V1Context, id: string) {
  const current = await getGuardrail(prisma, ctx.workspaceId, id);
  ctx.allowModel(current.modelId, `guardrail "${id}"`);
  const body = guardrailFieldsSchema.parse(await ctx.jsonObject());
  return updateGuardrail(prisma, ctx.workspaceId, ctx.actor, id, body);
}

export async function v1ListIncidents(ctx: V1Context, query: z.input<typeof listIncidentsInput>) {
  if (query.model) await ctx.model(query.model);
  const page = await listIncidents(prisma, ctx.workspaceId, query);
  if (!ctx.allowedModelIds) return page;
  const allowed = new Set(ctx.allowedModelIds);
  return { ...page, items: page.items.filter((i) => i.model && allowed.has(i.model.id)) };
}

export async function v1GetIncident(ctx: V1Context, id: string) {
  await incidentModel(ctx, id);
  return getIncident(prisma, ctx.workspaceId, id);
}

export async function v1AcknowledgeIncident(ctx: V1Context, id: string) {
  await incidentModel(ctx, id);
  const { note } = acknowledgeIncidentInput.parse(await ctx.jsonObject());
  return acknowledgeIncident(prisma, ctx.workspaceId, ctx.actor, id, note);
}

export async function v1ResolveIncident(ctx: V1Context, id: string) {
  await incidentModel(ctx, id);
  const { note } = resolveIncidentInput.parse(await ctx.jsonObject());
  return resolveIncidentByHand(prisma, ctx.workspaceId, ctx.actor, id, note);
}

export async function v1IncidentDeliveries(ctx: V1Context, id: string) {
  await incidentModel(ctx, id);
  return { deliveries: await listDeliveriesFor(prisma, id) };
}

async function notebookModel(ctx: V1Context, id: string) {
  const nb = await requireNotebook(prisma, ctx.workspaceId, id);
  ctx.allowModel(nb.modelId, `notebook "${id}"`);
}

export async function v1ExportNotebookDocument(ctx: V1Context, id: string) {
  await notebookModel(ctx, id);
  const doc = await exportNotebookDocument(prisma, ctx.workspaceId, id);
  return Response.json(doc, { headers: { "content-disposition": `inline; filename="${doc.model}-notebook-${id}.json"` } });
}

export async function v1ImportNotebookDocument(ctx: V1Context, id: string, query: { dryRun?: boolean }) {
  await notebookModel(ctx, id);
  return importNotebookDocument(prisma, ctx.workspaceId, ctx.actor, id, await ctx.jsonObject(), { dryRun: query.dryRun });
}

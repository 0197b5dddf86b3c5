/** Guardrails of a model: list with their states, create, edit, pause, delete (audited). */
import type { Guardrail, PrismaClient } from "../../generated/prisma/client";
import { notFound, badRequest } from "../../domain/errors";
import { diffFields, recordAudit, type Actor } from "../../services/audit";
import { guardrailFieldsSchema, type GuardrailInput, type GuardrailStateName } from "./types";
import { validateGuardrail, metricOptions } from "./validate";
import { applySloGuardrails, bindSlosTo, parseNotebookCells } from "./slo";
import { parseJsonArray, type Slo } from "../../domain/model";
import { describeGuardrail } from "./describe";
import type { CohortObservation } from "./evaluate-run";
import { sharedPageReads, type PageReads } from "../../services/page-reads";

type Db = PrismaClient;

async function requireModel(db: Db, workspaceId: string, slug: string) {
  const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug } } });
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

async function requireGuardrail(db: Db, workspaceId: string, id: string) {
  const g = await db.guardrail.findFirst({ where: { id, workspaceId } });
  if (!g) throw notFound(`No guardrail "${id}" in this workspace.`);
  return g;
}

/** A guardrail as clients see it: the signing secret never leaves the server. */
export function publicGuardrail(g: Guardrail) {
  const { rollbackSecret, runbookIds, ...rest } = g;
  return { ...rest, runbookIds: JSON.parse(runbookIds) as string[], hasRollbackSecret: Boolean(rollbackSecret), description: describeGuardrail(g) };
}

/** Worst first: what a health badge shows for several states. */
export const STATE_RANK: Record<GuardrailStateName, number> = { alert: 5, flapping: 4, warning: 3, no_data: 2, ok: 1, paused: 0 };

export async function listModelGuardrails(db: Db, workspaceId: string, modelSlug: string) {
  return modelGuardrails(db, await requireModel(db, workspaceId, modelSlug), sharedPageReads());
}

/**
 * The model's guardrails with their states, after bringing its SLO guardrails in line with its SLOs.
 * The notebooks and guardrails are read once for both; the guardrails again only when that wrote.
 * The reads go through `reads` (plain SQL, services/page-reads), the SLO guardrails' writes through `db`.
 */
export async function modelGuardrails(db: Db, model: { id: string; workspaceId: string; slos: string }, reads: PageReads) {
  const readGuardrails = () => reads.modelGuardrails(model.id);
  const [read, notebookRows, evaluations] = await Promise.all([readGuardrails(), reads.modelNotebookCells(model.id), reads.latestEvaluations(model.id)]);
  const notebooks = notebookRows.map((n) => ({ id: n.id, title: n.title, cells: parseNotebookCells(n.cells) }));
  const slos = bindSlosTo(parseJsonArray<Slo>(model.slos), notebooks);
  const wrote = await applySloGuardrails(db, model, slos, read.filter((g) => g.source === "slo"));
  const guardrails = wrote ? await readGuardrails() : read;
  const titles = new Map(notebooks.map((n) => [n.id, n.title]));
  return {
    guardrails: guardrails.map((g) => {
      // values come from the latest run (a steady state row is not rewritten every run)
      const last = evaluations.get(g.id);
      const latest = new Map((last ? (JSON.parse(last) as CohortObservation[]) : []).map((c) => [c.cohort, c.value]));
      const value = (s: { cohort: string; lastValue: number | null }) => (latest.has(s.cohort) ? latest.get(s.cohort)! : s.lastValue);
      return {
      ...publicGuardrail(g),
      notebookTitle: titles.get(g.notebookId) ?? g.notebookId,
      states: g.paused
        ? g.states.map((s) => ({ cohort: s.cohort, state: "paused" as const, lastValue: value(s), changedAt: s.changedAt }))
        : g.states.map((s) => ({ cohort: s.cohort, state: s.state as GuardrailStateName, lastValue: value(s), changedAt: s.changedAt })),
      openIncidents: g.incidents,
      };
    }),
    notebooks: notebooks.map((n) => ({
      id: n.id,
      title: n.title,
      cells: n.cells.flatMap((c) => (c.type === "evaluator" || c.type === "comparison" ? [{ id: c.id, title: c.title ?? c.id, pluginId: c.pluginId }] : [])),
    })),
    unboundSlos: slos.filter((b) => !b.notebookId).map((b) => ({ name: b.slo.name, metric: b.slo.metric, reason: b.reason ?? "" })),
  };
}

export async function getGuardrail(db: Db, workspaceId: string, id: string) {
  return publicGuardrail(await requireGuardrail(db, workspaceId, id));
}

function toData(fields: ReturnType<typeof guardrailFieldsSchema.parse>) {
  const { runbookIds, rollbackSecret, ...rest } = fields;
  return { ...rest, runbookIds: JSON.stringify(runbookIds), ...(rollbackSecret !== undefined ? { rollbackSecret } : {}) };
}

export async function createGuardrail(db: Db, workspaceId: string, actor: Actor, modelSlug: string, raw: GuardrailInput) {
  const model = await requireModel(db, workspaceId, modelSlug);
  const fields = guardrailFieldsSchema.parse(raw);
  await validateGuardrail(db, { workspaceId, modelId: model.id, hasStoredSecret: false }, fields);
  if (await db.guardrail.findUnique({ where: { modelId_name: { modelId: model.id, name: fields.name } } }))
    throw badRequest(`A guardrail named "${fields.name}" already exists on this model.`, [{ field: "name", message: "already used" }]);
  const created = await db.$transaction(async (tx) => {
    const g = await tx.guardrail.create({ data: { ...toData(fields), workspaceId, modelId: model.id, source: "manual", createdById: actor.id } });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "guardrail.created", changes: { name: g.name, rule: describeGuardrail(g), severity: g.severity, rollbackMode: g.rollbackMode } });
    return g;
  });
  return publicGuardrail(created);
}

export async function updateGuardrail(db: Db, workspaceId: string, actor: Actor, id: string, raw: GuardrailInput) {
  const current = await requireGuardrail(db, workspaceId, id);
  if (current.source === "slo") throw badRequest("This guardrail comes from an SLO of the model: edit the SLO instead.");
  const fields = guardrailFieldsSchema.parse(raw);
  await validateGuardrail(db, { workspaceId, modelId: current.modelId, hasStoredSecret: Boolean(current.rollbackSecret) }, fields);
  const data = toData(fields);
  const updated = await db.$transaction(async (tx) => {
    const g = await tx.guardrail.update({ where: { id }, data });
    const { rollbackSecret: _a, ...before } = current;
    const { rollbackSecret: _b, ...after } = g;
    await recordAudit(tx, { workspaceId, modelId: g.modelId, actor, action: "guardrail.updated", changes: { name: g.name, ...diffFields(before, after) } });
    return g;
  });
  return publicGuardrail(updated);
}

export async function setGuardrailPaused(db: Db, workspaceId: string, actor: Actor, id: string, paused: boolean) {
  const g = await requireGuardrail(db, workspaceId, id);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.guardrail.update({ where: { id }, data: { paused } });
    await recordAudit(tx, { workspaceId, modelId: g.modelId, actor, action: paused ? "guardrail.paused" : "guardrail.resumed", changes: { name: g.name } });
    return row;
  });
  return publicGuardrail(updated);
}

export async function deleteGuardrail(db: Db, workspaceId: string, actor: Actor, id: string) {
  const g = await requireGuardrail(db, workspaceId, id);
  if (g.source === "slo") throw badRequest("This guardrail comes from an SLO of the model: remove the SLO instead.");
  await db.$transaction(async (tx) => {
    await tx.guardrail.delete({ where: { id } });
    await recordAudit(tx, { workspaceId, modelId: g.modelId, actor, action: "guardrail.deleted", changes: { name: g.name, rule: describeGuardrail(g) } });
  });
  return { deleted: true };
}

export async function guardrailMetricOptions(db: Db, workspaceId: string, notebookId: string, cellId: string) {
  const nb = await db.notebook.findFirst({ where: { id: notebookId, workspaceId }, select: { id: true } });
  if (!nb) throw notFound(`No notebook "${notebookId}" in this workspace.`);
  const options = await metricOptions(db, notebookId, cellId);
  if (!options) throw notFound(`No evaluator cell "${cellId}" in this notebook.`);
  return options;
}

/** The values of one guardrail per run and cohort (for the chart and the incident page). */
export async function guardrailHistory(db: Db, workspaceId: string, id: string, opts: { cohort?: string; limit?: number } = {}) {
  const g = await requireGuardrail(db, workspaceId, id);
  return evaluationHistory(db, g.id, opts);
}

export async function evaluationHistory(db: Db, guardrailId: string, opts: { cohort?: string; limit?: number } = {}) {
  const rows = await db.guardrailEvaluation.findMany({ where: { guardrailId }, orderBy: { createdAt: "desc" }, take: opts.limit ?? 200 });
  return rows.reverse().flatMap((r) =>
    (JSON.parse(r.cohorts) as CohortObservation[])
      .filter((c) => !opts.cohort || c.cohort === opts.cohort)
      .map((c) => ({ runId: r.runId, cohort: c.cohort, value: c.value, low: c.low, high: c.high, n: c.n, level: c.level, state: c.state, at: r.createdAt })),
  );
}

/**
 * Health per model for the inventory: the worst guardrail state, and open incidents (red lines
 * counted apart). Models without guardrails have no health.
 */
export async function modelsHealth(reads: PageReads, workspaceId: string) {
  const { guardrails, incidents } = await reads.healthRows(workspaceId);
  const out = new Map<string, { state: GuardrailStateName | "none"; guardrails: number; openIncidents: number; openRedLines: number }>();
  for (const g of guardrails) {
    const h = out.get(g.modelId) ?? { state: "none" as const, guardrails: 0, openIncidents: 0, openRedLines: 0 };
    h.guardrails++;
    const states: GuardrailStateName[] = g.paused ? ["paused"] : g.states.length ? g.states.map((s) => s.state as GuardrailStateName) : ["no_data"];
    for (const s of states) if (h.state === "none" || STATE_RANK[s] > STATE_RANK[h.state]) h.state = s;
    out.set(g.modelId, h);
  }
  for (const i of incidents) {
    const h = out.get(i.modelId) ?? { state: "none" as const, guardrails: 0, openIncidents: 0, openRedLines: 0 };
    h.openIncidents += i._count._all;
    if (i.redLine) h.openRedLines += i._count._all;
    out.set(i.modelId, h);
  }
  return Object.fromEntries(out);
}

/**
 * The model's SLOs become guardrails, so what the model page says is true. Each SLO names a metric;
 * the notebook chosen on the SLO (or the model's default notebook: the oldest one with a cell that
 * reports the metric) evaluates it. SLO `>= target` is the good side, so the guardrail breaches on
 * `< target`. Idempotent: guardrails are upserted by name ("SLO: <name>") and the ones whose SLO is
 * gone are deleted (paused when they have incidents, so their history stays).
 */
import type { Guardrail, PrismaClient } from "../../generated/prisma/client";
import { parseJsonArray, type Slo } from "../../domain/model";
import { cellSchema, isComputeCell, type Cell } from "../../notebooks/types";
import { BUILTIN_METRICS, canonicalMetric } from "./metrics";

export const SLO_PREFIX = "SLO: ";

export function parseNotebookCells(text: string): Cell[] {
  const raw = parseJsonArray<unknown>(text);
  return raw.flatMap((c) => {
    const parsed = cellSchema.safeParse(c);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The first compute cell of the notebook whose evaluator reports `metric` for the whole cell. */
export function cellForMetric(cells: Cell[], metric: string): string | null {
  for (const c of cells) {
    if (!isComputeCell(c)) continue;
    if (BUILTIN_METRICS[c.pluginId]?.cell.includes(metric)) return c.id;
  }
  return null;
}

export interface SloBinding {
  slo: Slo;
  notebookId: string | null;
  cellId: string | null;
  reason?: string;
}

export async function bindSlos(db: PrismaClient, modelId: string): Promise<SloBinding[]> {
  const model = await db.model.findUnique({ where: { id: modelId }, select: { slos: true } });
  if (!model) return [];
  const slos = parseJsonArray<Slo>(model.slos);
  if (!slos.length) return [];
  const notebooks = await db.notebook.findMany({ where: { modelId }, orderBy: { createdAt: "asc" }, select: { id: true, cells: true } });
  return bindSlosTo(slos, notebooks.map((n) => ({ id: n.id, cells: parseNotebookCells(n.cells) })));
}

/** Each SLO's notebook and cell among the model's notebooks (oldest first, cells parsed). */
export function bindSlosTo(slos: Slo[], notebooks: { id: string; cells: Cell[] }[]): SloBinding[] {
  return slos.map((slo) => {
    const metric = canonicalMetric(slo.metric);
    const candidates = slo.notebookId ? notebooks.filter((n) => n.id === slo.notebookId) : notebooks;
    for (const nb of candidates) {
      const cellId = cellForMetric(nb.cells, metric);
      if (cellId) return { slo, notebookId: nb.id, cellId };
    }
    return {
      slo,
      notebookId: null,
      cellId: null,
      reason: slo.notebookId && !candidates.length ? "its notebook no longer exists" : `no notebook cell of this model reports ${metric}`,
    };
  });
}

export async function syncSloGuardrails(db: PrismaClient, modelId: string): Promise<{ bound: SloBinding[] }> {
  const bound = await bindSlos(db, modelId);
  const model = await db.model.findUnique({ where: { id: modelId }, select: { workspaceId: true } });
  if (!model) return { bound };
  const existing = await db.guardrail.findMany({ where: { modelId, source: "slo" } });
  await applySloGuardrails(db, { id: modelId, workspaceId: model.workspaceId }, bound, existing);
  return { bound };
}

/**
 * Makes the model's SLO guardrails (`existing`: those with source "slo") match `bound`; true when
 * it wrote anything.
 */
export async function applySloGuardrails(db: PrismaClient, model: { id: string; workspaceId: string }, bound: SloBinding[], existing: Guardrail[]): Promise<boolean> {
  let wrote = false;
  const keep = new Set<string>();
  for (const b of bound) {
    if (!b.notebookId || !b.cellId) continue;
    const name = `${SLO_PREFIX}${b.slo.name}`;
    keep.add(name);
    const fields = {
      notebookId: b.notebookId,
      cellId: b.cellId,
      metric: canonicalMetric(b.slo.metric),
      column: null,
      cohortMode: b.slo.cohorts ?? "all",
      op: b.slo.op === ">=" ? "<" : ">",
      fail: b.slo.target,
      sloName: b.slo.name,
    };
    const row = existing.find((g) => g.name === name);
    if (!row) {
      await db.guardrail.create({ data: { ...fields, workspaceId: model.workspaceId, modelId: model.id, name, source: "slo", severity: "warning" } });
      wrote = true;
    } else if (Object.entries(fields).some(([k, v]) => (row as Record<string, unknown>)[k] !== v)) {
      await db.guardrail.update({ where: { id: row.id }, data: fields });
      wrote = true;
    }
  }
  // A removed SLO's guardrail goes; one with incidents is paused instead, so their history stays.
  const stale = existing.filter((g) => !keep.has(g.name)).map((g) => g.id);
  if (stale.length) {
    const withHistory = new Set((await db.incident.findMany({ where: { guardrailId: { in: stale } }, select: { guardrailId: true }, distinct: ["guardrailId"] })).map((i) => i.guardrailId));
    const deleted = await db.guardrail.deleteMany({ where: { id: { in: stale.filter((id) => !withHistory.has(id)) } } });
    const paused = await db.guardrail.updateMany({ where: { id: { in: [...withHistory] }, paused: false }, data: { paused: true } });
    wrote ||= deleted.count + paused.count > 0;
  }
  return wrote;
}

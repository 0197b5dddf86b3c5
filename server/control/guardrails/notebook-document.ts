/**
 * A notebook as one JSON document: title, description, data-selection defaults, cells, and the
 * guardrails that watch its cells (referenced by cell id or title, runbooks by title). Exported
 * for review and version control, imported back to create or update everything at once.
 *
 * Import validates the whole document first — the schema, the cells, and every guardrail against
 * the cells as they will be saved (unknown metric, an operator that does not fit, warn stricter
 * than fail…) — and reports every problem with its path (`guardrails[2].warn: …`). Only a valid
 * document is written, in one transaction with the notebook's new revision: an invalid one changes
 * nothing. Guardrails are matched by name; with a `guardrails` list, the notebook's guardrails
 * missing from it are deleted (those made from SLOs are not part of the document and stay).
 */
import { z, ZodError } from "zod";
import type { Guardrail, Prisma, PrismaClient } from "../../generated/prisma/client";
import { DomainError, badRequest, type FieldIssue } from "../../domain/errors";
import { diffFields, recordAudit, type Actor } from "../../services/audit";
import { cellInputSchema, selectionSchema, type Cell, type CellInput } from "../../notebooks/types";
import { mutateNotebook, parseCells, parseDefaults, requireNotebook, toCell, validateCells } from "../../notebooks/service";
import { guardrailFieldsSchema, type GuardrailFields } from "./types";
import { validateGuardrail } from "./validate";
import { describeGuardrail } from "./describe";

type Db = PrismaClient;

export const NOTEBOOK_DOCUMENT_FORMAT = "evalbook.notebook/1";

const { notebookId: _n, cellId: _c, runbookIds: _r, ...guardrailShape } = guardrailFieldsSchema.shape;

export const documentGuardrailSchema = z.strictObject({
  ...guardrailShape,
  /** the id (or the unique title) of a cell of this document */
  cell: z.string().trim().min(1, "name the cell the guardrail watches (its id or title)"),
  /** written by export for readers; ignored on import */
  cellTitle: z.string().optional(),
  /** titles (or ids) of the model's runbooks */
  runbooks: z.array(z.string().trim().min(1)).max(20).default([]),
});

export const notebookDocumentSchema = z.strictObject({
  format: z.literal(NOTEBOOK_DOCUMENT_FORMAT).optional(),
  /** the model's slug, informative: a document is imported into the notebook it is sent to */
  model: z.string().optional(),
  /** the revision the document was exported at: when given, the import is refused if the notebook changed since */
  revision: z.number().int().min(1).optional(),
  exportedAt: z.string().optional(),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(""),
  defaults: selectionSchema,
  cells: z.array(cellInputSchema).max(200),
  /** omitted: the notebook's guardrails are left as they are */
  guardrails: z.array(documentGuardrailSchema).max(1000).optional(),
});
export type NotebookDocument = z.input<typeof notebookDocumentSchema>;

/** `guardrails.2.warn` → `guardrails[2].warn` */
export function documentPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, seg) => (typeof seg === "number" ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), "");
}

function invalid(issues: FieldIssue[]): DomainError {
  const shown = issues.slice(0, 20).map((i) => `${i.field}: ${i.message}`);
  const more = issues.length > 20 ? `; and ${issues.length - 20} more` : "";
  return badRequest(`The notebook document is not valid (nothing was saved): ${shown.join("; ")}${more}.`, issues);
}

const GUARDRAIL_FIELD_IN_DOCUMENT: Record<string, string> = { cellId: "cell", runbookIds: "runbooks", notebookId: "cell" };

// ── Export ───────────────────────────────────────────────────────────────────

const titleOf = (c: Cell): string | undefined => ("title" in c ? c.title : undefined);

function documentGuardrail(g: Guardrail, cells: Cell[], runbookTitles: Map<string, string>) {
  const cell = cells.find((c) => c.id === g.cellId);
  return {
    name: g.name,
    cell: g.cellId,
    ...(cell && titleOf(cell) ? { cellTitle: titleOf(cell) } : {}),
    metric: g.metric,
    column: g.column,
    cohortMode: g.cohortMode,
    op: g.op,
    warn: g.warn,
    fail: g.fail,
    severity: g.severity,
    minSamples: g.minSamples,
    requireSignificance: g.requireSignificance,
    fireAfter: g.fireAfter,
    resolveAfter: g.resolveAfter,
    flapWindow: g.flapWindow,
    flapThreshold: g.flapThreshold,
    renotifyMinutes: g.renotifyMinutes,
    paused: g.paused,
    runbooks: (JSON.parse(g.runbookIds) as string[]).map((id) => runbookTitles.get(id) ?? id),
    rollbackMode: g.rollbackMode,
    rollbackUrl: g.rollbackUrl,
    rollbackTimeoutSeconds: g.rollbackTimeoutSeconds,
    rollbackCooldownMinutes: g.rollbackCooldownMinutes,
  };
}

/** The notebook as a document (the rollback signing secret is never exported). */
export async function exportNotebookDocument(db: Db, workspaceId: string, notebookId: string) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const [model, guardrails, runbooks] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: nb.modelId }, select: { slug: true } }),
    db.guardrail.findMany({ where: { notebookId, source: { not: "slo" } }, orderBy: [{ createdAt: "asc" }, { name: "asc" }] }),
    db.runbook.findMany({ where: { modelId: nb.modelId }, select: { id: true, title: true } }),
  ]);
  const cells = parseCells(nb.cells);
  const titles = new Map(runbooks.map((r) => [r.id, r.title]));
  return {
    format: NOTEBOOK_DOCUMENT_FORMAT,
    model: model.slug,
    revision: nb.revision,
    exportedAt: new Date().toISOString(),
    title: nb.title,
    description: nb.description,
    defaults: parseDefaults(nb.defaults),
    cells,
    guardrails: guardrails.map((g) => documentGuardrail(g, cells, titles)),
  };
}

// ── Import ───────────────────────────────────────────────────────────────────

interface PlannedGuardrail {
  fields: GuardrailFields;
  existing: Guardrail | null;
}

export interface ImportPlan {
  cells: number;
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
}

function resolveCell(ref: string, cells: Cell[]): { id: string } | { error: string } {
  const byId = cells.find((c) => c.id === ref);
  if (byId) return { id: byId.id };
  const byTitle = cells.filter((c) => titleOf(c) === ref);
  if (byTitle.length === 1) return { id: byTitle[0]!.id };
  if (byTitle.length > 1) return { error: `${byTitle.length} cells are titled "${ref}": use the cell's id` };
  return { error: `no cell of this document has the id or title "${ref}"` };
}

function resolveRunbooks(refs: string[], runbooks: { id: string; title: string }[]): { ids: string[] } | { error: string } {
  const ids: string[] = [];
  for (const ref of refs) {
    const found = runbooks.find((r) => r.id === ref) ?? runbooks.filter((r) => r.title === ref)[0];
    if (!found) return { error: `"${ref}" is not a runbook of this model${runbooks.length ? ` (${runbooks.map((r) => `"${r.title}"`).slice(0, 8).join(", ")})` : ""}` };
    ids.push(found.id);
  }
  return { ids: [...new Set(ids)] };
}

function parseDocument(raw: unknown) {
  try {
    return notebookDocumentSchema.parse(raw);
  } catch (err) {
    if (err instanceof ZodError) throw invalid(err.issues.map((i) => ({ field: documentPath(i.path) || "(document)", message: i.message })));
    throw err;
  }
}

function cellsOf(doc: z.output<typeof notebookDocumentSchema>): Cell[] {
  const issues: FieldIssue[] = [];
  const cells = doc.cells.flatMap((c, i) => {
    try {
      return [toCell(c as CellInput)];
    } catch (err) {
      if (err instanceof ZodError) issues.push(...err.issues.map((x) => ({ field: documentPath(["cells", i, ...x.path]), message: x.message })));
      else throw err;
      return [];
    }
  });
  if (issues.length) throw invalid(issues);
  try {
    validateCells(cells);
  } catch (err) {
    if (err instanceof DomainError) throw invalid((err.details?.fields ?? [{ field: "cells", message: err.message }]).map((f) => ({ field: documentPath(f.field.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s))), message: f.message })));
    throw err;
  }
  return cells;
}

const sameRule = (a: Guardrail, fields: GuardrailFields) => {
  const { rollbackSecret, ...rest } = fields;
  const after = { ...rest, runbookIds: JSON.stringify(rest.runbookIds) };
  return Object.keys(diffFields(a, after)).length === 0 && rollbackSecret === undefined;
};

/**
 * Validates the document against the notebook and the model and plans the guardrail changes;
 * throws a BAD_REQUEST naming every invalid path. Reads only.
 */
async function planImport(db: Db, workspaceId: string, notebookId: string, raw: unknown) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const doc = parseDocument(raw);
  const cells = cellsOf(doc);
  const [existing, others, runbooks] = await Promise.all([
    db.guardrail.findMany({ where: { notebookId } }),
    db.guardrail.findMany({ where: { modelId: nb.modelId, notebookId: { not: notebookId } }, select: { name: true, notebook: { select: { title: true } } } }),
    db.runbook.findMany({ where: { modelId: nb.modelId }, select: { id: true, title: true } }),
  ]);
  const byName = new Map(existing.map((g) => [g.name, g]));
  const elsewhere = new Map(others.map((g) => [g.name, g.notebook.title]));
  const issues: FieldIssue[] = [];
  const planned: PlannedGuardrail[] = [];
  const seen = new Set<string>();

  for (const [i, entry] of (doc.guardrails ?? []).entries()) {
    const at = (field: string) => `guardrails[${i}].${field}`;
    const { cell, runbooks: runbookRefs, ...rest } = entry;
    const before = issues.length;
    if (seen.has(entry.name)) issues.push({ field: at("name"), message: `"${entry.name}" is used by an earlier guardrail of this document` });
    seen.add(entry.name);
    const current = byName.get(entry.name) ?? null;
    if (current?.source === "slo") issues.push({ field: at("name"), message: `"${entry.name}" is made from an SLO of the model: edit the SLO, or rename this guardrail` });
    if (elsewhere.has(entry.name)) issues.push({ field: at("name"), message: `a guardrail of notebook "${elsewhere.get(entry.name)}" already has this name (names are unique per model)` });
    const cellRef = resolveCell(cell, cells);
    if ("error" in cellRef) issues.push({ field: at("cell"), message: cellRef.error });
    const rb = resolveRunbooks(runbookRefs, runbooks);
    if ("error" in rb) issues.push({ field: at("runbooks"), message: rb.error });
    if (issues.length > before || "error" in cellRef || "error" in rb) continue;
    const fields = guardrailFieldsSchema.parse({ ...rest, notebookId, cellId: cellRef.id, runbookIds: rb.ids });
    try {
      await validateGuardrail(db, { workspaceId, modelId: nb.modelId, hasStoredSecret: Boolean(current?.rollbackSecret), cells }, fields);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      for (const f of err.details?.fields ?? [{ field: "", message: err.message }]) issues.push({ field: at(GUARDRAIL_FIELD_IN_DOCUMENT[f.field] ?? f.field), message: f.message });
      continue;
    }
    planned.push({ fields, existing: current });
  }
  if (!doc.guardrails) {
    const ids = new Set(cells.map((c) => c.id));
    for (const g of existing)
      if (g.source !== "slo" && !ids.has(g.cellId))
        issues.push({ field: "cells", message: `guardrail "${g.name}" watches cell "${g.cellId}", which this document removes: keep the cell, or list the guardrails` });
  }
  if (issues.length) throw invalid(issues);

  const kept = new Set(planned.map((p) => p.fields.name));
  const deleted = doc.guardrails ? existing.filter((g) => g.source !== "slo" && !kept.has(g.name)) : [];
  const plan: ImportPlan = {
    cells: cells.length,
    created: planned.filter((p) => !p.existing).map((p) => p.fields.name),
    updated: planned.filter((p) => p.existing && !sameRule(p.existing, p.fields)).map((p) => p.fields.name),
    unchanged: planned.filter((p) => p.existing && sameRule(p.existing, p.fields)).map((p) => p.fields.name),
    deleted: deleted.map((g) => g.name),
  };
  return { nb, doc, cells, planned, deleted, plan };
}

function guardrailData(fields: GuardrailFields) {
  const { runbookIds, rollbackSecret, ...rest } = fields;
  return { ...rest, runbookIds: JSON.stringify(runbookIds), ...(rollbackSecret !== undefined ? { rollbackSecret } : {}) };
}

async function writeGuardrails(tx: Prisma.TransactionClient, ctx: { workspaceId: string; modelId: string; actor: Actor }, planned: PlannedGuardrail[], deleted: Guardrail[]) {
  const { workspaceId, modelId, actor } = ctx;
  for (const g of deleted) {
    await tx.guardrail.delete({ where: { id: g.id } });
    await recordAudit(tx, { workspaceId, modelId, actor, action: "guardrail.deleted", changes: { name: g.name, rule: describeGuardrail(g), via: "notebook JSON" } });
  }
  for (const { fields, existing } of planned) {
    if (!existing) {
      const g = await tx.guardrail.create({ data: { ...guardrailData(fields), workspaceId, modelId, source: "notebook", createdById: actor.id } });
      await recordAudit(tx, { workspaceId, modelId, actor, action: "guardrail.created", changes: { name: g.name, rule: describeGuardrail(g), severity: g.severity, rollbackMode: g.rollbackMode, via: "notebook JSON" } });
    } else if (!sameRule(existing, fields)) {
      const g = await tx.guardrail.update({ where: { id: existing.id }, data: guardrailData(fields) });
      const { rollbackSecret: _a, ...before } = existing;
      const { rollbackSecret: _b, ...after } = g;
      await recordAudit(tx, { workspaceId, modelId, actor, action: "guardrail.updated", changes: { name: g.name, ...diffFields(before, after), via: "notebook JSON" } });
    }
  }
}

/**
 * Imports a document into an existing notebook. `dryRun`: validate and return the plan, write
 * nothing. Otherwise the notebook gets a new revision and the guardrails change with it.
 */
export async function importNotebookDocument(db: Db, workspaceId: string, actor: Actor, notebookId: string, raw: unknown, opts: { dryRun?: boolean } = {}) {
  const { nb, doc, cells, planned, deleted, plan } = await planImport(db, workspaceId, notebookId, raw);
  if (opts.dryRun) return { dryRun: true, plan };
  const expected = doc.revision ?? nb.revision;
  const parts = [`${plan.cells} cell${plan.cells === 1 ? "" : "s"}`];
  if (doc.guardrails) parts.push(`guardrails: ${plan.created.length} created, ${plan.updated.length} updated, ${plan.deleted.length} deleted`);
  const after = await mutateNotebook(
    db,
    workspaceId,
    actor,
    notebookId,
    expected,
    () => ({ state: { title: doc.title, description: doc.description, defaults: doc.defaults, cells }, summary: `imported from JSON (${parts.join("; ")})` }),
    (tx) => writeGuardrails(tx, { workspaceId, modelId: nb.modelId, actor }, planned, deleted),
  );
  return { dryRun: false, plan, revision: after.revision };
}

/**
 * Notebook documents: parsing and validation, reading, create/save/delete, and the
 * compare-and-set every change goes through (mutateNotebook). Cell operations are in
 * cell-ops.ts, version history in revisions.ts.
 *
 * Every change names the revision it was based on (`expectedRevision`). The write is a
 * compare-and-set on Notebook.revision inside a transaction; on a mismatch the caller gets a
 * CONFLICT that says which revision is current. Each change writes a NotebookRevision snapshot.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Prisma, PrismaClient } from "../generated/prisma/client";
import { badRequest, conflict, notFound } from "../domain/errors";
import type { Actor } from "../services/audit";
import { recordAudit } from "../services/audit";
import { renderMarkdown } from "../markdown/render";
import { TEMPLATE_IDS, buildTemplate, type TemplateId } from "./templates";
import {
  DEFAULT_SELECTION,
  cellInputSchema,
  cellSchema,
  isComputeCell,
  selectionSchema,
  type Cell,
  type CellInput,
  type Selection,
} from "./types";
import { checkCellConfig } from "./evaluation";
import { predictionRepository } from "../predictions";
import { describeSchedule } from "./schedule-text";
import { sharedPageReads, type PageReads } from "../services/page-reads";
import type { RunParameters } from "./parameters";

type Db = PrismaClient;

export function newCellId(): string {
  return `c${randomBytes(5).toString("hex")}`;
}

// ── Parsing stored JSON ──────────────────────────────────────────────────────

export function parseCells(json: string): Cell[] {
  const raw = JSON.parse(json) as unknown[];
  return raw.map((c) => cellSchema.parse(c));
}
export function parseDefaults(json: string): Selection {
  return selectionSchema.parse(JSON.parse(json));
}

/** Structural rules: unique ids; a chart follows the evaluator/comparison cell it draws. */
export function validateCells(cells: Cell[]): void {
  const seen = new Map<string, Cell>();
  for (const [i, cell] of cells.entries()) {
    if (seen.has(cell.id)) throw badRequest(`Two cells have the id "${cell.id}".`, [{ field: `cells.${i}.id`, message: "duplicate id" }]);
    if (cell.type === "chart") {
      const source = seen.get(cell.sourceCellId);
      if (!source) {
        const later = cells.some((c) => c.id === cell.sourceCellId);
        throw badRequest(
          later
            ? `Chart cell "${cell.title ?? cell.id}" must come after the cell it draws ("${cell.sourceCellId}").`
            : `Chart cell "${cell.title ?? cell.id}" draws cell "${cell.sourceCellId}", which is not in this notebook.`,
          [{ field: `cells.${i}.sourceCellId`, message: later ? "source cell must come first" : "no such cell" }],
        );
      }
      if (!isComputeCell(source))
        throw badRequest(`Chart cell "${cell.title ?? cell.id}" must draw an evaluator or comparison cell.`, [
          { field: `cells.${i}.sourceCellId`, message: "not an evaluator or comparison cell" },
        ]);
    }
    seen.set(cell.id, cell);
  }
  if (cells.length > 200) throw badRequest("A notebook holds at most 200 cells.");
}

export function toCell(input: CellInput, id?: string): Cell {
  const parsed = cellInputSchema.parse(input);
  return cellSchema.parse({ ...parsed, id: id ?? parsed.id ?? newCellId() });
}

// ── Reading ──────────────────────────────────────────────────────────────────

async function requireModelBySlug(db: Db, workspaceId: string, slug: string) {
  const model = await db.model.findUnique({
    where: { workspaceId_slug: { workspaceId, slug } },
    include: { versions: { orderBy: { createdAt: "asc" } }, features: { orderBy: [{ position: "asc" }, { name: "asc" }] } },
  });
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

export async function requireNotebook(db: Db, workspaceId: string, id: string) {
  const nb = await db.notebook.findFirst({ where: { id, workspaceId } });
  if (!nb) throw notFound(`No notebook "${id}" in this workspace.`);
  return nb;
}

export type NotebookRow = Awaited<ReturnType<typeof requireNotebook>>;

export function scheduleView(nb: Pick<NotebookRow, "scheduleCron" | "scheduleTz" | "schedulePaused" | "scheduleParameters">) {
  if (!nb.scheduleCron) return null;
  const tz = nb.scheduleTz ?? "UTC";
  const parameters = nb.scheduleParameters ? (JSON.parse(nb.scheduleParameters) as RunParameters) : null;
  return { cron: nb.scheduleCron, tz, paused: nb.schedulePaused, parameters, ...describeSchedule(nb.scheduleCron, tz, nb.schedulePaused ? 0 : 5) };
}

/** A cell as the UI gets it: markdown rendered (sanitized HTML); compute cells with config issues. */
export async function viewCell(cell: Cell) {
  if (cell.type === "markdown") return { ...cell, html: renderMarkdown(cell.source) };
  if (isComputeCell(cell)) {
    const issue = await checkCellConfig(cell.pluginId, cell.pluginVersion, cell.config, cell.type);
    return { ...cell, issue };
  }
  return cell;
}

export async function listNotebooks(db: Db, workspaceId: string, modelSlug: string) {
  const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: modelSlug } }, select: { id: true } });
  if (!model) throw notFound(`No model "${modelSlug}" in this workspace.`);
  return listModelNotebooks(sharedPageReads(), workspaceId, model.id);
}

export async function listModelNotebooks(reads: PageReads, workspaceId: string, modelId: string) {
  return (await notebookItems(reads, workspaceId, modelId)).map(({ modelName: _name, ...item }) => item);
}

/** Every notebook of the workspace with its model's slug and name (the workspace's Notebooks page). */
export function listWorkspaceNotebooks(reads: PageReads, workspaceId: string) {
  return notebookItems(reads, workspaceId, undefined);
}

/**
 * Notebooks (newest change first) with their last run: two queries however many notebooks and
 * runs — the notebooks, and the newest run of each (no run history read). Plain SQL (services/page-reads).
 */
async function notebookItems(reads: PageReads, workspaceId: string, modelId: string | undefined) {
  const [rows, last] = await Promise.all([reads.notebookList(workspaceId, modelId), reads.lastNotebookRuns(workspaceId, modelId)]);
  return rows.map((nb) => {
    const run = last.get(nb.id);
    return {
      id: nb.id,
      title: nb.title,
      description: nb.description,
      modelSlug: nb.model.slug,
      modelName: nb.model.name,
      template: nb.template,
      revision: nb.revision,
      cellCount: parseCells(nb.cells).length,
      schedule: scheduleView(nb),
      lastRun: run ? { id: run.id, status: run.status, resultStatus: run.resultStatus, createdAt: run.createdAt, finishedAt: run.finishedAt } : null,
      updatedAt: nb.updatedAt,
      createdAt: nb.createdAt,
    };
  });
}

export async function getNotebook(db: Db, workspaceId: string, id: string) {
  const nb = await requireNotebook(db, workspaceId, id);
  const model = await db.model.findUniqueOrThrow({
    where: { id: nb.modelId },
    include: {
      versions: { orderBy: { createdAt: "asc" }, select: { label: true, stage: true } },
      features: { orderBy: [{ position: "asc" }, { name: "asc" }], select: { name: true, type: true, key: true } },
    },
  });
  // the feature columns each baseline actually has, for the cell editor's "columns it will evaluate"
  // (its prediction, label, timestamp… columns are never evaluated as features: not listed)
  const baselines = (await predictionRepository().listBaselines(model.id)).map((b) => ({
    id: b.id,
    name: b.name,
    rowCount: b.rowCount,
    createdAt: b.createdAt,
    columns: b.columns.filter((c) => c.role === "feature").map((c) => c.name),
  }));
  const cells = await Promise.all(parseCells(nb.cells).map(viewCell));
  return {
    id: nb.id,
    title: nb.title,
    description: nb.description,
    template: nb.template,
    revision: nb.revision,
    defaults: parseDefaults(nb.defaults),
    cells,
    schedule: scheduleView(nb),
    model: { id: model.id, slug: model.slug, name: model.name, task: model.task, versions: model.versions, features: model.features, baselines },
    createdAt: nb.createdAt,
    updatedAt: nb.updatedAt,
  };
}
export type NotebookView = Awaited<ReturnType<typeof getNotebook>>;

// ── Writing ──────────────────────────────────────────────────────────────────

export const createNotebookInput = z.object({
  modelSlug: z.string().min(1),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  template: z.enum(TEMPLATE_IDS).optional(),
});

export async function createNotebook(db: Db, workspaceId: string, actor: Actor, raw: z.input<typeof createNotebookInput>) {
  const input = createNotebookInput.parse(raw);
  const model = await requireModelBySlug(db, workspaceId, input.modelSlug);
  const built = input.template
    ? buildTemplate(input.template as TemplateId, model)
    : { title: "Untitled notebook", description: "", defaults: DEFAULT_SELECTION, cells: [] as Cell[] };
  const title = input.title ?? built.title;
  const description = input.description ?? built.description;
  validateCells(built.cells);
  const id = await db.$transaction(async (tx) => {
    const nb = await tx.notebook.create({
      data: {
        workspaceId,
        modelId: model.id,
        title,
        description,
        template: input.template ?? null,
        defaults: JSON.stringify(built.defaults),
        cells: JSON.stringify(built.cells),
        revision: 1,
        createdById: actor.id,
        updatedById: actor.id,
      },
    });
    await tx.notebookRevision.create({
      data: {
        notebookId: nb.id,
        revision: 1,
        title,
        defaults: nb.defaults,
        cells: nb.cells,
        summary: input.template ? `created from the "${built.title}" template` : "created",
        authorId: actor.id,
        authorLabel: actor.label,
      },
    });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "notebook.created", changes: { notebookId: nb.id, title, template: input.template ?? null } });
    return nb.id;
  });
  return getNotebook(db, workspaceId, id);
}

interface NotebookState {
  title: string;
  description: string;
  defaults: Selection;
  cells: Cell[];
}

/**
 * Applies `change` to the notebook if it is still at `expectedRevision`; writes the new revision
 * and its snapshot atomically. `alsoInTransaction` writes what must change with it (the notebook
 * JSON's guardrails). Returns the notebook as getNotebook does.
 */
export async function mutateNotebook(
  db: Db,
  workspaceId: string,
  actor: Actor,
  id: string,
  expectedRevision: number,
  change: (state: NotebookState) => { state: NotebookState; summary: string },
  alsoInTransaction?: (tx: Prisma.TransactionClient) => Promise<void>,
) {
  await db.$transaction(async (tx) => {
    const nb = await tx.notebook.findFirst({ where: { id, workspaceId } });
    if (!nb) throw notFound(`No notebook "${id}" in this workspace.`);
    if (nb.revision !== expectedRevision) throw revisionConflict(nb.revision, expectedRevision);
    const { state, summary } = change({ title: nb.title, description: nb.description, defaults: parseDefaults(nb.defaults), cells: parseCells(nb.cells) });
    validateCells(state.cells);
    const next = nb.revision + 1;
    const defaults = JSON.stringify(selectionSchema.parse(state.defaults));
    const cells = JSON.stringify(state.cells);
    const { count } = await tx.notebook.updateMany({
      where: { id, revision: expectedRevision },
      data: { title: state.title, description: state.description, defaults, cells, revision: next, updatedById: actor.id },
    });
    if (count !== 1) {
      const current = await tx.notebook.findUnique({ where: { id }, select: { revision: true } });
      throw revisionConflict(current?.revision ?? expectedRevision + 1, expectedRevision);
    }
    await tx.notebookRevision.create({
      data: { notebookId: id, revision: next, title: state.title, defaults, cells, summary, authorId: actor.id, authorLabel: actor.label },
    });
    await alsoInTransaction?.(tx);
  });
  return getNotebook(db, workspaceId, id);
}

function revisionConflict(current: number, expected: number) {
  return conflict(`Someone else changed this notebook (revision ${current}); reload to see their changes.`, [
    { field: "expectedRevision", message: `expected ${expected}, current ${current}` },
  ]);
}

export const saveNotebookInput = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  defaults: selectionSchema.optional(),
  /** the whole ordered cell list (autosave) */
  cells: z.array(cellInputSchema).max(200).optional(),
});

/** Autosave: any of title, description, defaults and the full cell list. */
export function saveNotebook(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, raw: z.input<typeof saveNotebookInput>) {
  const input = saveNotebookInput.parse(raw);
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const parts: string[] = [];
    const state = { ...s };
    if (input.title !== undefined && input.title !== s.title) {
      state.title = input.title;
      parts.push("title");
    }
    if (input.description !== undefined && input.description !== s.description) {
      state.description = input.description;
      parts.push("description");
    }
    if (input.defaults !== undefined) {
      state.defaults = input.defaults;
      parts.push("data selection defaults");
    }
    if (input.cells !== undefined) {
      state.cells = input.cells.map((c) => toCell(c as CellInput));
      parts.push("cells");
    }
    return { state, summary: parts.length ? `edited ${parts.join(", ")}` : "saved (no change)" };
  });
}

export async function deleteNotebook(db: Db, workspaceId: string, actor: Actor, id: string) {
  const nb = await requireNotebook(db, workspaceId, id);
  await db.$transaction(async (tx) => {
    await tx.notebook.delete({ where: { id } });
    await recordAudit(tx, { workspaceId, modelId: nb.modelId, actor, action: "notebook.deleted", changes: { notebookId: id, title: nb.title } });
  });
  return { id, scheduleCron: nb.scheduleCron };
}


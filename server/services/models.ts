import { z } from "zod";
import type { PrismaClient, Prisma } from "../generated/prisma/client";
import { conflict, notFound, badRequest } from "../domain/errors";
import {
  STAGES,
  TASKS,
  modelFieldsSchema,
  parseJsonArray,
  slugSchema,
  type Slo,
  type Stage,
} from "../domain/model";
import { featureSpecSchema, type FeatureSpecInput } from "../../plugins/sdk";
import { featureFromStored, storedFromFeature } from "../domain/contract";
import { diffFields, recordAudit, type Actor } from "./audit";
import type { PageReads } from "./page-reads";

type Db = PrismaClient;

export const createModelInput = modelFieldsSchema.extend({
  slug: slugSchema,
  versions: z
    .array(z.object({ label: z.string().trim().min(1).max(64), stage: z.enum(STAGES) }))
    .max(50)
    .default([]),
});
export const updateModelInput = modelFieldsSchema.partial();

export const listModelsInput = z.object({
  q: z.string().trim().max(200).optional(),
  task: z.enum(TASKS).optional(),
  ownerTeam: z.string().max(120).optional(),
  stage: z.enum(STAGES).optional(),
  tag: z.string().max(40).optional(),
  sort: z.enum(["name", "updatedAt", "task", "ownerTeam"]).default("name"),
  order: z.enum(["asc", "desc"]).default("asc"),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export function serializeModel<T extends { tags: string; slos: string }>(model: T) {
  return { ...model, tags: parseJsonArray<string>(model.tags), slos: parseJsonArray<Slo>(model.slos) };
}

async function requireModel(db: Db, workspaceId: string, slug: string) {
  const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug } } });
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return model;
}

function assertOneProduction(versions: { label: string; stage: string }[]) {
  const production = versions.filter((v) => v.stage === "production");
  if (production.length > 1)
    throw badRequest(
      `Only one version can be in production at a time; got ${production.map((v) => `"${v.label}"`).join(" and ")}.`,
      [{ field: "versions", message: "at most one production version" }],
    );
  const labels = new Set<string>();
  for (const v of versions) {
    if (labels.has(v.label)) throw badRequest(`Version "${v.label}" is listed twice.`, [{ field: "versions", message: "duplicate label" }]);
    labels.add(v.label);
  }
}

/**
 * A page of the inventory. Unfiltered (the inventory as it opens) it is read in plain SQL
 * (services/page-reads); with a search or filter through Prisma's query below.
 */
export async function listModels(db: Db, reads: PageReads, workspaceId: string, input: z.infer<typeof listModelsInput>) {
  const filtered = Boolean(input.q || input.task || input.ownerTeam || input.stage || input.tag);
  const { total, rows } = filtered
    ? await filteredModels(db, workspaceId, input)
    : await reads.modelsPage(workspaceId, input.sort, input.order, (input.page - 1) * input.pageSize, input.pageSize);
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    pages: Math.max(1, Math.ceil(total / input.pageSize)),
    items: rows.map((m) => ({
      ...serializeModel(m),
      productionVersion: m.versions.find((v) => v.stage === "production")?.label ?? null,
      versionCount: m.versions.length,
    })),
  };
}

async function filteredModels(db: Db, workspaceId: string, input: z.infer<typeof listModelsInput>) {
  const where: Prisma.ModelWhereInput = { workspaceId };
  const and: Prisma.ModelWhereInput[] = [];
  if (input.q) {
    and.push({
      OR: [
        { name: { contains: input.q } },
        { slug: { contains: input.q.toLowerCase() } },
        { description: { contains: input.q } },
        { endpoint: { contains: input.q } },
        { businessMetric: { contains: input.q } },
      ],
    });
  }
  if (input.task) and.push({ task: input.task });
  if (input.ownerTeam) and.push({ ownerTeam: input.ownerTeam });
  if (input.stage) and.push({ versions: { some: { stage: input.stage } } });
  if (input.tag) and.push({ tags: { contains: JSON.stringify(input.tag) } });
  if (and.length) where.AND = and;

  const [total, rows] = await Promise.all([
    db.model.count({ where }),
    db.model.findMany({
      where,
      orderBy: [{ [input.sort]: input.order }, { slug: "asc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
      include: { versions: { select: { label: true, stage: true } } },
    }),
  ]);
  return { total, rows };
}

export async function modelFacets(reads: PageReads, workspaceId: string) {
  const models = await reads.modelFacetRows(workspaceId);
  const owners = [...new Set(models.map((m) => m.ownerTeam))].sort();
  const tags = [...new Set(models.flatMap((m) => parseJsonArray<string>(m.tags)))].sort();
  return { owners, tags, tasks: TASKS, stages: STAGES };
}

const MODEL_DETAIL = {
  versions: { orderBy: { createdAt: "asc" }, include: { stageEvents: { orderBy: { changedAt: "desc" } } } },
  features: { orderBy: [{ position: "asc" }, { name: "asc" }] },
} satisfies Prisma.ModelInclude;

/** The model row with its versions (oldest first, each with its stage history) and its feature contract. */
export type ModelDetailRow = Prisma.ModelGetPayload<{ include: typeof MODEL_DETAIL }>;

export function readModelDetail(db: Db, workspaceId: string, slug: string): Promise<ModelDetailRow | null> {
  return db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug } }, include: MODEL_DETAIL });
}

export function modelDetail(model: ModelDetailRow) {
  return { ...serializeModel(model), features: model.features.map(featureFromStored) };
}

export async function getModel(db: Db, workspaceId: string, slug: string) {
  const model = await readModelDetail(db, workspaceId, slug);
  if (!model) throw notFound(`No model "${slug}" in this workspace.`);
  return modelDetail(model);
}

export async function createModel(db: Db, workspaceId: string, actor: Actor, raw: z.input<typeof createModelInput>) {
  const input = createModelInput.parse(raw);
  assertOneProduction(input.versions);
  const existing = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: input.slug } } });
  if (existing) throw conflict(`A model with slug "${input.slug}" already exists in this workspace.`, [{ field: "slug", message: "already taken" }]);
  return db.$transaction(async (tx) => {
    const { versions, tags, slos, slug, ...fields } = input;
    const model = await tx.model.create({
      data: { ...fields, slug, workspaceId, tags: JSON.stringify(tags), slos: JSON.stringify(slos) },
    });
    for (const v of versions) {
      await tx.modelVersion.create({
        data: { modelId: model.id, label: v.label, stage: v.stage, stageEvents: { create: { toStage: v.stage, changedById: actor.id } } },
      });
    }
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "model.created", changes: { slug, name: input.name } });
    return model;
  });
}

export async function updateModel(db: Db, workspaceId: string, actor: Actor, slug: string, raw: z.input<typeof updateModelInput>) {
  const input = updateModelInput.parse(raw);
  const model = await requireModel(db, workspaceId, slug);
  const before: Record<string, unknown> = serializeModel(model);
  const changes = diffFields(before, input as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return model;
  const { tags, slos, ...fields } = input;
  return db.$transaction(async (tx) => {
    const updated = await tx.model.update({
      where: { id: model.id },
      data: {
        ...fields,
        ...(tags ? { tags: JSON.stringify(tags) } : {}),
        ...(slos ? { slos: JSON.stringify(slos) } : {}),
      },
    });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "model.updated", changes });
    return updated;
  });
}

export async function deleteModel(db: Db, workspaceId: string, actor: Actor, slug: string) {
  const model = await requireModel(db, workspaceId, slug);
  await db.$transaction(async (tx) => {
    await tx.model.delete({ where: { id: model.id } });
    await recordAudit(tx, { workspaceId, actor, action: "model.deleted", changes: { slug } });
  });
  return { deleted: slug };
}

export const versionLabelSchema = z
  .string()
  .trim()
  .min(1, "Version label is required")
  .max(64)
  .regex(/^[\w.+-]+$/, "Version labels may contain letters, digits and . + - _");

export async function addVersion(db: Db, workspaceId: string, actor: Actor, slug: string, label: string, stage: Stage) {
  const model = await requireModel(db, workspaceId, slug);
  const clash = await db.modelVersion.findUnique({ where: { modelId_label: { modelId: model.id, label } } });
  if (clash) throw conflict(`Version "${label}" already exists for ${slug}.`, [{ field: "label", message: "already exists" }]);
  return db.$transaction(async (tx) => {
    if (stage === "production") await demoteCurrentProduction(tx, model.id, actor);
    const version = await tx.modelVersion.create({
      data: { modelId: model.id, label, stage, stageEvents: { create: { toStage: stage, changedById: actor.id } } },
    });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "version.created", changes: { label, stage } });
    return version;
  });
}

/** Moving a version to production retires the previous production version in the same transaction. */
async function demoteCurrentProduction(tx: Prisma.TransactionClient, modelId: string, actor: Actor, except?: string) {
  const current = await tx.modelVersion.findMany({ where: { modelId, stage: "production", NOT: except ? { id: except } : undefined } });
  for (const v of current) {
    await tx.modelVersion.update({ where: { id: v.id }, data: { stage: "retired" } });
    await tx.stageChange.create({ data: { versionId: v.id, fromStage: "production", toStage: "retired", changedById: actor.id } });
  }
  return current;
}

/** Evidence behind a stage change (a promote decision from a comparison): stored with its audit event. */
export interface StageEvidence {
  runId: string;
  cellId: string;
  notebookId: string;
  /** the report the decision was taken from, when it was (its frozen verdicts are the summary) */
  reportId?: string;
  /** one line per compared metric on `all`: "accuracy: better (Δ 0.087, 95% CI 0.061–0.112)" */
  summary: string[];
}

export async function setVersionStage(db: Db, workspaceId: string, actor: Actor, slug: string, label: string, stage: Stage, evidence?: StageEvidence) {
  const model = await requireModel(db, workspaceId, slug);
  const version = await db.modelVersion.findUnique({ where: { modelId_label: { modelId: model.id, label } } });
  if (!version) throw notFound(`No version "${label}" for model ${slug}.`);
  if (version.stage === stage) return version;
  return db.$transaction(async (tx) => {
    const demoted = stage === "production" ? await demoteCurrentProduction(tx, model.id, actor, version.id) : [];
    const updated = await tx.modelVersion.update({ where: { id: version.id }, data: { stage } });
    await tx.stageChange.create({ data: { versionId: version.id, fromStage: version.stage, toStage: stage, changedById: actor.id } });
    await recordAudit(tx, {
      workspaceId,
      modelId: model.id,
      actor,
      action: "version.stage_changed",
      changes: { [label]: [version.stage, stage], ...Object.fromEntries(demoted.map((d) => [d.label, ["production", "retired"]])), ...(evidence ? { evidence } : {}) },
    });
    return updated;
  });
}

export async function replaceFeatureContract(db: Db, workspaceId: string, actor: Actor, slug: string, raw: FeatureSpecInput[]) {
  const features = z.array(featureSpecSchema).max(2000).parse(raw);
  const seen = new Set<string>();
  features.forEach((f, i) => {
    if (seen.has(f.name)) throw badRequest(`Feature "${f.name}" appears twice in the contract.`, [{ field: `features.${i}.name`, message: "duplicate name" }]);
    seen.add(f.name);
  });
  const model = await requireModel(db, workspaceId, slug);
  await db.$transaction(async (tx) => {
    await tx.featureContract.deleteMany({ where: { modelId: model.id } });
    for (const [position, f] of features.entries()) {
      await tx.featureContract.create({
        data: { modelId: model.id, ...storedFromFeature(f), position },
      });
    }
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "contract.replaced", changes: { features: features.map((f) => f.name) } });
  });
  return { count: features.length };
}

/** A page of the model's audit trail, newest first: the first (what the model page shows) in plain SQL, later ones by Prisma's cursor. */
export async function listAudit(db: Db, reads: PageReads, workspaceId: string, modelId: string, cursor?: string, limit = 50) {
  const rows = cursor
    ? await db.auditEvent.findMany({
        where: { workspaceId, modelId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: limit + 1,
        cursor: { id: cursor },
        skip: 1,
      })
    : await reads.newestAuditEvents(workspaceId, modelId, limit + 1);
  const items = rows.slice(0, limit).map((r) => ({ ...r, changes: JSON.parse(r.changes) as unknown }));
  return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}

import type { PrismaClient } from "../generated/prisma/client";
import { DomainError, notFound } from "../domain/errors";
import { featureFromStored } from "../domain/contract";
import type { ModelRef, PredictionRepository } from "../predictions";
import { diffFields, recordAudit, type Actor } from "../services/audit";
import { CONTENT_TYPE, columnNames, encodeExport } from "./encode";
import { effectivePolicy, exportPolicySchema, storedPolicy, type ExportFormat, type ExportPolicy, type ExportQuery } from "./policy";
import { emptyCounts, exportBatches, priorityOrder, type ExportCounts, type ExportSpec } from "./rows";

/**
 * Labelled data back to training: one export (a window under the model's policy) as a file
 * stream, its preview (the counts without the file), and the saved policy. Every export — finished
 * or stopped by a disconnect — is one audit event: who, which window and policy, how many rows.
 */

type Db = Pick<PrismaClient, "model" | "featureContract" | "auditEvent" | "$transaction">;
export type ExportParams = Pick<ExportQuery, "from" | "to"> & Partial<Pick<ExportQuery, "versions" | "cohort" | "labelled" | "dataQuality">> & { format?: ExportFormat };

const bad = (field: string, message: string) => new DomainError("BAD_REQUEST", `${field}: ${message}`, { fields: [{ field, message }] });

/** The spec an export runs with: the contract's features, the policy over the saved one, versions in priority order. */
export async function planExport(db: Db, repo: PredictionRepository, model: ModelRef, q: ExportParams): Promise<{ spec: ExportSpec; policy: ExportPolicy }> {
  const [contract, row, registered, stored] = await Promise.all([
    db.featureContract.findMany({ where: { modelId: model.id }, orderBy: [{ position: "asc" }, { name: "asc" }] }),
    db.model.findUnique({ where: { id: model.id }, select: { exportPolicy: true } }),
    repo.versions(model.id),
    repo.storedVersions(model.id),
  ]);
  if (!contract.length) throw new DomainError("BAD_REQUEST", `Model "${model.slug}" has no feature contract: an export writes the contract's feature columns, so define the contract first.`);
  const policy = effectivePolicy(storedPolicy(row?.exportPolicy).policy, q);
  const stages = new Map(registered.map((v) => [v.label, v.stage]));
  const known = [...new Set([...registered.map((v) => v.label), ...stored])];
  const unknown = policy.versions.filter((v) => !known.includes(v));
  if (unknown.length) throw bad("versions", `unknown version ${unknown.map((v) => `"${v}"`).join(", ")}; this model has ${known.join(", ") || "none"}`);
  const versions = priorityOrder(policy.versions.length ? policy.versions : known, stages);
  return {
    policy,
    spec: {
      modelId: model.id,
      versions,
      from: q.from,
      to: q.to,
      cohort: policy.cohort,
      labelledOnly: policy.labelledOnly,
      excludeDataQuality: policy.excludeDataQuality,
      features: contract.map(featureFromStored),
      numericLabel: model.task === "binary" || model.task === "regression",
    },
  };
}

export interface PreviewResult {
  policy: ExportPolicy;
  columns: string[];
  versions: string[];
  counts: ExportCounts;
}

/** The counts an export with these parameters would produce (rows, labelled, data-quality exclusions, per version). */
export async function previewExport(db: Db, repo: PredictionRepository, model: ModelRef, q: ExportParams): Promise<PreviewResult> {
  const { spec, policy } = await planExport(db, repo, model, q);
  const counts = emptyCounts();
  for await (const _ of exportBatches(repo, spec, counts, { rowsWanted: false })) void _;
  return { policy, columns: columnNames(spec), versions: spec.versions, counts };
}

export interface ExportStream {
  filename: string;
  contentType: string;
  spec: ExportSpec;
  counts: ExportCounts;
  body: AsyncGenerator<Uint8Array>;
}

/** The file as a stream of byte pieces; the audit event is written when it ends (completed or not). */
export async function startExport(
  db: Db,
  repo: PredictionRepository,
  ctx: { workspaceId: string; actor: Actor; signal?: AbortSignal; chunkRows?: number },
  model: ModelRef,
  q: ExportParams,
): Promise<ExportStream> {
  const format = q.format ?? "parquet";
  const { spec, policy } = await planExport(db, repo, model, q);
  const counts = emptyCounts();
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const body = (async function* () {
    let completed = false;
    try {
      yield* encodeExport(format, spec, exportBatches(repo, spec, counts, { signal: ctx.signal, chunkRows: ctx.chunkRows }));
      completed = !ctx.signal?.aborted;
    } finally {
      await recordAudit(db, {
        workspaceId: ctx.workspaceId,
        modelId: model.id,
        actor: ctx.actor,
        action: "model.export",
        changes: {
          window: { from: new Date(spec.from).toISOString(), to: new Date(spec.to).toISOString() },
          versions: spec.versions,
          cohort: policy.cohort,
          labelledOnly: policy.labelledOnly,
          excludeDataQuality: policy.excludeDataQuality,
          format,
          rows: counts.rows,
          completed,
        },
      });
    }
  })();
  return { filename: `${model.slug}-${day(spec.from)}-${day(spec.to - 1)}.${format}`, contentType: CONTENT_TYPE[format], spec, counts, body };
}

/** The model's saved policy (defaults when none is saved). */
export async function getExportPolicy(db: Db, modelId: string): Promise<{ policy: ExportPolicy; saved: boolean }> {
  const row = await db.model.findUnique({ where: { id: modelId }, select: { exportPolicy: true } });
  return storedPolicy(row?.exportPolicy);
}

/** Saves the policy ("what becomes training data"); audited with what changed. */
export async function saveExportPolicy(db: Db, workspaceId: string, actor: Actor, slug: string, raw: unknown): Promise<ExportPolicy> {
  const policy = exportPolicySchema.parse(raw);
  const model = await db.model.findFirst({ where: { workspaceId, slug }, select: { id: true, exportPolicy: true } });
  if (!model) throw notFound(`No model "${slug}".`);
  const before = storedPolicy(model.exportPolicy).policy;
  await db.$transaction(async (tx) => {
    await tx.model.update({ where: { id: model.id }, data: { exportPolicy: JSON.stringify(policy) } });
    await recordAudit(tx, { workspaceId, modelId: model.id, actor, action: "model.export_policy", changes: diffFields(before, policy) });
  });
  return policy;
}

import type { PrismaClient } from "../generated/prisma/client";
import { defineProcessor } from "../jobs/queues";
import { predictionRepository, type CompactionResult, type MaintenanceOptions, type PredictionRepository, type RetentionResult } from "../predictions";
import { recordAudit } from "./audit";
import { prisma } from "../db/client";

const DAY_MS = 86_400_000;

/** Who deletes old predictions, in the audit log. */
export const RETENTION_ACTOR = { id: null, label: "retention (storage maintenance job)" } as const;

export interface MaintenanceReport {
  models: number;
  retention: (RetentionResult & { modelId: string; cutoff: string })[];
  compaction: CompactionResult;
}

/**
 * One storage-maintenance pass: for each model with a retention period, its raw predictions and
 * labels older than that many days are deleted (audited when anything went); then every model's
 * small segments are merged. Both run in bounded batches (STORAGE.md, "Retention and compaction"),
 * so ingest goes on; both are idempotent, so a pass cut short is finished by the next one.
 */
export async function runStorageMaintenance(
  db: Pick<PrismaClient, "model" | "auditEvent">,
  repo: PredictionRepository,
  { now = Date.now(), options }: { now?: number; options?: MaintenanceOptions } = {},
): Promise<MaintenanceReport> {
  const models = await db.model.findMany({ select: { id: true, workspaceId: true, retentionDays: true }, orderBy: { createdAt: "asc" } });
  const report: MaintenanceReport = { models: models.length, retention: [], compaction: { segmentsMerged: 0, segmentsWritten: 0, rows: 0, batches: 0 } };
  for (const m of models) {
    if (m.retentionDays) {
      const cutoff = now - m.retentionDays * DAY_MS;
      const r = await repo.deleteOlderThan(m.id, cutoff, options);
      if (r.predictionsDeleted || r.labelsDeleted) {
        const entry = { modelId: m.id, cutoff: new Date(cutoff).toISOString(), ...r };
        report.retention.push(entry);
        await recordAudit(db, {
          workspaceId: m.workspaceId,
          modelId: m.id,
          actor: RETENTION_ACTOR,
          action: "predictions.retention",
          changes: { retentionDays: m.retentionDays, olderThan: entry.cutoff, predictionsDeleted: r.predictionsDeleted, labelsDeleted: r.labelsDeleted },
        });
      }
    }
    const c = await repo.compactSegments(m.id, options);
    report.compaction.segmentsMerged += c.segmentsMerged;
    report.compaction.segmentsWritten += c.segmentsWritten;
    report.compaction.rows += c.rows;
    report.compaction.batches += c.batches;
  }
  return report;
}

export const storageMaintenanceProcessor = defineProcessor("storageMaintenance", async (_data, { logger }) => {
  const report = await runStorageMaintenance(prisma, predictionRepository());
  logger.info({ retention: report.retention.length, compaction: report.compaction }, "storage maintenance done");
  return report;
});

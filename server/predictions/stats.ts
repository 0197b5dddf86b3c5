import type Database from "better-sqlite3";
import type { BaselineColumn } from "../ingest/schemas";
import type { BaselineSummary, ModelTraffic, VersionTraffic } from "./repository";
import { ROLLUP_COLUMNS, type RollupRow } from "./rollup";
import { trafficFromRollups } from "./traffic";

/**
 * Read-side summaries for the model page: volume, label coverage/latency, serving figures and
 * data-quality signals — all from rollups kept at ingest (rollup.ts), never from the predictions.
 */

export type { BaselineSummary, ModelTraffic, VersionTraffic };

export function modelTraffic(db: Database.Database, modelId: string, registered: string[] = []): ModelTraffic {
  const rows = db
    .prepare<[string], RollupRow>(
      `SELECT s.version, ${ROLLUP_COLUMNS} FROM pred_rollup r JOIN pred_series s ON s.id = r.series_id WHERE s.model_id = ? ORDER BY r.day, s.id`,
    )
    .all(modelId);
  const quality = db
    .prepare<[string], { version: string; feature: string; kind: string; count: number }>(
      `SELECT s.version, q.feature, q.kind, sum(q.count) AS count FROM pred_quality q JOIN pred_series s ON s.id = q.series_id
       WHERE s.model_id = ? GROUP BY s.id, q.feature, q.kind`,
    )
    .all(modelId);
  const labels = db.prepare<[string], { labels: number; waiting: number }>(`SELECT labels, waiting FROM pred_label_stats WHERE model_id = ?`).get(modelId);
  return trafficFromRollups(rows, quality, labels, registered);
}

export function listBaselines(db: Database.Database, modelId: string): BaselineSummary[] {
  return db
    .prepare<[string], { id: string; name: string; version: string | null; format: string; rowCount: number; columns: string; createdAt: string }>(
      `SELECT b.id, b.name, v.label AS version, b.format, b.rowCount, b.columns, b.createdAt
       FROM "Baseline" b LEFT JOIN "ModelVersion" v ON v.id = b.versionId WHERE b.modelId = ? ORDER BY b.createdAt DESC`,
    )
    .all(modelId)
    .map((b) => ({ ...b, columns: JSON.parse(b.columns) as BaselineColumn[] }));
}

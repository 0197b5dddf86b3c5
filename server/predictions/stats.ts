import type Database from "better-sqlite3";
import type { BaselineColumn } from "../ingest/schemas";
import type { BaselineSummary, DayRange, ModelTraffic, RecentTraffic, VersionTraffic } from "./repository";
import { ROLLUP_COLUMNS, dayOf, type RollupRow } from "./rollup";
import { trafficFromRollups } from "./traffic";

/**
 * Read-side summaries for the model page: volume, label coverage/latency, serving figures and
 * data-quality signals — all from rollups kept at ingest (rollup.ts), never from the predictions.
 */

export type { BaselineSummary, ModelTraffic, VersionTraffic };

export function modelTraffic(db: Database.Database, modelId: string, registered: string[] = [], days?: DayRange): ModelTraffic {
  const rows = db
    .prepare<[string, number, number], RollupRow>(
      `SELECT s.version, ${ROLLUP_COLUMNS} FROM pred_rollup r JOIN pred_series s ON s.id = r.series_id
       WHERE s.model_id = ? AND r.day >= ? AND r.day <= ? ORDER BY r.day, s.id`,
    )
    .all(modelId, days?.from ?? ALL_DAYS.from, days?.to ?? ALL_DAYS.to);
  const quality = db
    .prepare<[string], { version: string; feature: string; kind: string; count: number }>(
      `SELECT s.version, q.feature, q.kind, sum(q.count) AS count FROM pred_quality q JOIN pred_series s ON s.id = q.series_id
       WHERE s.model_id = ? GROUP BY s.id, q.feature, q.kind`,
    )
    .all(modelId);
  const labels = db.prepare<[string], { labels: number; waiting: number }>(`SELECT labels, waiting FROM pred_label_stats WHERE model_id = ?`).get(modelId);
  return trafficFromRollups(rows, quality, labels, registered);
}

/** No day bound (rollup day numbers are days since 1970). */
export const ALL_DAYS: DayRange = { from: -1e9, to: 1e9 };

/** SQL shared by both backends for workspaceTraffic: one row per model, from the rollups of the last days. */
export const WORKSPACE_TRAFFIC_SQL = (p: (i: number) => string, workspaceCol: string) =>
  `SELECT s.model_id, sum(r.n) AS rows, sum(r.w) AS requests, sum(r.sampled) AS sampled, sum(r.errors_w) AS errors
   FROM pred_rollup r JOIN pred_series s ON s.id = r.series_id JOIN "Model" m ON m.id = s.model_id
   WHERE m.${workspaceCol} = ${p(1)} AND r.day >= ${p(2)} GROUP BY s.model_id`;

export type WorkspaceTrafficRow = { model_id: string; rows: number; requests: number; sampled: number; errors: number };

export function recentTraffic(rows: WorkspaceTrafficRow[], days: number): Record<string, RecentTraffic> {
  const out: Record<string, RecentTraffic> = {};
  for (const r of rows) out[r.model_id] = { days, rows: Number(r.rows), requests: Number(r.requests), sampledRows: Number(r.sampled), errors: Number(r.errors) };
  return out;
}

export function workspaceTraffic(db: Database.Database, workspaceId: string, sinceMs: number): Record<string, RecentTraffic> {
  const since = dayOf(sinceMs);
  const rows = db.prepare<[string, number], WorkspaceTrafficRow>(WORKSPACE_TRAFFIC_SQL(() => "?", "workspaceId")).all(workspaceId, since);
  return recentTraffic(rows, dayOf(Date.now()) - since + 1);
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

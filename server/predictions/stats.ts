import type Database from "better-sqlite3";
import type { BaselineColumn } from "../ingest/schemas";
import type { BaselineSummary, ModelTraffic, VersionTraffic } from "./repository";

/** Read-side summaries for the model page: volume, label coverage/latency, data-quality signals. */

export type { BaselineSummary, ModelTraffic, VersionTraffic };

function percentile(db: Database.Database, seriesId: number, count: number, p: number): number | null {
  if (count === 0) return null;
  const offset = Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1)); // nearest-rank
  const row = db
    .prepare<[number, number], { v: number }>(
      `SELECT latency_ms AS v FROM label_link WHERE segment_id IN (SELECT id FROM pred_segment WHERE series_id = ?) ORDER BY latency_ms LIMIT 1 OFFSET ?`,
    )
    .get(seriesId, offset);
  return row?.v ?? null;
}

export function modelTraffic(db: Database.Database, modelId: string, registered: string[] = []): ModelTraffic {
  const series = db
    .prepare<[string], { id: number; version: string; n: number | null; first: number | null; last: number | null }>(
      `SELECT s.id, s.version, sum(g.n) AS n, min(g.ts_min) AS first, max(g.ts_max) AS last
       FROM pred_series s LEFT JOIN pred_segment g ON g.series_id = s.id WHERE s.model_id = ? GROUP BY s.id`,
    )
    .all(modelId);
  const labeledStmt = db.prepare<[number], { c: number }>(
    `SELECT count(*) AS c FROM label_link WHERE segment_id IN (SELECT id FROM pred_segment WHERE series_id = ?)`,
  );
  const qualityStmt = db.prepare<[number], { feature: string; kind: string; count: number }>(
    `SELECT feature, kind, sum(count) AS count FROM pred_quality WHERE series_id = ? GROUP BY feature, kind ORDER BY count DESC`,
  );
  const versions: VersionTraffic[] = series.map((s) => {
    const predictions = s.n ?? 0;
    const labeled = labeledStmt.get(s.id)!.c;
    const byFeature = qualityStmt.all(s.id);
    const quality: Record<string, number> = {};
    for (const q of byFeature) quality[q.kind] = (quality[q.kind] ?? 0) + q.count;
    return {
      version: s.version,
      predictions,
      firstAt: s.first,
      lastAt: s.last,
      labeled,
      labelCoverage: predictions ? labeled / predictions : null,
      labelLatencyP50Ms: percentile(db, s.id, labeled, 0.5),
      labelLatencyP95Ms: percentile(db, s.id, labeled, 0.95),
      quality,
      qualityByFeature: byFeature.slice(0, 20),
    };
  });
  for (const label of registered) if (!versions.some((v) => v.version === label)) versions.push(emptyVersionTraffic(label));
  const labels = db.prepare<[string], { c: number }>(`SELECT count(*) AS c FROM label WHERE model_id = ?`).get(modelId)!.c;
  const waiting = db
    .prepare<[string], { c: number }>(
      `SELECT count(*) AS c FROM label l WHERE l.model_id = ?
         AND NOT EXISTS (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = l.model_id AND k.series_id = s.id AND k.request_id = l.request_id)`,
    )
    .get(modelId)!.c;
  const daily = db
    .prepare<[string], { day: number; n: number }>(
      `SELECT g.ts_min / 86400000 AS day, sum(g.n) AS n FROM pred_segment g JOIN pred_series s ON s.id = g.series_id
       WHERE s.model_id = ? GROUP BY day ORDER BY day`,
    )
    .all(modelId)
    .map((d) => ({ day: new Date(d.day * 86_400_000).toISOString().slice(0, 10), predictions: d.n }));
  return { versions, labels, labelsWaiting: waiting, daily };
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

/** A registered version that has no traffic yet. */
export function emptyVersionTraffic(version: string): VersionTraffic {
  return {
    version,
    predictions: 0,
    firstAt: null,
    lastAt: null,
    labeled: 0,
    labelCoverage: null,
    labelLatencyP50Ms: null,
    labelLatencyP95Ms: null,
    quality: {},
    qualityByFeature: [],
  };
}

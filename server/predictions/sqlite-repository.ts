import type Database from "better-sqlite3";
import { loadBaseline } from "./baseline-frame";
import { persistBaseline } from "./baseline-write";
import { listBaselines, modelTraffic, workspaceTraffic } from "./stats";
import { PredictionStore } from "./store";
import { contractOf, iterateWindowChunks, loadWindow, orderedSeries, windowRange, type LabelLinkRow, type SegmentMeta, type SegmentRow } from "./window";
import type { DayRange, MaintenanceOptions, PredictionRepository } from "./repository";
import { SqliteMaintenance } from "./maintenance";

/**
 * PredictionRepository on a better-sqlite3 connection: the write path is PredictionStore (one
 * group-committed, fsynced transaction per batch), the read path window.ts / baseline-frame.ts /
 * stats.ts. better-sqlite3 is synchronous, so every method does its work in the call and returns
 * a settled promise — no extra hop on the thread-side read path. The statements of the write path
 * are prepared on first write, so a read-only connection (evaluation threads) never prepares them.
 */
export class SqlitePredictionRepository implements PredictionRepository {
  private writer: PredictionStore | undefined;

  constructor(private readonly db: Database.Database) {}

  /** The write side (and the single-transaction path the ingest bench compares against). */
  get store(): PredictionStore {
    this.writer ??= new PredictionStore(this.db);
    return this.writer;
  }

  /** Writes on a read-only connection fail up front, even when nothing would have changed. */
  private writable(): PredictionStore {
    if (this.db.readonly) throw new Error("This prediction repository is read-only (an evaluation thread's connection); write through predictionRepository().");
    return this.store;
  }

  async findModel(workspaceId: string, slug: string) {
    return this.store.findModel(workspaceId, slug);
  }

  async versions(modelId: string) {
    return this.store.versions(modelId);
  }

  async writePredictions(...args: Parameters<PredictionRepository["writePredictions"]>) {
    return this.writable().commitPredictions(...args);
  }

  async writeLabels(...args: Parameters<PredictionRepository["writeLabels"]>) {
    return this.writable().commitLabels(...args);
  }

  async writeBaseline(...args: Parameters<PredictionRepository["writeBaseline"]>) {
    this.writable();
    return persistBaseline(this.db, ...args);
  }

  async loadWindow(query: Parameters<PredictionRepository["loadWindow"]>[0]) {
    return loadWindow(this.db, query);
  }

  async *iterateWindow(q: Parameters<PredictionRepository["iterateWindow"]>[0], chunkRows = 65_536) {
    const db = this.db;
    const { from, to } = windowRange(q);
    const series = orderedSeries(db.prepare<[string], { id: number; version: string }>(`SELECT id, version FROM pred_series WHERE model_id = ? ORDER BY id`).all(q.modelId), q);
    const metaStmt = db.prepare<[number, number, number], { id: number; n: number }>(`SELECT id, n FROM pred_segment WHERE series_id = ? AND ts_max >= ? AND ts_min < ? ORDER BY id`);
    const segments: SegmentMeta[] = series.flatMap((s) => metaStmt.all(s.id, from, to).map((g) => ({ ...g, version: s.version })));
    const task = db.prepare<[string], { task: string }>(`SELECT task FROM "Model" WHERE id = ?`).get(q.modelId)?.task ?? "binary";
    const dataStmt = db.prepare<[string], SegmentRow>(`SELECT id, n, ts_min, ts_max, data FROM pred_segment WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
    const labelStmt = db.prepare(`SELECT segment_id, row, value_num, value_text, latency_ms FROM label_link WHERE segment_id IN (SELECT value FROM json_each(?))`).raw();
    yield* iterateWindowChunks(
      q,
      {
        task,
        contract: contractOf(db, q.modelId),
        segments,
        fetchSegments: (ids) => dataStmt.all(JSON.stringify(ids)),
        fetchLabels: (ids) => labelStmt.all(JSON.stringify(ids)) as LabelLinkRow[],
      },
      chunkRows,
    );
  }

  async countWindowRows(q: Parameters<PredictionRepository["countWindowRows"]>[0]) {
    const { from, to } = windowRange(q);
    const series = orderedSeries(this.db.prepare<[string], { id: number; version: string }>(`SELECT id, version FROM pred_series WHERE model_id = ? ORDER BY id`).all(q.modelId), q);
    const stmt = this.db.prepare<[number, number, number], number | null>(`SELECT sum(n) FROM pred_segment WHERE series_id = ? AND ts_max >= ? AND ts_min < ?`).pluck();
    let rows = 0;
    for (const s of series) rows += stmt.get(s.id, from, to) ?? 0;
    return rows;
  }

  async storedVersions(modelId: string) {
    return this.store.seriesOf(modelId).map((s) => s.version);
  }

  async loggedRequestIds(modelId: string, versions: string[], requestIds: string[], range: { from?: number; to?: number }) {
    const { from, to } = windowRange(range);
    const found = new Set<string>();
    if (!versions.length || !requestIds.length) return found;
    const ids = JSON.stringify(requestIds);
    const stmt = this.db
      .prepare<[string, string, string, number, number], string>(
        `SELECT k.request_id FROM pred_key k WHERE k.series_id = (SELECT id FROM pred_series WHERE model_id = ? AND version = ?)
         AND k.request_id IN (SELECT value FROM json_each(?)) AND k.ts >= ? AND k.ts < ?`,
      )
      .pluck();
    for (const v of versions) for (const id of stmt.iterate(modelId, v, ids, from, to) as IterableIterator<string>) found.add(id);
    return found;
  }

  async loadBaseline(baselineId: string) {
    return loadBaseline(this.db, baselineId);
  }

  async listBaselines(modelId: string) {
    return listBaselines(this.db, modelId);
  }

  async findBaseline(modelId: string, name: string) {
    return this.db.prepare<[string, string], { id: string }>(`SELECT id FROM "Baseline" WHERE modelId = ? AND name = ?`).get(modelId, name)?.id ?? null;
  }

  async findVersionId(modelId: string, label: string) {
    return this.db.prepare<[string, string], { id: string }>(`SELECT id FROM "ModelVersion" WHERE modelId = ? AND label = ?`).get(modelId, label)?.id ?? null;
  }

  async modelTraffic(modelId: string, registeredVersions: string[] = [], days?: DayRange) {
    this.store.backfillRollups(modelId);
    return modelTraffic(this.db, modelId, registeredVersions, days);
  }

  async countReceivedSince(modelId: string, versions: string[], sinceMs: number) {
    // One segment per accepted batch and version: its created_at is when its rows were stored.
    const byVersion = versions.length ? ` AND s.version IN (${versions.map(() => "?").join(", ")})` : "";
    const row = this.db
      .prepare<unknown[], { n: number | null }>(`SELECT sum(g.n) AS n FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = ? AND g.created_at > ?${byVersion}`)
      .get(modelId, sinceMs, ...versions);
    return row?.n ?? 0;
  }

  async workspaceTraffic(workspaceId: string, sinceMs: number) {
    return workspaceTraffic(this.db, workspaceId, sinceMs);
  }

  async hasTraffic(modelId: string) {
    return this.store.seriesOf(modelId).length > 0;
  }

  async compactSegments(modelId: string, options?: MaintenanceOptions) {
    this.writable();
    return new SqliteMaintenance(this.db).compact(modelId, options);
  }

  async deleteOlderThan(modelId: string, cutoffMs: number, options?: MaintenanceOptions) {
    this.writable();
    return new SqliteMaintenance(this.db).deleteOlderThan(modelId, cutoffMs, options);
  }
}

import { randomUUID } from "node:crypto";
import type pg from "pg";
import { pgTransaction } from "../db/postgres";
import type { BaselineColumn } from "../ingest/schemas";
import { baselineFrame } from "./baseline-frame";
import { PgPredictionStore, backfillModelRollups, readContract, seriesOf } from "./pg-store";
import { trafficFromRollups } from "./traffic";
import { PG_ROLLUP_SELECT, dayOf, fromBase64Sketches } from "./rollup";
import { ALL_DAYS, WORKSPACE_TRAFFIC_SQL, recentTraffic, type WorkspaceTrafficRow } from "./stats";
import { assembleWindow, iterateWindowChunks, orderedSeries, planWindow, wantedVersions, windowRange, type LabelLinkRow, type SegmentMeta, type SegmentRow } from "./window";
import { PgMaintenance } from "./pg-maintenance";
import type {
  BaselineFrame,
  MaintenanceOptions,
  DayRange,
  BaselineMeta,
  BaselineSummary,
  EncodedBaseline,
  ModelTraffic,
  PredictionRepository,
  StoredBaseline,
  WindowQuery,
  WindowResult,
} from "./repository";

/**
 * PredictionRepository on PostgreSQL: the SQLite layout (STORAGE.md) with segments and baseline
 * chunks as bytea, read and written through a pg pool (db/postgres.ts). Writes: pg-store.ts. The
 * window assembly is shared with SQLite (window.ts `planWindow` / `assembleWindow`): only the
 * fetching differs. `readOnly` refuses writes up front, like the SQLite evaluation-thread repository.
 */
export class PgPredictionRepository implements PredictionRepository {
  private readonly store: PgPredictionStore;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: { readOnly?: boolean } = {},
  ) {
    this.store = new PgPredictionStore(pool);
  }

  private writable(): PgPredictionStore {
    if (this.options.readOnly) throw new Error("This prediction repository is read-only (an evaluation thread's connection); write through predictionRepository().");
    return this.store;
  }

  findModel(workspaceId: string, slug: string) {
    return this.store.findModel(workspaceId, slug);
  }

  versions(modelId: string) {
    return this.store.versions(modelId);
  }

  async writePredictions(...args: Parameters<PredictionRepository["writePredictions"]>) {
    return this.writable().writePredictions(...args);
  }

  async writeLabels(...args: Parameters<PredictionRepository["writeLabels"]>) {
    return this.writable().writeLabels(...args);
  }

  async writeBaseline(meta: BaselineMeta, data: EncodedBaseline): Promise<StoredBaseline> {
    this.writable();
    const id = `bl_${randomUUID().replace(/-/g, "").slice(0, 22)}`;
    await pgTransaction(this.pool, async (db) => {
      if (meta.replaceId) await db.query(`DELETE FROM "Baseline" WHERE id = $1`, [meta.replaceId]);
      await db.query(
        `INSERT INTO "Baseline" (id, "modelId", name, "versionId", format, "rowCount", columns, "createdAt") VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
        [id, meta.modelId, meta.name, meta.versionId, meta.format, data.rowCount, JSON.stringify(data.columns)],
      );
      for (let seq = 0; seq < data.chunks.length; seq++) {
        const c = data.chunks[seq]!;
        await db.query(`INSERT INTO baseline_chunk (baseline_id, seq, n, data) VALUES ($1, $2, $3, $4)`, [id, seq, c.n, Buffer.from(c.data.buffer, c.data.byteOffset, c.data.byteLength)]);
      }
    });
    return { id, name: meta.name, format: meta.format, rowCount: data.rowCount, columns: data.columns };
  }

  async loadWindow(q: WindowQuery): Promise<WindowResult> {
    const started = performance.now();
    const versions = wantedVersions(q);
    const { from, to } = windowRange(q);
    const [model, series, contract] = await Promise.all([
      this.pool.query<{ task: string }>(`SELECT task FROM "Model" WHERE id = $1`, [q.modelId]),
      seriesOf(this.pool, q.modelId),
      readContract(this.pool, q.modelId),
    ]);
    const picked = series.filter((s) => !versions || versions.has(s.version));
    const versionOf = new Map(picked.map((s) => [s.id, s.version]));
    // bytea as base64 text: a third less to transfer and decode than pg's default hex
    // (bench/backends.ts; node-postgres cannot read one query's bytea in binary format).
    const segments = picked.length
      ? (
          await this.pool.query<Omit<SegmentRow, "data"> & { series_id: number; data: string }>(
            `SELECT id, series_id, n, ts_min, ts_max, encode(data, 'base64') AS data FROM pred_segment
             WHERE series_id = ANY($1::bigint[]) AND ts_max >= $2 AND ts_min < $3 ORDER BY series_id, ts_min, id`,
            [picked.map((s) => s.id), from, to],
          )
        ).rows.map((r) => ({ ...r, data: Buffer.from(r.data, "base64") }))
      : [];
    const plan = planWindow(
      segments.map((row) => ({ version: versionOf.get(row.series_id)!, row })),
      q,
    );
    let labels: LabelLinkRow[] = [];
    if (q.includeLabels !== false && plan.segs.length)
      labels = (
        await this.pool.query<LabelLinkRow>({
          text: `SELECT segment_id, row, value_num, value_text FROM label_link WHERE segment_id BETWEEN $1 AND $2`,
          values: [plan.lo, plan.hi],
          rowMode: "array",
        })
      ).rows;
    return assembleWindow(q, plan, { task: model.rows[0]?.task ?? "binary", contract, labels, started });
  }

  async countWindowRows(q: Pick<WindowQuery, "modelId" | "version" | "from" | "to">): Promise<number> {
    const { from, to } = windowRange(q);
    const series = orderedSeries(await seriesOf(this.pool, q.modelId), q);
    if (!series.length) return 0;
    const { rows } = await this.pool.query<{ n: string | null }>(
      `SELECT sum(n) AS n FROM pred_segment WHERE series_id = ANY($1::bigint[]) AND ts_max >= $2 AND ts_min < $3`,
      [series.map((s) => s.id), from, to],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async *iterateWindow(q: WindowQuery, chunkRows = 65_536): AsyncGenerator<WindowResult> {
    const { from, to } = windowRange(q);
    const [model, all, contract] = await Promise.all([
      this.pool.query<{ task: string }>(`SELECT task FROM "Model" WHERE id = $1`, [q.modelId]),
      seriesOf(this.pool, q.modelId),
      readContract(this.pool, q.modelId),
    ]);
    const series = orderedSeries(all, q);
    const metas = series.length
      ? (
          await this.pool.query<{ id: number; n: number; series_id: number }>(
            `SELECT id, n, series_id FROM pred_segment WHERE series_id = ANY($1::bigint[]) AND ts_max >= $2 AND ts_min < $3 ORDER BY id`,
            [series.map((s) => s.id), from, to],
          )
        ).rows
      : [];
    const segments: SegmentMeta[] = series.flatMap((s) => metas.filter((m) => m.series_id === s.id).map((m) => ({ id: m.id, n: m.n, version: s.version })));
    yield* iterateWindowChunks(
      q,
      {
        task: model.rows[0]?.task ?? "binary",
        contract,
        segments,
        fetchSegments: async (ids) =>
          (
            await this.pool.query<Omit<SegmentRow, "data"> & { data: string }>(
              `SELECT id, n, ts_min, ts_max, encode(data, 'base64') AS data FROM pred_segment WHERE id = ANY($1::bigint[]) ORDER BY id`,
              [ids],
            )
          ).rows.map((r) => ({ ...r, data: Buffer.from(r.data, "base64") })),
        fetchLabels: async (ids) =>
          (
            await this.pool.query<LabelLinkRow>({
              text: `SELECT segment_id, row, value_num, value_text, latency_ms FROM label_link WHERE segment_id = ANY($1::bigint[])`,
              values: [ids],
              rowMode: "array",
            })
          ).rows,
      },
      chunkRows,
    );
  }

  async storedVersions(modelId: string): Promise<string[]> {
    return (await seriesOf(this.pool, modelId)).map((s) => s.version);
  }

  async loggedRequestIds(modelId: string, versions: string[], requestIds: string[], range: { from?: number; to?: number }): Promise<Set<string>> {
    const { from, to } = windowRange(range);
    if (!versions.length || !requestIds.length) return new Set();
    const { rows } = await this.pool.query<{ request_id: string }>(
      `SELECT k.request_id FROM pred_key k JOIN pred_series s ON s.id = k.series_id
       WHERE s.model_id = $1 AND s.version = ANY($2::text[]) AND k.request_id = ANY($3::text[]) AND k.ts >= $4 AND k.ts < $5`,
      [modelId, versions, requestIds, from, to],
    );
    return new Set(rows.map((r) => r.request_id));
  }

  async loadBaseline(baselineId: string): Promise<BaselineFrame> {
    const meta = (await this.pool.query<{ rowCount: number; columns: string }>(`SELECT "rowCount", columns FROM "Baseline" WHERE id = $1`, [baselineId])).rows[0];
    if (!meta) throw new Error(`no baseline ${baselineId}`);
    const chunks = await this.pool.query<{ n: number; data: string }>(`SELECT n, encode(data, 'base64') AS data FROM baseline_chunk WHERE baseline_id = $1 ORDER BY seq`, [baselineId]);
    return baselineFrame(JSON.parse(meta.columns) as BaselineColumn[], meta.rowCount, decodedChunks(chunks.rows));
  }

  async listBaselines(modelId: string): Promise<BaselineSummary[]> {
    const { rows } = await this.pool.query<{ id: string; name: string; version: string | null; format: string; rowCount: number; columns: string; createdAt: Date }>(
      `SELECT b.id, b.name, v.label AS version, b.format, b."rowCount", b.columns, b."createdAt"
       FROM "Baseline" b LEFT JOIN "ModelVersion" v ON v.id = b."versionId" WHERE b."modelId" = $1 ORDER BY b."createdAt" DESC`,
      [modelId],
    );
    return rows.map((b) => ({ ...b, columns: JSON.parse(b.columns) as BaselineColumn[], createdAt: sqliteStyleTime(b.createdAt) }));
  }

  async findBaseline(modelId: string, name: string): Promise<string | null> {
    return (await this.pool.query<{ id: string }>(`SELECT id FROM "Baseline" WHERE "modelId" = $1 AND name = $2`, [modelId, name])).rows[0]?.id ?? null;
  }

  async findVersionId(modelId: string, label: string): Promise<string | null> {
    return (await this.pool.query<{ id: string }>(`SELECT id FROM "ModelVersion" WHERE "modelId" = $1 AND label = $2`, [modelId, label])).rows[0]?.id ?? null;
  }

  async modelTraffic(modelId: string, registered: string[] = [], days: DayRange = ALL_DAYS): Promise<ModelTraffic> {
    await backfillModelRollups(this.pool, modelId);
    const db = this.pool;
    const [rows, quality, labels] = await Promise.all([
      db.query<Parameters<typeof fromBase64Sketches>[0][number]>(
        `SELECT s.version, ${PG_ROLLUP_SELECT} FROM pred_rollup r JOIN pred_series s ON s.id = r.series_id WHERE s.model_id = $1 AND r.day >= $2 AND r.day <= $3 ORDER BY r.day, s.id`,
        [modelId, days.from, days.to],
      ),
      db.query<{ version: string; feature: string; kind: string; count: number }>(
        `SELECT s.version, q.feature, q.kind, sum(q.count) AS count FROM pred_quality q JOIN pred_series s ON s.id = q.series_id
         WHERE s.model_id = $1 GROUP BY s.id, q.feature, q.kind`,
        [modelId],
      ),
      db.query<{ labels: number; waiting: number }>(`SELECT labels, waiting FROM pred_label_stats WHERE model_id = $1`, [modelId]),
    ]);
    return trafficFromRollups(fromBase64Sketches(rows.rows), quality.rows, labels.rows[0], registered);
  }

  async countReceivedSince(modelId: string, versions: string[], sinceMs: number): Promise<number> {
    // One segment per accepted batch and version: its created_at is when its rows were stored.
    const byVersion = versions.length ? ` AND s.version = ANY($3::text[])` : "";
    const params: unknown[] = [modelId, sinceMs];
    if (versions.length) params.push(versions);
    const { rows } = await this.pool.query<{ n: string | null }>(
      `SELECT sum(g.n) AS n FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = $1 AND g.created_at > $2${byVersion}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async workspaceTraffic(workspaceId: string, sinceMs: number) {
    const since = dayOf(sinceMs);
    const { rows } = await this.pool.query<WorkspaceTrafficRow>(WORKSPACE_TRAFFIC_SQL((i) => `$${i}`, `"workspaceId"`), [workspaceId, since]);
    return recentTraffic(rows, dayOf(Date.now()) - since + 1);
  }

  async hasTraffic(modelId: string): Promise<boolean> {
    return (await this.pool.query(`SELECT 1 FROM pred_series WHERE model_id = $1 LIMIT 1`, [modelId])).rowCount! > 0;
  }
  async compactSegments(modelId: string, options?: MaintenanceOptions) {
    this.writable();
    return new PgMaintenance(this.pool).compact(modelId, options);
  }

  async deleteOlderThan(modelId: string, cutoffMs: number, options?: MaintenanceOptions) {
    this.writable();
    return new PgMaintenance(this.pool).deleteOlderThan(modelId, cutoffMs, options);
  }
}


/** The text SQLite returns for a Prisma DateTime, so both backends hand the page the same string. */
function sqliteStyleTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** Base64 chunk rows decoded one at a time, as the frame consumes them. */
function* decodedChunks(rows: { n: number; data: string }[]): Generator<{ n: number; data: Buffer }> {
  for (const c of rows) yield { n: c.n, data: Buffer.from(c.data, "base64") };

}

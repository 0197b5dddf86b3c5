import type pg from "pg";
import { pgTransaction } from "../db/postgres";
import { encodeSegmentWithTallies } from "./segment";
import { QualityTally, compileContract, type ContractFeature, type ContractRow } from "./contract";
import { SeriesRollup, dayOf, labelStatsDelta, mergeSketchBytes, rollupFromSegments, upsertSql, upsertValues } from "./rollup";
import type { LabelValue, NormalizedLabel, NormalizedPrediction } from "../ingest/validate";
import type { LabelWriteResult, ModelRef, VersionRef, WriteResult } from "./repository";
import { changedLabels, lastLabelPerRequest, newPredictions } from "./dedupe";

/**
 * The write side of prediction storage on PostgreSQL: the layout of store.ts (STORAGE.md), one
 * transaction per batch on a pooled connection, committed (synchronous_commit=on, so flushed to
 * the WAL) before the caller answers. Rows travel as arrays (`unnest`), one statement per table.
 *
 * Several web processes write at once, so a batch first takes a transaction-scoped advisory lock
 * on its model: dedupe ("is this requestId stored?") and label joins ("is its prediction / label
 * here yet?") then see every committed batch of that model and never race. Different models
 * write in parallel.
 */


type Q = Pick<pg.PoolClient, "query">;
type LabelRow = { request_id: string; value_num: number | null; value_text: string | null; ts: number };

export async function readContract(db: Q, modelId: string): Promise<ContractFeature[]> {
  const { rows } = await db.query<ContractRow>(
    `SELECT name, type, nullable, min, max, categories FROM "FeatureContract" WHERE "modelId" = $1 ORDER BY position, name`,
    [modelId],
  );
  return compileContract(rows);
}

export async function seriesOf(db: Q, modelId: string): Promise<{ id: number; version: string }[]> {
  return (await db.query<{ id: number; version: string }>(`SELECT id, version FROM pred_series WHERE model_id = $1 ORDER BY id`, [modelId])).rows;
}

export class PgPredictionStore {
  constructor(private readonly pool: pg.Pool) {}

  async findModel(workspaceId: string, slug: string): Promise<ModelRef | null> {
    const { rows } = await this.pool.query<ModelRef>(
      `SELECT id, slug, "workspaceId", task, "requireKnownVersion" FROM "Model" WHERE "workspaceId" = $1 AND slug = $2`,
      [workspaceId, slug],
    );
    return rows[0] ?? null;
  }

  async versions(modelId: string): Promise<VersionRef[]> {
    return (await this.pool.query<VersionRef>(`SELECT label, stage FROM "ModelVersion" WHERE "modelId" = $1 ORDER BY "createdAt"`, [modelId])).rows;
  }

  async writePredictions(model: ModelRef, rows: NormalizedPrediction[]): Promise<WriteResult> {
    const byVersion = new Map<string, NormalizedPrediction[]>();
    for (const r of rows) {
      let g = byVersion.get(r.version);
      if (!g) byVersion.set(r.version, (g = []));
      g.push(r);
    }
    const now = Date.now();
    return pgTransaction(this.pool, async (db) => {
      await lockModel(db, model.id);
      const contract = await readContract(db, model.id);
      const byName = new Map(contract.map((f) => [f.name, f]));
      let accepted = 0;
      let duplicates = 0;
      const allQuality = new QualityTally();
      await backfillRollups(db, model.id);
      const modelHasLabels = (await db.query(`SELECT 1 FROM label WHERE model_id = $1 LIMIT 1`, [model.id])).rowCount! > 0;
      const explicitLabels: { requestId: string; value: LabelValue; ts: number }[] = [];
      // Stored labels of this batch's requests; those whose request had no prediction yet stop waiting.
      const known = modelHasLabels ? await labelsFor(db, model.id, [...new Set(rows.map((r) => r.requestId))]) : new Map<string, LabelRow>();
      if (known.size) {
        const ids = [...known.keys()];
        const { rows: hit } = await db.query<{ c: number }>(
          `SELECT count(DISTINCT k.request_id)::int AS c FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = $1 AND k.request_id = ANY($2::text[])`,
          [model.id, ids],
        );
        const resolved = ids.length - hit[0]!.c;
        if (resolved) await addLabelStats(db, model.id, 0, -resolved);
      }
      for (const [version, group] of byVersion) {
        const seriesId = await ensureSeries(db, model.id, version);
        const existing = new Set(
          (
            await db.query<{ request_id: string }>(`SELECT request_id FROM pred_key WHERE series_id = $1 AND request_id = ANY($2::text[])`, [
              seriesId,
              group.map((r) => r.requestId),
            ])
          ).rows.map((r) => r.request_id),
        );
        const { kept, duplicates: repeated } = newPredictions(group, existing);
        duplicates += repeated;
        if (kept.length === 0) continue;
        accepted += kept.length;
        const { blob, tsMin, tsMax, tallies, rollup } = encodeSegmentWithTallies(kept, contract, byName);
        const segmentId = (
          await db.query<{ id: number }>(`INSERT INTO pred_segment (series_id, ts_min, ts_max, n, created_at, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
            seriesId,
            tsMin,
            tsMax,
            kept.length,
            now,
            blob,
          ])
        ).rows[0]!.id;
        await db.query(
          `INSERT INTO pred_key (series_id, request_id, segment_id, row, ts, rate)
           SELECT $1::bigint, r, $2::bigint, o - 1, t, w FROM unnest($3::text[], $4::float8[], $5::float8[]) WITH ORDINALITY AS k(r, t, w, o)`,
          [seriesId, segmentId, kept.map((r) => r.requestId), kept.map((r) => r.ts), kept.map((r) => r.sampleRate ?? null)],
        );
        const q = { feature: [] as string[], kind: [] as string[], day: [] as number[], count: [] as number[] };
        for (const [day, t] of tallies)
          for (const e of t.entries()) {
            q.day.push(day);
            q.feature.push(e.feature);
            q.kind.push(e.kind);
            q.count.push(e.count);
            allQuality.add(e.feature, e.kind, e.count);
          }
        if (q.day.length)
          await db.query(
            `INSERT INTO pred_quality (series_id, day, feature, kind, count) SELECT $1::bigint, * FROM unnest($2::int[], $3::text[], $4::text[], $5::bigint[])
             ON CONFLICT (series_id, day, feature, kind) DO UPDATE SET count = pred_quality.count + excluded.count`,
            [seriesId, q.day, q.feature, q.kind, q.count],
          );
        for (const r of kept) if (r.label) explicitLabels.push({ requestId: r.requestId, value: r.label, ts: r.ts });
        if (known.size) {
          const links = new LinkBatch();
          kept.forEach((r, i) => {
            const l = r.label ? undefined : known.get(r.requestId);
            if (l) {
              links.add(segmentId, i, l.value_num, l.value_text, l.ts - r.ts);
              rollup.at(dayOf(r.ts)).addLabel(l.ts - r.ts, r.sampleRate ?? 1);
            }
          });
          await links.flush(db);
        }
        await writeRollup(db, seriesId, rollup);
      }
      // A label sent with the prediction applies to every version's prediction of that request.
      const before = explicitLabels.length ? await labelsFor(db, model.id, explicitLabels.map((l) => l.requestId)) : new Map<string, LabelRow>();
      await applyLabels(db, model.id, explicitLabels, now, before);
      return { accepted, duplicates, dataQuality: allQuality.byKind() };
    });
  }

  /** Stores labels; an identical label already stored counts as a duplicate, a changed one replaces it. */
  async writeLabels(modelId: string, labels: NormalizedLabel[]): Promise<LabelWriteResult> {
    const now = Date.now();
    return pgTransaction(this.pool, async (db) => {
      await lockModel(db, modelId);
      const batch = lastLabelPerRequest(labels);
      const existing = await labelsFor(db, modelId, batch.unique.map((l) => l.requestId));
      const { changed, duplicates } = changedLabels(batch.unique, existing);
      await backfillRollups(db, modelId);
      await applyLabels(db, modelId, changed, now, existing);
      return { accepted: labels.length - batch.duplicates - duplicates, duplicates: batch.duplicates + duplicates };
    });
  }
}

/** Serialises writers of one model across every process (released at COMMIT / ROLLBACK). */
export async function lockModel(db: Q, modelId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 7365))`, [`pred:${modelId}`]);
}

async function ensureSeries(db: Q, modelId: string, version: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `WITH ins AS (INSERT INTO pred_series (model_id, version) VALUES ($1, $2) ON CONFLICT (model_id, version) DO NOTHING RETURNING id)
     SELECT id FROM ins UNION ALL SELECT id FROM pred_series WHERE model_id = $1 AND version = $2 LIMIT 1`,
    [modelId, version],
  );
  return rows[0]!.id;
}

async function labelsFor(db: Q, modelId: string, requestIds: string[]): Promise<Map<string, LabelRow>> {
  const found = new Map<string, LabelRow>();
  if (!requestIds.length) return found;
  const { rows } = await db.query<LabelRow>(`SELECT request_id, value_num, value_text, ts FROM label WHERE model_id = $1 AND request_id = ANY($2::text[])`, [
    modelId,
    requestIds,
  ]);
  for (const l of rows) found.set(l.request_id, l);
  return found;
}

/** label_link rows collected as columns, written by one statement. */
class LinkBatch {
  private readonly seg: number[] = [];
  private readonly row: number[] = [];
  private readonly num: (number | null)[] = [];
  private readonly text: (string | null)[] = [];
  private readonly latency: number[] = [];

  add(segmentId: number, row: number, num: number | null, text: string | null, latencyMs: number): void {
    this.seg.push(segmentId);
    this.row.push(row);
    this.num.push(num);
    this.text.push(text);
    this.latency.push(latencyMs);
  }

  async flush(db: Q): Promise<void> {
    if (!this.seg.length) return;
    await db.query(
      `INSERT INTO label_link (segment_id, row, value_num, value_text, latency_ms)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::float8[], $4::text[], $5::float8[])
       ON CONFLICT (segment_id, row) DO UPDATE SET value_num = excluded.value_num, value_text = excluded.value_text, latency_ms = excluded.latency_ms`,
      [this.seg, this.row, this.num, this.text, this.latency],
    );
  }
}

/**
 * Stores labels and links them to every stored prediction of their request (all versions).
 * `before`: the labels of these requests stored before this transaction (new ones count toward the
 * model's labels, and wait when no prediction of theirs is stored). A link new to its prediction
 * row adds to the rollup of the prediction's day; a replaced label does not count twice.
 */
async function applyLabels(db: Q, modelId: string, labels: { requestId: string; value: LabelValue; ts: number }[], now: number, before: Map<string, LabelRow>): Promise<void> {
  if (!labels.length) return;
  const ids = labels.map((l) => l.requestId);
  await db.query(
    `INSERT INTO label (model_id, request_id, value_num, value_text, ts, received_at)
     SELECT $1::text, * FROM unnest($2::text[], $3::float8[], $4::text[], $5::float8[]), (SELECT $6::bigint) AS now
     ON CONFLICT (model_id, request_id) DO UPDATE SET value_num = excluded.value_num, value_text = excluded.value_text,
       ts = excluded.ts, received_at = excluded.received_at`,
    [modelId, ids, labels.map((l) => l.value.num), labels.map((l) => l.value.text), labels.map((l) => l.ts), now],
  );
  const byId = new Map(labels.map((l) => [l.requestId, l]));
  const links = new LinkBatch();
  const { rows } = await db.query<{ request_id: string; series_id: number; segment_id: number; row: number; ts: number; rate: number | null; linked: boolean }>(
    `SELECT k.request_id, k.series_id, k.segment_id, k.row, k.ts, k.rate,
            EXISTS (SELECT 1 FROM label_link x WHERE x.segment_id = k.segment_id AND x.row = k.row) AS linked
     FROM pred_key k JOIN pred_series s ON s.id = k.series_id
     WHERE s.model_id = $1 AND k.request_id = ANY($2::text[])`,
    [modelId, ids],
  );
  const rollups = new Map<number, SeriesRollup>();
  const predicted = new Set<string>();
  for (const k of rows) {
    const l = byId.get(k.request_id)!;
    predicted.add(k.request_id);
    links.add(k.segment_id, k.row, l.value.num, l.value.text, l.ts - k.ts);
    if (k.linked) continue;
    let r = rollups.get(Number(k.series_id));
    if (!r) rollups.set(Number(k.series_id), (r = new SeriesRollup()));
    r.at(dayOf(k.ts)).addLabel(l.ts - k.ts, k.rate ?? 1);
  }
  await links.flush(db);
  for (const [seriesId, r] of rollups) await writeRollup(db, seriesId, r);
  const { added, waiting } = labelStatsDelta(byId.keys(), before, predicted);
  if (added) await addLabelStats(db, modelId, added, waiting);
}

async function addLabelStats(db: Q, modelId: string, labels: number, waiting: number): Promise<void> {
  await db.query(
    `INSERT INTO pred_label_stats (model_id, labels, waiting) VALUES ($1, $2, $3)
     ON CONFLICT (model_id) DO UPDATE SET labels = pred_label_stats.labels + excluded.labels, waiting = pred_label_stats.waiting + excluded.waiting`,
    [modelId, labels, waiting],
  );
}

const UPSERT_ROLLUP = upsertSql(Array.from({ length: 17 }, (_, i) => `$${i + 1}`).join(", "), "pred_rollup", "least", "greatest");

/** Adds a series' deltas to its stored rollups: counts summed in SQL, sketches merged here. */
async function writeRollup(db: Q, seriesId: number, rollup: SeriesRollup): Promise<void> {
  if (!rollup.days.size) return;
  const days = [...rollup.days.keys()];
  const { rows } = await db.query<{ day: number; latency: Buffer | null; label_latency: Buffer | null }>(
    `SELECT day, latency, label_latency FROM pred_rollup WHERE series_id = $1 AND day = ANY($2::int[])`,
    [seriesId, days],
  );
  const stored = new Map(rows.map((r) => [r.day, r]));
  for (const d of rollup.days.values()) {
    const s = stored.get(d.day);
    await db.query(UPSERT_ROLLUP, [...upsertValues(seriesId, d, mergeSketchBytes(s?.latency, d.latency), mergeSketchBytes(s?.label_latency, d.labelLatency))]);
  }
}

/** Once per series stored before rollups existed (pred_rollup_pending): rebuilds its rollups from segments. */
async function backfillRollups(db: Q, modelId: string): Promise<void> {
  const { rows } = await db.query<{ series_id: number }>(`SELECT series_id FROM pred_rollup_pending WHERE model_id = $1`, [modelId]);
  for (const { series_id } of rows) {
    const segs = await db.query<{ id: number; data: Buffer }>(`SELECT id, data FROM pred_segment WHERE series_id = $1 ORDER BY id`, [series_id]);
    const links = await db.query<{ segment_id: number; row: number; latency_ms: number }>(
      `SELECT l.segment_id, l.row, l.latency_ms FROM label_link l JOIN pred_segment g ON g.id = l.segment_id WHERE g.series_id = $1`,
      [series_id],
    );
    const bySegment = new Map<number, { row: number; latency_ms: number }[]>();
    for (const l of links.rows) {
      const id = Number(l.segment_id);
      let list = bySegment.get(id);
      if (!list) bySegment.set(id, (list = []));
      list.push(l);
    }
    await db.query(`DELETE FROM pred_rollup WHERE series_id = $1`, [series_id]);
    await writeRollup(db, series_id, rollupFromSegments(segs.rows.map((g) => ({ id: Number(g.id), data: g.data })), (id) => bySegment.get(id) ?? []));
    await db.query(`DELETE FROM pred_rollup_pending WHERE series_id = $1`, [series_id]);
  }
}

/** The rollup backfill of a model, in its own transaction under the model's lock (the page read path). */
export async function backfillModelRollups(pool: pg.Pool, modelId: string): Promise<void> {
  const pending = await pool.query(`SELECT 1 FROM pred_rollup_pending WHERE model_id = $1 LIMIT 1`, [modelId]);
  if (!pending.rowCount) return;
  await pgTransaction(pool, async (db) => {
    await lockModel(db, modelId);
    await backfillRollups(db, modelId);
  });
}

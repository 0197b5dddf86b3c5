import type pg from "pg";
import { pgTransaction } from "../db/postgres";
import { decodeHeader, readF64, readJson } from "./codec";
import { COL } from "./columns";
import { mergeSegments, rowMoves, type SegmentToMerge } from "./merge";
import { addCompactionBatch, compactionGroups, mergePlan } from "./maintenance";
import { lockModel, seriesOf } from "./pg-store";
import { DEFAULT_MAINTENANCE, type CompactionResult, type MaintenanceOptions, type RetentionResult } from "./repository";

/**
 * Compaction and retention on PostgreSQL: the rules of maintenance.ts (STORAGE.md, "Retention and
 * compaction"), each batch one transaction under the model's advisory lock — the lock ingest of
 * that model takes too, so dedupe and label joins never see a half-moved segment, and ingest waits
 * for one bounded batch at most. A crash rolls back the batch in flight.
 */

type Q = Pick<pg.PoolClient, "query">;
type Seg = { id: number; n: number; ts_min: number; ts_max: number; created_at: number; data?: Buffer };

const toSeg = (r: Record<string, unknown>): Seg => ({
  id: Number(r.id),
  n: Number(r.n),
  ts_min: Number(r.ts_min),
  ts_max: Number(r.ts_max),
  created_at: Number(r.created_at),
  ...(r.data ? { data: r.data as Buffer } : {}),
});

export class PgMaintenance {
  /** `onBatch`: called after each committed transaction (the crash test uses it to know when to kill). */
  constructor(
    private readonly pool: pg.Pool,
    private readonly onBatch: () => void = () => {},
  ) {}

  private async transact<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const result = await pgTransaction(this.pool, fn);
    this.onBatch();
    return result;
  }

  async compact(modelId: string, options: MaintenanceOptions = {}): Promise<CompactionResult> {
    const { targetRows } = { ...DEFAULT_MAINTENANCE, ...options };
    const out: CompactionResult = { segmentsMerged: 0, segmentsWritten: 0, rows: 0, batches: 0 };
    for (const { id } of await seriesOf(this.pool, modelId)) {
      const seriesId = Number(id);
      const { rows } = await this.pool.query(
        `SELECT id, n, ts_min, ts_max, created_at FROM pred_segment WHERE series_id = $1 AND n < $2 ORDER BY ts_min, id`,
        [seriesId, Math.floor(targetRows / 2)],
      );
      for (const group of compactionGroups(rows.map(toSeg), targetRows)) {
        const done = await this.transact(async (db) => {
          await lockModel(db, modelId);
          const segs = (
            await db.query(`SELECT id, n, ts_min, ts_max, created_at, data FROM pred_segment WHERE series_id = $1 AND id = ANY($2::bigint[]) ORDER BY ts_min, id`, [
              seriesId,
              group.map((g) => g.id),
            ])
          ).rows.map(toSeg);
          if (segs.length < 2) return null;
          const { runs, tally } = mergePlan(segs);
          for (const run of runs) await rewrite(db, seriesId, run.map((s) => ({ id: s.id, data: s.data! })), Math.max(...run.map((s) => s.created_at)));
          return tally;
        });
        if (done) addCompactionBatch(out, done);
      }
    }
    return out;
  }

  async deleteOlderThan(modelId: string, cutoffMs: number, options: MaintenanceOptions = {}): Promise<RetentionResult> {
    const { batchRows } = { ...DEFAULT_MAINTENANCE, ...options };
    const out: RetentionResult = { segmentsDeleted: 0, segmentsTrimmed: 0, predictionsDeleted: 0, labelsDeleted: 0, batches: 0 };
    for (const { id } of await seriesOf(this.pool, modelId)) {
      const seriesId = Number(id);
      for (;;) {
        const any = await this.transact(async (db) => {
          await lockModel(db, modelId);
          const { rows } = await db.query(
            `SELECT id, n, ts_min, ts_max, created_at FROM pred_segment WHERE series_id = $1 AND ts_min < $2 ORDER BY ts_min, id LIMIT 1000`,
            [seriesId, cutoffMs],
          );
          const picked: Seg[] = [];
          let total = 0;
          for (const s of rows.map(toSeg)) {
            if (total && total + s.n > batchRows) break;
            picked.push(s);
            total += s.n;
          }
          if (!picked.length) return false;
          const data = await db.query<{ id: string; data: Buffer }>(`SELECT id, data FROM pred_segment WHERE id = ANY($1::bigint[])`, [picked.map((s) => s.id)]);
          const byId = new Map(data.rows.map((r) => [Number(r.id), r.data]));
          const dropped: string[] = [];
          for (const seg of picked) {
            const bytes = byId.get(seg.id)!;
            const blob = decodeHeader(bytes);
            if (seg.ts_max < cutoffMs) {
              const ids = readJson(blob, blob.byName.get(COL.requestId)!) as string[];
              await db.query(`DELETE FROM pred_key WHERE series_id = $1 AND request_id = ANY($2::text[]) AND segment_id = $3`, [seriesId, ids, seg.id]);
              await db.query(`DELETE FROM label_link WHERE segment_id = $1`, [seg.id]);
              await db.query(`DELETE FROM pred_segment WHERE id = $1`, [seg.id]);
              dropped.push(...ids);
              out.segmentsDeleted++;
              out.predictionsDeleted += seg.n;
            } else {
              const ts = readF64(blob, blob.byName.get(COL.ts)!);
              const keep: number[] = [];
              for (let i = 0; i < ts.length; i++) if (ts[i]! >= cutoffMs) keep.push(i);
              dropped.push(...(await rewrite(db, seriesId, [{ id: seg.id, data: bytes, keep: Int32Array.from(keep) }], seg.created_at)));
              out.segmentsTrimmed++;
              out.predictionsDeleted += seg.n - keep.length;
            }
          }
          out.labelsDeleted += await dropOrphanLabels(db, modelId, [...new Set(dropped)]);
          return true;
        });
        if (!any) break;
        out.batches++;
      }
    }
    // Labels older than the cutoff that no stored prediction has: they were waiting, and stop.
    let after = { ts: -Number.MAX_VALUE, id: "" };
    for (;;) {
      const more = await this.transact(async (db) => {
        await lockModel(db, modelId);
        const { rows } = await db.query<{ request_id: string; ts: number }>(
          `SELECT request_id, ts FROM label WHERE model_id = $1 AND ts < $2 AND (ts, request_id) > ($3::float8, $4::text) ORDER BY ts, request_id LIMIT $5`,
          [modelId, cutoffMs, after.ts, after.id, Math.max(1, Math.min(batchRows, 5000))],
        );
        if (!rows.length) return false;
        const deleted = await dropOrphanLabels(db, modelId, rows.map((r) => r.request_id));
        if (deleted) await db.query(`UPDATE pred_label_stats SET waiting = greatest(waiting - $1, 0) WHERE model_id = $2`, [deleted, modelId]);
        out.labelsDeleted += deleted;
        const last = rows[rows.length - 1]!;
        after = { ts: Number(last.ts), id: last.request_id };
        return true;
      });
      if (!more) break;
      out.batches++;
    }
    return out;
  }
}

/** maintenance.ts `rewrite` on PostgreSQL: one new segment for the kept rows; keys and links follow. */
async function rewrite(db: Q, seriesId: number, segs: SegmentToMerge[], createdAt: number): Promise<string[]> {
  const merged = mergeSegments(segs);
  let newId = 0;
  if (merged.n > 0) {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO pred_segment (series_id, ts_min, ts_max, n, created_at, data) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [seriesId, merged.tsMin, merged.tsMax, merged.n, createdAt, merged.blob],
    );
    newId = Number(rows[0]!.id);
  }
  const { moved, dropped } = rowMoves(segs, merged);
  if (moved.ids.length)
    await db.query(
      `UPDATE pred_key k SET segment_id = $2, row = m.r FROM unnest($3::text[], $4::int[], $5::bigint[]) AS m(id, r, f)
       WHERE k.series_id = $1 AND k.request_id = m.id AND k.segment_id = m.f`,
      [seriesId, newId, moved.ids, moved.newRows, moved.from],
    );
  if (dropped.ids.length)
    await db.query(
      `DELETE FROM pred_key k USING unnest($2::text[], $3::bigint[]) AS m(id, f) WHERE k.series_id = $1 AND k.request_id = m.id AND k.segment_id = m.f`,
      [seriesId, dropped.ids, dropped.from],
    );
  const old = segs.map((s) => s.id);
  if (moved.ids.length)
    await db.query(
      `INSERT INTO label_link (segment_id, row, value_num, value_text, latency_ms)
       SELECT $1::bigint, m.r, l.value_num, l.value_text, l.latency_ms
       FROM label_link l JOIN unnest($2::bigint[], $3::int[], $4::int[]) AS m(s, o, r) ON l.segment_id = m.s AND l.row = m.o`,
      [newId, moved.from, moved.oldRows, moved.newRows],
    );
  await db.query(`DELETE FROM label_link WHERE segment_id = ANY($1::bigint[])`, [old]);
  await db.query(`DELETE FROM pred_segment WHERE id = ANY($1::bigint[])`, [old]);
  return dropped.ids;
}

/** Deletes the labels of these requests that no stored prediction of the model has any more. */
async function dropOrphanLabels(db: Q, modelId: string, requestIds: string[]): Promise<number> {
  if (!requestIds.length) return 0;
  const { rowCount } = await db.query(
    `DELETE FROM label l WHERE l.model_id = $1 AND l.request_id = ANY($2::text[]) AND NOT EXISTS
       (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = $1 AND k.request_id = l.request_id)`,
    [modelId, requestIds],
  );
  return rowCount ?? 0;
}

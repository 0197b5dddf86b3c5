import type Database from "better-sqlite3";
import { decodeHeader, readF64, readJson, type DecodedBlob } from "./codec";
import { COL } from "./columns";
import { mergeSegments, mergeable, oneDay, rowMoves, type SegmentToMerge } from "./merge";
import { dayOf } from "./rollup";
import { DEFAULT_MAINTENANCE, type CompactionResult, type MaintenanceOptions, type RetentionResult } from "./repository";

/**
 * Compaction and retention on SQLite (STORAGE.md, "Retention and compaction"). Each step is one
 * IMMEDIATE transaction of at most `batchRows` rows, so the write lock is held for one bounded
 * batch at a time and other writers (ingest in the web process, WAL) go on between batches; a
 * crash rolls back the batch in flight and leaves every row stored exactly once.
 */

type Seg = { id: number; n: number; ts_min: number; ts_max: number; created_at: number; data?: Buffer };

/** Yields to the event loop between batches, so queued ingest (group commit) runs in between. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

export class SqliteMaintenance {
  /** `onBatch`: called after each committed transaction (the crash test uses it to know when to kill). */
  constructor(
    private readonly db: Database.Database,
    private readonly onBatch: () => void = () => {},
  ) {}

  private st = (sql: string) => this.db.prepare(sql);

  private series(modelId: string): { id: number }[] {
    return this.db.prepare<[string], { id: number }>(`SELECT id FROM pred_series WHERE model_id = ? ORDER BY id`).all(modelId);
  }

  /**
   * Merges the model's small segments (fewer than targetRows / 2 rows), per series and UTC day, in
   * (ts_min, id) order, into segments of up to targetRows rows.
   */
  async compact(modelId: string, options: MaintenanceOptions = {}): Promise<CompactionResult> {
    const { targetRows } = { ...DEFAULT_MAINTENANCE, ...options };
    const out: CompactionResult = { segmentsMerged: 0, segmentsWritten: 0, rows: 0, batches: 0 };
    const small = this.db.prepare<[number, number], Seg>(
      `SELECT id, n, ts_min, ts_max, created_at FROM pred_segment WHERE series_id = ? AND n < ? ORDER BY ts_min, id`,
    );
    for (const { id: seriesId } of this.series(modelId)) {
      for (const group of compactionGroups(small.all(seriesId, Math.floor(targetRows / 2)), targetRows)) {
        const done = this.transact(() => {
          const segs = this.loadSegments(seriesId, group.map((g) => g.id));
          // Another process may have compacted some of these meanwhile: merge what is still there.
          if (segs.length < 2) return null;
          const { runs, tally } = mergePlan(segs);
          for (const run of runs) this.rewrite(seriesId, run.map((s) => ({ id: s.id, data: s.data! })), Math.max(...run.map((s) => s.created_at)));
          return tally;
        });
        if (done) addCompactionBatch(out, done);
        await breathe();
      }
    }
    return out;
  }

  /**
   * Deletes the model's predictions with ts < cutoffMs (whole segments; a segment that straddles
   * the cutoff is rewritten with its newer rows), the label links of those rows, the labels whose
   * every prediction is gone, and older labels that never met a prediction. Rollups stay.
   */
  async deleteOlderThan(modelId: string, cutoffMs: number, options: MaintenanceOptions = {}): Promise<RetentionResult> {
    const { batchRows } = { ...DEFAULT_MAINTENANCE, ...options };
    const out: RetentionResult = { segmentsDeleted: 0, segmentsTrimmed: 0, predictionsDeleted: 0, labelsDeleted: 0, batches: 0 };
    const old = this.db.prepare<[number, number], Seg>(
      `SELECT id, n, ts_min, ts_max, created_at FROM pred_segment WHERE series_id = ? AND ts_min < ? ORDER BY ts_min, id LIMIT 1000`,
    );
    const data = this.db.prepare<[number], { data: Buffer }>(`SELECT data FROM pred_segment WHERE id = ?`);
    for (const { id: seriesId } of this.series(modelId)) {
      for (;;) {
        const done = this.transact(() => {
          let rows = 0;
          const dropped: string[] = [];
          let any = false;
          for (const seg of old.all(seriesId, cutoffMs)) {
            if (rows && rows + seg.n > batchRows) break;
            seg.data = data.get(seg.id)!.data;
            any = true;
            rows += seg.n;
            if (seg.ts_max < cutoffMs) {
              dropped.push(...this.dropSegment(seriesId, seg));
              out.segmentsDeleted++;
              out.predictionsDeleted += seg.n;
            } else {
              const blob = decodeHeader(seg.data!);
              const ts = readF64(blob, blob.byName.get(COL.ts)!);
              const keep: number[] = [];
              for (let i = 0; i < ts.length; i++) if (ts[i]! >= cutoffMs) keep.push(i);
              dropped.push(...this.rewrite(seriesId, [{ id: seg.id, data: seg.data!, keep: Int32Array.from(keep) }], seg.created_at));
              out.segmentsTrimmed++;
              out.predictionsDeleted += seg.n - keep.length;
            }
          }
          out.labelsDeleted += this.dropOrphanLabels(modelId, dropped);
          return any;
        });
        if (!done) break;
        out.batches++;
        await breathe();
      }
    }
    // Labels older than the cutoff that no stored prediction has: they were waiting, and stop.
    let after: { ts: number; id: string } = { ts: -Infinity, id: "" };
    const page = this.db.prepare<[string, number, number, number, string, number], { request_id: string; ts: number }>(
      `SELECT request_id, ts FROM label WHERE model_id = ? AND ts < ? AND (ts > ? OR (ts = ? AND request_id > ?)) ORDER BY ts, request_id LIMIT ?`,
    );
    const lonely = this.db.prepare<[string, string, string]>(
      `DELETE FROM label WHERE model_id = ? AND request_id = ? AND NOT EXISTS
         (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ? AND k.request_id = label.request_id)`,
    );
    const unwait = this.st(`UPDATE pred_label_stats SET waiting = max(waiting - ?, 0) WHERE model_id = ?`);
    for (;;) {
      const more = this.transact(() => {
        const rows = page.all(modelId, cutoffMs, after.ts, after.ts, after.id, Math.max(1, Math.min(batchRows, 5000)));
        if (!rows.length) return false;
        let deleted = 0;
        for (const r of rows) deleted += lonely.run(modelId, r.request_id, modelId).changes;
        if (deleted) unwait.run(deleted, modelId);
        out.labelsDeleted += deleted;
        const last = rows[rows.length - 1]!;
        after = { ts: last.ts, id: last.request_id };
        return true;
      });
      if (!more) break;
      out.batches++;
      await breathe();
    }
    return out;
  }

  private transact<T>(fn: () => T): T {
    const result = this.db.transaction(fn).immediate();
    this.onBatch();
    return result;
  }

  private loadSegments(seriesId: number, ids: number[]): Seg[] {
    const get = this.db.prepare<[number, number], Seg>(`SELECT id, n, ts_min, ts_max, created_at, data FROM pred_segment WHERE id = ? AND series_id = ?`);
    return ids.flatMap((id) => get.get(id, seriesId) ?? []);
  }

  /** Deletes a whole segment, its keys and label links; returns its request ids. */
  private dropSegment(seriesId: number, seg: Seg): string[] {
    const blob = decodeHeader(seg.data!);
    const ids = readJson(blob, blob.byName.get(COL.requestId)!) as string[];
    const del = this.st(`DELETE FROM pred_key WHERE series_id = ? AND request_id = ? AND segment_id = ?`);
    for (const id of ids) del.run(seriesId, id, seg.id);
    this.st(`DELETE FROM label_link WHERE segment_id = ?`).run(seg.id);
    this.st(`DELETE FROM pred_segment WHERE id = ?`).run(seg.id);
    return ids;
  }

  /**
   * Replaces `segs` (of one series) by one segment holding their kept rows, in order: pred_key and
   * label_link rows move to the new segment and row; dropped rows lose their key and link. Returns
   * the request ids of the dropped rows. Runs inside the caller's transaction.
   */
  private rewrite(seriesId: number, segs: SegmentToMerge[], createdAt: number): string[] {
    const merged = mergeSegments(segs);
    let newId = 0;
    if (merged.n > 0) {
      newId = this.db.prepare<[], { next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM pred_segment`).get()!.next;
      this.st(`INSERT INTO pred_segment (id, series_id, ts_min, ts_max, n, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
        newId,
        seriesId,
        merged.tsMin,
        merged.tsMax,
        merged.n,
        createdAt,
        merged.blob,
      );
    }
    const move = this.st(`UPDATE pred_key SET segment_id = ?, row = ? WHERE series_id = ? AND request_id = ? AND segment_id = ?`);
    const del = this.st(`DELETE FROM pred_key WHERE series_id = ? AND request_id = ? AND segment_id = ?`);
    const links = this.db.prepare<[number], { row: number; value_num: number | null; value_text: string | null; latency_ms: number }>(
      `SELECT row, value_num, value_text, latency_ms FROM label_link WHERE segment_id = ?`,
    );
    const link = this.st(`INSERT INTO label_link (segment_id, row, value_num, value_text, latency_ms) VALUES (?, ?, ?, ?, ?)`);
    const { moved, dropped } = rowMoves(segs, merged);
    for (let k = 0; k < moved.ids.length; k++) move.run(newId, moved.newRows[k], seriesId, moved.ids[k], moved.from[k]);
    for (let k = 0; k < dropped.ids.length; k++) del.run(seriesId, dropped.ids[k], dropped.from[k]);
    for (const s of segs) {
      const map = merged.rowMaps.get(s.id)!;
      const kept = links.all(s.id);
      this.st(`DELETE FROM label_link WHERE segment_id = ?`).run(s.id);
      for (const l of kept) if (map[l.row]! >= 0) link.run(newId, map[l.row], l.value_num, l.value_text, l.latency_ms);
      this.st(`DELETE FROM pred_segment WHERE id = ?`).run(s.id);
    }
    return dropped.ids;
  }

  /** Deletes the labels of these requests that no stored prediction of the model has any more. */
  private dropOrphanLabels(modelId: string, requestIds: string[]): number {
    const del = this.st(
      `DELETE FROM label WHERE model_id = ? AND request_id = ? AND NOT EXISTS
         (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ? AND k.request_id = label.request_id)`,
    );
    let n = 0;
    for (const id of new Set(requestIds)) n += del.run(modelId, id, modelId).changes;
    return n;
  }
}

/**
 * Small segments of one series, in (ts_min, id) order, cut into groups to merge: one UTC day per
 * group (a segment spanning days is left alone, so retention by day stays exact), at most
 * `targetRows` rows, at least two segments.
 */
export function compactionGroups<S extends { n: number; ts_min: number; ts_max: number }>(segments: S[], targetRows: number): S[][] {
  const groups: S[][] = [];
  let cur: S[] = [];
  let rows = 0;
  let day = NaN;
  const close = () => {
    if (cur.length >= 2) groups.push(cur);
    cur = [];
    rows = 0;
  };
  for (const s of segments) {
    if (!oneDay(s.ts_min, s.ts_max)) {
      close();
      continue;
    }
    const d = dayOf(s.ts_min);
    if (cur.length && (d !== day || rows + s.n > targetRows)) close();
    cur.push(s);
    rows += s.n;
    day = d;
  }
  close();
  return groups;
}

/** What one compaction transaction merged: segments replaced, segments written, rows they held. */
export type CompactionTally = Omit<CompactionResult, "batches">;

/**
 * A compaction group's merges, shared by the SQLite and the PostgreSQL compaction: the mergeable
 * runs of two segments or more (each rewritten as one segment by the caller, in its transaction)
 * and what rewriting them all amounts to.
 */
export function mergePlan<S extends { n: number; data?: Uint8Array }>(segs: S[]): { runs: S[][]; tally: CompactionTally } {
  const runs = mergeableRuns(segs).filter((run) => run.length >= 2);
  const tally: CompactionTally = { segmentsMerged: 0, segmentsWritten: runs.length, rows: 0 };
  for (const run of runs) {
    tally.segmentsMerged += run.length;
    tally.rows += run.reduce((a, s) => a + s.n, 0);
  }
  return { runs, tally };
}

/** Adds one transaction's merges to the compaction's result. */
export function addCompactionBatch(out: CompactionResult, done: CompactionTally): void {
  out.segmentsMerged += done.segmentsMerged;
  out.segmentsWritten += done.segmentsWritten;
  out.rows += done.rows;
  out.batches++;
}

/** Consecutive runs of segments that can share a blob (merge.ts `mergeable`, checked against the run so far). */
function mergeableRuns<S extends { data?: Uint8Array }>(segs: S[]): S[][] {
  const runs: S[][] = [];
  let cur: S[] = [];
  let shape: ReturnType<typeof runShape> | null = null;
  for (const s of segs) {
    const blob = decodeHeader(s.data!);
    if (shape && !mergeable(shape, blob)) {
      runs.push(cur);
      cur = [];
      shape = null;
    }
    shape = runShape(shape, blob);
    cur.push(s);
  }
  if (cur.length) runs.push(cur);
  return runs;
}

/** The union of a run's columns, as a blob header `mergeable` can compare against. */
function runShape(shape: DecodedBlob | null, blob: DecodedBlob): DecodedBlob {
  if (!shape) return { ...blob, byName: new Map(blob.byName), header: { n: blob.header.n, cols: [...blob.header.cols] } };
  for (const c of blob.header.cols)
    if (!shape.byName.has(c.name)) {
      shape.byName.set(c.name, c);
      shape.header.cols.push(c);
    }
  return shape;
}

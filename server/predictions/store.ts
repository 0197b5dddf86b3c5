import type Database from "better-sqlite3";
import { BoundedCache } from "../cache/bounded-cache";
import { GroupCommitter } from "./group-commit";
import { encodeSegmentWithTallies } from "./segment";
import { QualityTally, compileContract, type ContractFeature, type ContractRow } from "./contract";
import { SeriesRollup, dayOf, labelStatsDelta, mergeSketchBytes, rollupFromSegments, upsertSql, upsertValues } from "./rollup";
import type { LabelValue, NormalizedLabel, NormalizedPrediction } from "../ingest/validate";
import type { ModelRef, WriteResult } from "./repository";
import { changedLabels, lastLabelPerRequest, newPredictions, type StoredLabel } from "./dedupe";

export type { ModelRef, WriteResult };

/**
 * The write side of prediction storage: better-sqlite3 prepared statements, one IMMEDIATE
 * transaction per batch, committed (synchronous=FULL, so fsynced) before the caller answers.
 * Layout and the reasons for it: STORAGE.md.
 */

const IN_CHUNK = 500;

/** A pred_key row as the label joins read it. */
type KeyRow = { request_id: string; segment_id: number; row: number; ts: number; rate: number | null };

/** A label row as the joins read it. */
const INSERT_CHUNK = 100;

const NONE_STORED: ReadonlySet<string> = new Set();

function prepareAll(db: Database.Database) {
  return {
    model: db.prepare<[string, string], { id: string; slug: string; workspaceId: string; task: string; requireKnownVersion: number }>(
      `SELECT id, slug, workspaceId, task, requireKnownVersion FROM "Model" WHERE workspaceId = ? AND slug = ?`,
    ),
    versions: db.prepare<[string], { label: string; stage: string }>(`SELECT label, stage FROM "ModelVersion" WHERE modelId = ? ORDER BY createdAt`),
    contract: db.prepare<[string], ContractRow>(
      `SELECT name, type, nullable, min, max, categories FROM "FeatureContract" WHERE modelId = ? ORDER BY position, name`,
    ),
    seriesInsert: db.prepare(`INSERT OR IGNORE INTO pred_series (model_id, version) VALUES (?, ?)`),
    seriesGet: db.prepare<[string, string], { id: number }>(`SELECT id FROM pred_series WHERE model_id = ? AND version = ?`),
    seriesOfModel: db.prepare<[string], { id: number; version: string }>(`SELECT id, version FROM pred_series WHERE model_id = ?`),
    nextSegment: db.prepare<[], { next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM pred_segment`),
    segmentInsert: db.prepare(`INSERT INTO pred_segment (id, series_id, ts_min, ts_max, n, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    anyLabel: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM label WHERE model_id = ? LIMIT 1`),
    link: db.prepare(`INSERT OR REPLACE INTO label_link (segment_id, row, value_num, value_text, latency_ms) VALUES (?, ?, ?, ?, ?)`),
    rollupSketches: db.prepare<[number, number], { latency: Buffer | null; label_latency: Buffer | null }>(
      `SELECT latency, label_latency FROM pred_rollup WHERE series_id = ? AND day = ?`,
    ),
    rollupUpsert: db.prepare(upsertSql(new Array(17).fill("?").join(", "), "pred_rollup", "min", "max")),
    labelStats: db.prepare(
      `INSERT INTO pred_label_stats (model_id, labels, waiting) VALUES (?, ?, ?)
       ON CONFLICT (model_id) DO UPDATE SET labels = labels + excluded.labels, waiting = waiting + excluded.waiting`,
    ),
    anyPending: db.prepare<[], { one: number }>(`SELECT 1 AS one FROM pred_rollup_pending LIMIT 1`),
    pendingOf: db.prepare<[string], { series_id: number }>(`SELECT series_id FROM pred_rollup_pending WHERE model_id = ?`),
    pendingDone: db.prepare(`DELETE FROM pred_rollup_pending WHERE series_id = ?`),
    rollupClear: db.prepare(`DELETE FROM pred_rollup WHERE series_id = ?`),
    segmentsOf: db.prepare<[number], { id: number; data: Buffer }>(`SELECT id, data FROM pred_segment WHERE series_id = ? ORDER BY id`),
    linksOf: db.prepare<[number], { row: number; latency_ms: number }>(`SELECT row, latency_ms FROM label_link WHERE segment_id = ?`),
    quality: db.prepare(
      `INSERT INTO pred_quality (series_id, day, feature, kind, count) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (series_id, day, feature, kind) DO UPDATE SET count = count + excluded.count`,
    ),
  };
}

export class PredictionStore {
  private readonly st: ReturnType<typeof prepareAll>;
  /** Series id by (model, version): at most 10,000 entries (a miss costs one indexed read). */
  private readonly seriesCache = new BoundedCache<string, number>({ name: "series ids", maxEntries: 10_000 });
  private readonly committer: GroupCommitter;

  /** False once no series waits for its rollup backfill (only the migration adds such series). */
  private pending: boolean;

  constructor(readonly db: Database.Database) {
    this.st = prepareAll(db);
    this.committer = new GroupCommitter(db, () => this.seriesCache.clear());
    this.pending = this.st.anyPending.get() !== undefined;
  }

  /** writePredictions through the group committer: resolves after the durable commit. */
  commitPredictions(model: ModelRef, rows: NormalizedPrediction[]): Promise<WriteResult> {
    const contract = this.contract(model.id);
    return this.committer.run(() => this.writePredictions(model, rows, contract));
  }

  commitLabels(modelId: string, labels: NormalizedLabel[]): Promise<{ accepted: number; duplicates: number }> {
    return this.committer.run(() => this.writeLabels(modelId, labels));
  }

  // ── reads of the inventory (raw, so the hot path never waits on Prisma) ──

  findModel(workspaceId: string, slug: string): ModelRef | null {
    const m = this.st.model.get(workspaceId, slug);
    return m ? { ...m, requireKnownVersion: Boolean(m.requireKnownVersion) } : null;
  }

  versions(modelId: string): { label: string; stage: string }[] {
    return this.st.versions.all(modelId);
  }

  contract(modelId: string): ContractFeature[] {
    return compileContract(this.st.contract.all(modelId));
  }

  seriesOf(modelId: string): { id: number; version: string }[] {
    return this.st.seriesOfModel.all(modelId);
  }

  private seriesId(modelId: string, version: string): number {
    const key = `${modelId}\u0000${version}`;
    let id = this.seriesCache.get(key);
    if (id === undefined) {
      this.st.seriesInsert.run(modelId, version);
      id = this.st.seriesGet.get(modelId, version)!.id;
      this.seriesCache.set(key, id);
    }
    return id;
  }

  // ── rollups (rollup.ts) ──

  /** Adds a series' deltas to its stored rollups: counts summed in SQL, sketches merged here. */
  private writeRollup(seriesId: number, rollup: SeriesRollup): void {
    for (const d of rollup.days.values()) {
      const stored = this.st.rollupSketches.get(seriesId, d.day);
      this.st.rollupUpsert.run(...upsertValues(seriesId, d, mergeSketchBytes(stored?.latency, d.latency), mergeSketchBytes(stored?.label_latency, d.labelLatency)));
    }
  }

  /**
   * Rebuilds, from its segments and label links, the rollups of every series of the model stored
   * before rollups existed (listed by the migration in pred_rollup_pending) — once, inside the
   * caller's write transaction or its own.
   */
  backfillRollups(modelId: string, inTransaction = false): void {
    if (!this.pending) return;
    if (this.st.anyPending.get() === undefined) {
      this.pending = false;
      return;
    }
    const series = this.st.pendingOf.all(modelId);
    if (!series.length) return;
    const run = () => {
      for (const { series_id } of this.st.pendingOf.all(modelId)) {
        this.st.rollupClear.run(series_id);
        this.writeRollup(series_id, rollupFromSegments(this.st.segmentsOf.iterate(series_id), (id) => this.st.linksOf.all(id)));
        this.st.pendingDone.run(series_id);
      }
    };
    if (inTransaction) run();
    else this.transact(run);
  }

  // ── writes ──

  /** Stores the rows that are new for their (model, version, requestId); reports the others as duplicates. */
  writePredictions(model: ModelRef, rows: NormalizedPrediction[], contract: ContractFeature[] = this.contract(model.id)): WriteResult {
    const byVersion = new Map<string, NormalizedPrediction[]>();
    for (const r of rows) {
      let g = byVersion.get(r.version);
      if (!g) byVersion.set(r.version, (g = []));
      g.push(r);
    }
    const byName = new Map(contract.map((f) => [f.name, f]));
    const now = Date.now();
    const st = this.st;
    const run = () => {
      let accepted = 0;
      let duplicates = 0;
      const allQuality = new QualityTally();
      this.backfillRollups(model.id, true);
      const modelHasLabels = st.anyLabel.get(model.id) !== undefined;
      const explicitLabels: NormalizedPrediction[] = [];
      // Stored labels of this batch's requests; those whose request had no prediction yet stop waiting.
      const known = modelHasLabels ? this.existingLabels(model.id, [...new Set(rows.map((r) => r.requestId))]) : new Map<string, StoredLabel>();
      if (known.size) {
        const predicted = new Set<string>();
        const ids = [...known.keys()];
        for (const s of this.seriesOf(model.id)) for (const id of this.existingIds(s.id, ids)) predicted.add(id);
        const resolved = ids.length - predicted.size;
        if (resolved) st.labelStats.run(model.id, 0, -resolved);
      }
      for (const [version, group] of byVersion) {
        const seriesId = this.seriesId(model.id, version);
        const segmentId = st.nextSegment.get()!.next;
        const { kept, duplicates: repeated } = this.insertNewKeys(seriesId, segmentId, group);
        duplicates += repeated;
        if (kept.length === 0) continue;
        accepted += kept.length;
        const { blob, tsMin, tsMax, tallies, rollup } = encodeSegmentWithTallies(kept, contract, byName);
        st.segmentInsert.run(segmentId, seriesId, tsMin, tsMax, kept.length, now, blob);
        for (const [day, t] of tallies) {
          for (const e of t.entries()) {
            st.quality.run(seriesId, day, e.feature, e.kind, e.count);
            allQuality.add(e.feature, e.kind, e.count);
          }
        }
        for (const r of kept) if (r.label) explicitLabels.push(r);
        if (known.size) {
          for (let i = 0; i < kept.length; i++) {
            const r = kept[i]!;
            const l = r.label ? undefined : known.get(r.requestId);
            if (l) {
              st.link.run(segmentId, i, l.value_num, l.value_text, l.ts - r.ts);
              rollup.at(dayOf(r.ts)).addLabel(l.ts - r.ts, r.sampleRate ?? 1);
            }
          }
        }
        this.writeRollup(seriesId, rollup);
      }
      // A label sent with the prediction applies to every version's prediction of that request.
      const labelled = explicitLabels.map((r) => ({ requestId: r.requestId, value: r.label!, ts: r.ts }));
      this.applyLabels(model.id, labelled, now, labelled.length ? this.existingLabels(model.id, labelled.map((l) => l.requestId)) : new Map());
      return { accepted, duplicates, dataQuality: allQuality.byKind() };
    };
    return this.transact(run);
  }

  /** Runs `fn` in an IMMEDIATE transaction; forgets cached series ids if it rolls back. */
  private transact<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      this.seriesCache.clear();
      throw err;
    }
  }

  /** Prepared statements by shape (kind, repetitions): at most 64, least recently used evicted. */
  private readonly sized = new BoundedCache<string, Database.Statement>({ name: "sized statements", maxEntries: 64 });

  /** A statement with `count` repetitions of a parameter group, cached by shape. */
  private stmt(kind: "keys" | "exists" | "labels" | "labelUpsert" | "keysFor" | "links" | "linked", count: number): Database.Statement {
    const id = `${kind}:${count}`;
    let stmt = this.sized.get(id);
    if (!stmt) {
      const list = (group: string) => new Array(count).fill(group).join(", ");
      const sql = {
        keys: `INSERT INTO pred_key (series_id, request_id, segment_id, row, ts, rate) VALUES ${list("(?, ?, ?, ?, ?, ?)")}`,
        exists: `SELECT request_id FROM pred_key WHERE series_id = ? AND request_id IN (${list("?")})`,
        labels: `SELECT request_id, value_num, value_text, ts FROM label WHERE model_id = ? AND request_id IN (${list("?")})`,
        labelUpsert: `INSERT INTO label (model_id, request_id, value_num, value_text, ts, received_at) VALUES ${list("(?, ?, ?, ?, ?, ?)")}
          ON CONFLICT (model_id, request_id) DO UPDATE SET value_num = excluded.value_num, value_text = excluded.value_text,
            ts = excluded.ts, received_at = excluded.received_at`,
        keysFor: `SELECT request_id, segment_id, row, ts, rate FROM pred_key WHERE series_id = ? AND request_id IN (${list("?")})`,
        linked: `SELECT segment_id, row FROM label_link WHERE (segment_id, row) IN (VALUES ${list("(?, ?)")})`,
        links: `INSERT OR REPLACE INTO label_link (segment_id, row, value_num, value_text, latency_ms) VALUES ${list("(?, ?, ?, ?, ?)")}`,
      }[kind];
      stmt = this.db.prepare(sql);
      this.sized.set(id, stmt);
    }
    return stmt;
  }

  /**
   * Stores the keys of the group's rows new to the series; the others are duplicates. Most batches
   * carry no stored request id, so the keys are inserted first, inside a savepoint, without looking
   * them up; a primary-key conflict (a replay or a retry) rolls the savepoint back and the group
   * takes the lookup path. Either way the kept rows and duplicates are those of newPredictions.
   */
  private insertNewKeys(seriesId: number, segmentId: number, group: NormalizedPrediction[]): { kept: NormalizedPrediction[]; duplicates: number } {
    const fresh = newPredictions(group, NONE_STORED);
    try {
      this.db.transaction(() => this.insertKeys(seriesId, segmentId, fresh.kept))();
      return fresh;
    } catch (err) {
      if ((err as { code?: unknown }).code !== "SQLITE_CONSTRAINT_PRIMARYKEY") throw err;
    }
    const result = newPredictions(group, this.existingKeys(seriesId, group));
    this.insertKeys(seriesId, segmentId, result.kept);
    return result;
  }

  /** requestIds of `rows` already stored for the series — one indexed IN-lookup per 500 rows. */
  private existingKeys(seriesId: number, rows: NormalizedPrediction[]): Set<string> {
    return this.existingIds(seriesId, rows.map((r) => r.requestId));
  }

  private existingIds(seriesId: number, ids: string[]): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const part = ids.slice(i, i + IN_CHUNK);
      const stmt = this.stmt("exists", part.length).pluck();
      for (const id of stmt.iterate(seriesId, ...part) as IterableIterator<string>) found.add(id);
    }
    return found;
  }

  /** Multi-row INSERTs (100 rows per statement): a fifth of the per-row binding cost. */
  private insertKeys(seriesId: number, segmentId: number, rows: NormalizedPrediction[]): void {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const n = Math.min(INSERT_CHUNK, rows.length - i);
      const params: (number | string | null)[] = new Array(n * 6);
      for (let j = 0; j < n; j++) {
        const r = rows[i + j]!;
        params[j * 6] = seriesId;
        params[j * 6 + 1] = r.requestId;
        params[j * 6 + 2] = segmentId;
        params[j * 6 + 3] = i + j;
        params[j * 6 + 4] = r.ts;
        params[j * 6 + 5] = r.sampleRate ?? null;
      }
      this.stmt("keys", n).run(...params);
    }
  }

  /**
   * Stores labels and links them to every stored prediction of their request (all versions) — in
   * bulk. `before`: the labels of these requests stored before this transaction (new ones count
   * toward the model's labels, and wait when no prediction of theirs is stored). A link new to its
   * prediction row adds to the rollup of the prediction's day; a replaced label does not count twice.
   */
  private applyLabels(modelId: string, labels: { requestId: string; value: LabelValue; ts: number }[], now: number, before: Map<string, StoredLabel>): void {
    if (!labels.length) return;
    for (let i = 0; i < labels.length; i += INSERT_CHUNK) {
      const part = labels.slice(i, i + INSERT_CHUNK);
      const params: (string | number | null)[] = [];
      for (const l of part) params.push(modelId, l.requestId, l.value.num, l.value.text, l.ts, now);
      this.stmt("labelUpsert", part.length).run(...params);
    }
    const byId = new Map(labels.map((l) => [l.requestId, l]));
    const predicted = new Set<string>();
    for (const s of this.seriesOf(modelId)) {
      const rollup = new SeriesRollup();
      for (let i = 0; i < labels.length; i += IN_CHUNK) {
        const part = labels.slice(i, i + IN_CHUNK);
        const keys = this.stmt("keysFor", part.length).all(s.id, ...part.map((l) => l.requestId)) as KeyRow[];
        for (let j = 0; j < keys.length; j += INSERT_CHUNK) this.linkKeys(keys.slice(j, j + INSERT_CHUNK), byId, rollup, predicted);
      }
      this.writeRollup(s.id, rollup);
    }
    const { added, waiting } = labelStatsDelta(byId.keys(), before, predicted);
    if (added) this.st.labelStats.run(modelId, added, waiting);
  }

  /** Writes ≤ 100 label links; the rows that had none yet add to `rollup`. */
  private linkKeys(keys: KeyRow[], byId: Map<string, { value: LabelValue; ts: number }>, rollup: SeriesRollup, predicted: Set<string>): void {
    if (!keys.length) return;
    const linked = new Set<string>();
    const probe: number[] = [];
    for (const k of keys) probe.push(k.segment_id, k.row);
    for (const r of this.stmt("linked", keys.length).all(...probe) as { segment_id: number; row: number }[]) linked.add(`${r.segment_id}:${r.row}`);
    const links: (number | string | null)[] = [];
    for (const k of keys) {
      const l = byId.get(k.request_id)!;
      predicted.add(k.request_id);
      links.push(k.segment_id, k.row, l.value.num, l.value.text, l.ts - k.ts);
      if (!linked.has(`${k.segment_id}:${k.row}`)) rollup.at(dayOf(k.ts)).addLabel(l.ts - k.ts, k.rate ?? 1);
    }
    this.stmt("links", keys.length).run(...links);
  }

  /** Stores labels; an identical label already stored counts as a duplicate, a changed one replaces it. */
  writeLabels(modelId: string, labels: NormalizedLabel[]): { accepted: number; duplicates: number } {
    const now = Date.now();
    const run = () => {
      const batch = lastLabelPerRequest(labels);
      const existing = this.existingLabels(modelId, batch.unique.map((l) => l.requestId));
      const { changed, duplicates } = changedLabels(batch.unique, existing);
      this.backfillRollups(modelId, true);
      this.applyLabels(modelId, changed, now, existing);
      return { accepted: labels.length - batch.duplicates - duplicates, duplicates: batch.duplicates + duplicates };
    };
    return this.transact(run);
  }

  /** The stored labels of these request ids, by request id. */
  private existingLabels(modelId: string, requestIds: string[]) {
    const found = new Map<string, StoredLabel>();
    for (let i = 0; i < requestIds.length; i += IN_CHUNK) {
      const part = requestIds.slice(i, i + IN_CHUNK);
      for (const l of this.stmt("labels", part.length).iterate(modelId, ...part) as IterableIterator<StoredLabel & { request_id: string }>) found.set(l.request_id, l);
    }
    return found;
  }
}

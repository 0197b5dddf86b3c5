import { DDSketch } from "@datadog/sketches-js";
import { decodeHeader, readCodes, readF64, type DecodedBlob } from "./codec";
import { COL } from "./columns";

/**
 * Rollups (`pred_rollup`): per series (model × version) and UTC day, the counts, sums and quantile
 * sketches the model page and the inventory show — maintained at ingest, inside the segment's write
 * transaction, so a page reads O(series × days) rows whatever the traffic. Both stores (store.ts,
 * pg-store.ts) and the one-time backfill of older segments build their deltas here.
 *
 * Weights: a row logged at sample rate r stands for 1/r requests. `n` counts stored rows (the sample
 * size), `w` the requests they stand for; errors, cost and tokens are summed weighted. Latency and
 * label-latency quantiles come from DDSketch (Datadog's sketches-js), mergeable, with a relative
 * error of SKETCH_RELATIVE_ACCURACY on every quantile; stored serialized (protobuf).
 */

export const DAY_MS = 86_400_000;
/** Every quantile read from a sketch is within ±1% of the exact (weighted) value. */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

export const dayOf = (ts: number): number => Math.floor(ts / DAY_MS);

/** What one batch (or a backfill) adds to one series × day. */
export class RollupDelta {
  n = 0;
  w = 0;
  errors = 0;
  errorsW = 0;
  costW = 0;
  tokensInW = 0;
  tokensOutW = 0;
  /** Rows logged at a rate < 1, and the smallest rate seen (1 when none). */
  sampled = 0;
  minRate = 1;
  tsMin = Infinity;
  tsMax = -Infinity;
  latency: DDSketch | null = null;
  labeled = 0;
  labeledW = 0;
  labelLatency: DDSketch | null = null;

  constructor(readonly day: number) {}

  addPrediction(ts: number, latencyMs: number, costUsd: number, tokensIn: number, tokensOut: number, isError: boolean, rate: number): void {
    const w = 1 / rate;
    this.n++;
    this.w += w;
    if (rate < 1) {
      this.sampled++;
      if (rate < this.minRate) this.minRate = rate;
    }
    if (isError) {
      this.errors++;
      this.errorsW += w;
    }
    if (costUsd === costUsd) this.costW += costUsd * w;
    if (tokensIn === tokensIn) this.tokensInW += tokensIn * w;
    if (tokensOut === tokensOut) this.tokensOutW += tokensOut * w;
    if (ts < this.tsMin) this.tsMin = ts;
    if (ts > this.tsMax) this.tsMax = ts;
    if (latencyMs === latencyMs) (this.latency ??= newSketch()).accept(latencyMs, w);
  }

  /** A label newly joined to a prediction of this day (a replaced label is not counted again). */
  addLabel(latencyMs: number, rate: number): void {
    const w = 1 / rate;
    this.labeled++;
    this.labeledW += w;
    (this.labelLatency ??= newSketch()).accept(latencyMs, w);
  }
}

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

type Store = DDSketch["store"];
const SKETCH_FORMAT = 1;

/**
 * A sketch as bytes: float64 [format, zeroCount, then per store (positive, negative) minKey,
 * length, bin counts from minKey]. The library's own protobuf form (toProto/fromProto) decodes at
 * ≈ 0.4 ms a sketch, which made a 180-row page cost 170 ms; this one is a copy. The mapping is
 * not stored: every sketch here has SKETCH_RELATIVE_ACCURACY (a change would bump the format).
 */
export function sketchBytes(s: DDSketch): Buffer {
  const pos = storeRange(s.store);
  const neg = storeRange(s.negativeStore);
  const out = new Float64Array(2 + 2 + pos.length + 2 + neg.length);
  out[0] = SKETCH_FORMAT;
  out[1] = s.zeroCount;
  let at = 2;
  for (const r of [pos, neg]) {
    out[at++] = r.minKey;
    out[at++] = r.length;
    out.set(r.bins, at);
    at += r.length;
  }
  return Buffer.from(out.buffer);
}

function storeRange(store: Store): { minKey: number; length: number; bins: number[] } {
  if (store.count === 0) return { minKey: 0, length: 0, bins: [] };
  const from = store.minKey - store.offset;
  const bins = store.bins.slice(from, from + store.maxKey - store.minKey + 1);
  return { minKey: store.minKey, length: bins.length, bins };
}

export function readSketch(bytes: Uint8Array | null | undefined): DDSketch | null {
  if (!bytes || !bytes.length) return null;
  const f = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(f.buffer).set(bytes);
  if (f[0] !== SKETCH_FORMAT) throw new Error(`unknown sketch format ${f[0]}`);
  const s = newSketch();
  s.zeroCount = f[1]!;
  let at = 2;
  for (const store of [s.store, s.negativeStore]) {
    const minKey = f[at++]!;
    const length = f[at++]!;
    if (length > 0) {
      const bins = Array.from(f.subarray(at, at + length));
      store.bins = bins;
      store.offset = minKey;
      store.minKey = minKey;
      store.maxKey = minKey + length - 1;
      let count = 0;
      for (const c of bins) count += c;
      store.count = count;
    }
    at += length;
  }
  s.count = s.zeroCount + s.store.count + s.negativeStore.count;
  return s;
}

/**
 * `b` added into `a`. Not DDSketch#merge: in sketches-js 2.1.1 it drops `b`'s negative values
 * (label latency is negative when a label is timestamped before its prediction).
 */
export function mergeSketch(a: DDSketch, b: DDSketch): void {
  if (b.count === 0) return;
  a.store.merge(b.store);
  a.negativeStore.merge(b.negativeStore);
  a.zeroCount += b.zeroCount;
  a.count += b.count;
  a.sum += b.sum;
  if (b.min < a.min) a.min = b.min;
  if (b.max > a.max) a.max = b.max;
}

/** The stored sketch merged with the delta's (either may be absent), serialized. */
export function mergeSketchBytes(stored: Uint8Array | null | undefined, delta: DDSketch | null): Buffer | null {
  if (!delta) return stored && stored.length ? Buffer.from(stored) : null;
  const s = readSketch(stored);
  if (s) mergeSketch(s, delta);
  return sketchBytes(s ?? delta);
}

/**
 * Label counters after applying labels: `labels` (by request id) minus those stored `before`
 * are new; a new one waits when no prediction of its request is stored (`predicted`).
 */
export function labelStatsDelta(labels: Iterable<string>, before: { has(id: string): boolean }, predicted: Set<string>): { added: number; waiting: number } {
  let added = 0;
  let waiting = 0;
  for (const id of labels) {
    if (before.has(id)) continue;
    added++;
    if (!predicted.has(id)) waiting++;
  }
  return { added, waiting };
}

/** Deltas by UTC day for one series. */
export class SeriesRollup {
  readonly days = new Map<number, RollupDelta>();
  at(day: number): RollupDelta {
    let d = this.days.get(day);
    if (!d) this.days.set(day, (d = new RollupDelta(day)));
    return d;
  }
}

/** The sample rate of row i of a segment's `$sample_rate` column (NaN → 1). */
export function rateAt(rates: Float64Array | null, i: number): number {
  const r = rates ? rates[i]! : NaN;
  return r === r ? r : 1;
}

/** A stored segment's per-row serving columns, as the backfill reads them. */
export function servingColumns(blob: DecodedBlob) {
  const f = (name: string) => {
    const c = blob.byName.get(name);
    return c ? readF64(blob, c) : null;
  };
  const err = blob.byName.get(COL.error);
  return {
    ts: f(COL.ts)!,
    latency: f(COL.latencyMs),
    cost: f(COL.costUsd),
    tokensIn: f(COL.tokensIn),
    tokensOut: f(COL.tokensOut),
    rates: f(COL.sampleRate),
    errors: err ? readCodes(blob, err) : null,
  };
}

/**
 * Recounts a series from its stored segments and label links (the backfill of segments written
 * before rollups existed, and the tests' reference): same deltas as ingest builds.
 */
export function rollupFromSegments(
  segments: Iterable<{ id: number; data: Uint8Array }>,
  links: (segmentId: number) => Iterable<{ row: number; latency_ms: number }>,
): SeriesRollup {
  const out = new SeriesRollup();
  for (const seg of segments) {
    const c = servingColumns(decodeHeader(seg.data));
    const n = c.ts.length;
    for (let i = 0; i < n; i++) {
      out
        .at(dayOf(c.ts[i]!))
        .addPrediction(c.ts[i]!, c.latency?.[i] ?? NaN, c.cost?.[i] ?? NaN, c.tokensIn?.[i] ?? NaN, c.tokensOut?.[i] ?? NaN, c.errors ? c.errors[i]! >= 0 : false, rateAt(c.rates, i));
    }
    for (const l of links(seg.id)) out.at(dayOf(c.ts[l.row]!)).addLabel(l.latency_ms, rateAt(c.rates, l.row));
  }
  return out;
}

/** A pred_rollup row as both backends read it. */
export interface RollupRow {
  version: string;
  day: number;
  n: number;
  w: number;
  errors: number;
  errors_w: number;
  cost_w: number;
  tokens_in_w: number;
  tokens_out_w: number;
  sampled: number;
  min_rate: number;
  ts_min: number | null;
  ts_max: number | null;
  latency: Uint8Array | null;
  labeled: number;
  labeled_w: number;
  label_latency: Uint8Array | null;
}

const SCALARS = "day, n, w, errors, errors_w, cost_w, tokens_in_w, tokens_out_w, sampled, min_rate, ts_min, ts_max";

/** The column list both backends write and SQLite selects, in RollupRow's order. */
export const ROLLUP_COLUMNS = `${SCALARS}, latency, labeled, labeled_w, label_latency`;

/** PostgreSQL's select: sketches as base64 text, which pg parses a third faster than bytea's hex (`fromBase64Sketches`). */
export const PG_ROLLUP_SELECT = `${SCALARS}, encode(latency, 'base64') AS latency, labeled, labeled_w, encode(label_latency, 'base64') AS label_latency`;

export function fromBase64Sketches(rows: (Omit<RollupRow, "latency" | "label_latency"> & { latency: string | null; label_latency: string | null })[]): RollupRow[] {
  return rows.map((r) => ({
    ...r,
    latency: r.latency === null ? null : Buffer.from(r.latency, "base64"),
    label_latency: r.label_latency === null ? null : Buffer.from(r.label_latency, "base64"),
  }));
}

/** The values of one upsert: scalars to add, sketches already merged with the stored ones. */
export function upsertValues(seriesId: number, d: RollupDelta, latency: Buffer | null, labelLatency: Buffer | null) {
  return [
    seriesId,
    d.day,
    d.n,
    d.w,
    d.errors,
    d.errorsW,
    d.costW,
    d.tokensInW,
    d.tokensOutW,
    d.sampled,
    d.minRate,
    d.tsMin === Infinity ? null : d.tsMin,
    d.tsMax === -Infinity ? null : d.tsMax,
    latency,
    d.labeled,
    d.labeledW,
    labelLatency,
  ] as const;
}

/**
 * The upsert shared by both backends: `t` qualifies the stored row (PostgreSQL wants the table
 * name), `lo`/`hi` are the two-argument min/max (SQLite min/max, PostgreSQL least/greatest).
 */
export function upsertSql(placeholders: string, t: string, lo: "min" | "least", hi: "max" | "greatest"): string {
  return `INSERT INTO pred_rollup (series_id, ${ROLLUP_COLUMNS}) VALUES (${placeholders})
    ON CONFLICT (series_id, day) DO UPDATE SET n = ${t}.n + excluded.n, w = ${t}.w + excluded.w,
      errors = ${t}.errors + excluded.errors, errors_w = ${t}.errors_w + excluded.errors_w, cost_w = ${t}.cost_w + excluded.cost_w,
      tokens_in_w = ${t}.tokens_in_w + excluded.tokens_in_w, tokens_out_w = ${t}.tokens_out_w + excluded.tokens_out_w,
      sampled = ${t}.sampled + excluded.sampled, min_rate = ${lo}(${t}.min_rate, excluded.min_rate),
      ts_min = coalesce(${lo}(${t}.ts_min, excluded.ts_min), ${t}.ts_min, excluded.ts_min),
      ts_max = coalesce(${hi}(${t}.ts_max, excluded.ts_max), ${t}.ts_max, excluded.ts_max),
      latency = excluded.latency, labeled = ${t}.labeled + excluded.labeled, labeled_w = ${t}.labeled_w + excluded.labeled_w,
      label_latency = excluded.label_latency`;
}

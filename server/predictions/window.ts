import type Database from "better-sqlite3";
import {
  createFrame,
  takeRows,
  type CategoricalColumn,
  type Column,
  type Frame,
} from "../../plugins/sdk";
import { decodeHeader, readF64, type DecodedBlob } from "./codec";
import { compileContract, type ContractFeature, type ContractRow } from "./contract";
import { COHORT_PREFIX, COL, FEATURE_PREFIX } from "./columns";
import { CategoricalSink, NumericSink, makeSink, type Sink, type Target } from "./sinks";
import type { WindowQuery, WindowResult } from "./repository";

/**
 * The read side: a window (model, version(s), time range, cohort filter) or a baseline as a
 * columnar Frame (plugins/sdk). Per segment and column this is one memcpy (numeric) or one small
 * code remap (categorical); nothing is materialised per row. See STORAGE.md for the figures.
 */

export type { WindowQuery, WindowResult };

function targetFor(contract: ContractFeature | undefined, kinds: Set<string>): Target {
  if (contract) return contract.type === "numeric" ? "numeric" : "categorical";
  return kinds.has("dict") || kinds.has("json") ? "categorical" : "numeric";
}

export function contractOf(db: Database.Database, modelId: string): ContractFeature[] {
  return compileContract(
    db.prepare<[string], ContractRow>(`SELECT name, type, nullable, min, max, categories FROM "FeatureContract" WHERE modelId = ? ORDER BY position, name`).all(modelId),
  );
}

function cohortMask(frame: Frame, cohort: Record<string, string | string[]>): Int32Array {
  let keep: Uint8Array = new Uint8Array(frame.length).fill(1);
  for (const [name, wanted] of Object.entries(cohort)) {
    const col = frame.cohorts?.[name] ?? frame.features[name];
    const allowed = new Set(Array.isArray(wanted) ? wanted : [wanted]);
    const next = new Uint8Array(frame.length);
    if (col?.type === "categorical") {
      const ok = new Uint8Array(col.dictionary.length);
      col.dictionary.forEach((s, i) => (ok[i] = allowed.has(s) ? 1 : 0));
      for (let i = 0; i < frame.length; i++) next[i] = keep[i]! & (col.codes[i]! >= 0 ? ok[col.codes[i]!]! : 0);
    } else if (col?.type === "numeric") {
      const nums = new Set([...allowed].map(Number));
      for (let i = 0; i < frame.length; i++) next[i] = keep[i]! & (nums.has(col.values[i]!) ? 1 : 0);
    }
    keep = next;
  }
  let count = 0;
  for (let i = 0; i < keep.length; i++) count += keep[i]!;
  const rows = new Int32Array(count);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) rows[j++] = i;
  return rows;
}

/**
 * The window's frame with the serving columns that are not frame fields — error, tokens_in,
 * tokens_out — added as features under the file-column names the cost evaluators read (the same
 * names `evalbook evaluate` uses for CSV/Parquet). Only cost evaluations want them: as features
 * they would otherwise show up in drift and quality checks.
 */
export function frameWithServingColumns(w: WindowResult): Frame {
  const extra: Record<string, Column> = {};
  if (w.error) extra.error = w.error;
  if (w.tokensIn) extra.tokens_in = { type: "numeric", values: w.tokensIn };
  if (w.tokensOut) extra.tokens_out = { type: "numeric", values: w.tokensOut };
  if (!Object.keys(extra).length) return w.frame;
  return { ...w.frame, features: { ...extra, ...w.frame.features } };
}

/** One stored segment as the read path needs it (from either backend). */
export interface SegmentRow {
  id: number;
  n: number;
  ts_min: number;
  ts_max: number;
  data: Uint8Array;
}

/** A label_link row: segment id, row in the segment, numeric value, text value (and, for label times, label − prediction ms). */
export type LabelLinkRow = [number, number, number | null, string | null, number?];

interface PlannedSegment {
  id: number;
  version: string;
  blob: DecodedBlob;
  n: number;
  sel: Int32Array | null;
  pos: number;
}

/** The segments of a window and their rows; `lo`/`hi` bound their ids for the label read. */
export interface WindowPlan {
  segs: PlannedSegment[];
  total: number;
  lo: number;
  hi: number;
}

/** The window's time range with open ends filled in (epoch ms, [from, to)). */
export function windowRange(q: Pick<WindowQuery, "from" | "to">): { from: number; to: number } {
  return { from: q.from ?? -8.64e15, to: q.to ?? 8.64e15 };
}

export function wantedVersions(q: WindowQuery): Set<string> | null {
  return q.version === undefined ? null : new Set(Array.isArray(q.version) ? q.version : [q.version]);
}

/** Step 1, backend-neutral: segments in range and, for those that straddle it, the selected rows. */
export function planWindow(rows: Iterable<{ version: string; row: SegmentRow }>, q: WindowQuery): WindowPlan {
  const { from, to } = windowRange(q);
  const segs: PlannedSegment[] = [];
  let total = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const { version, row } of rows) {
    const blob = decodeHeader(row.data);
    let sel: Int32Array | null = null;
    if (row.ts_min < from || row.ts_max >= to) {
      const ts = readF64(blob, blob.byName.get(COL.ts)!);
      const picked: number[] = [];
      for (let i = 0; i < ts.length; i++) if (ts[i]! >= from && ts[i]! < to) picked.push(i);
      sel = Int32Array.from(picked);
    }
    const n = sel ? sel.length : row.n;
    if (n === 0) continue;
    segs.push({ id: row.id, version, blob, n: row.n, sel, pos: total });
    total += n;
    if (row.id < lo) lo = row.id;
    if (row.id > hi) hi = row.id;
  }
  return { segs, total, lo, hi };
}

export function loadWindow(db: Database.Database, q: WindowQuery): WindowResult {
  const started = performance.now();
  const model = db.prepare<[string], { task: string }>(`SELECT task FROM "Model" WHERE id = ?`).get(q.modelId);
  const versions = wantedVersions(q);
  const series = db
    .prepare<[string], { id: number; version: string }>(`SELECT id, version FROM pred_series WHERE model_id = ?`)
    .all(q.modelId)
    .filter((s) => !versions || versions.has(s.version));
  const { from, to } = windowRange(q);
  const segStmt = db.prepare<[number, number, number], SegmentRow>(
    `SELECT id, n, ts_min, ts_max, data FROM pred_segment WHERE series_id = ? AND ts_max >= ? AND ts_min < ? ORDER BY ts_min, id`,
  );
  const plan = planWindow(
    (function* () {
      for (const s of series) for (const row of segStmt.iterate(s.id, from, to)) yield { version: s.version, row };
    })(),
    q,
  );
  const labels =
    q.includeLabels !== false && plan.segs.length
      ? (db.prepare(`SELECT segment_id, row, value_num, value_text FROM label_link WHERE segment_id BETWEEN ? AND ?`).raw().iterate(plan.lo, plan.hi) as IterableIterator<LabelLinkRow>)
      : [];
  return assembleWindow(q, plan, { task: model?.task ?? "binary", contract: contractOf(db, q.modelId), labels, started });
}

/**
 * Steps 2–4, backend-neutral: the column plan (every feature / cohort seen, typed by the contract
 * or by what was stored), the copy, and the labels joined to the window's rows.
 */
export function assembleWindow(
  q: WindowQuery,
  plan: WindowPlan,
  ctx: { task: string; contract: ContractFeature[]; labels: Iterable<LabelLinkRow>; started: number },
): WindowResult {
  const { segs, total } = plan;
  const { task, contract, started } = ctx;
  const contractByName = new Map(contract.map((f) => [f.name, f]));
  const featureKinds = new Map<string, Set<string>>();
  const cohortNames = new Set<string>();
  for (const f of contract) featureKinds.set(f.name, new Set());
  for (const s of segs) {
    for (const c of s.blob.header.cols) {
      if (c.name.startsWith(FEATURE_PREFIX)) {
        const name = c.name.slice(FEATURE_PREFIX.length);
        let k = featureKinds.get(name);
        if (!k) featureKinds.set(name, (k = new Set()));
        k.add(c.t);
      } else if (c.name.startsWith(COHORT_PREFIX)) cohortNames.add(c.name.slice(COHORT_PREFIX.length));
    }
  }
  const wanted = q.features ? new Set(q.features) : null;
  const features = new Map<string, Sink>();
  for (const [name, kinds] of featureKinds) if (!wanted || wanted.has(name)) features.set(name, makeSink(targetFor(contractByName.get(name), kinds), total));
  const cohorts = new Map<string, CategoricalSink>();
  for (const name of cohortNames) cohorts.set(name, new CategoricalSink(total));
  const predTarget: Target = task === "binary" || task === "regression" ? "numeric" : "categorical";
  const prediction = makeSink(predTarget, total);
  const timestamp = new NumericSink(total);
  const latency = new NumericSink(total);
  const cost = new NumericSink(total);
  const tokIn = new NumericSink(total);
  const tokOut = new NumericSink(total);
  const errors = new CategoricalSink(total);
  const version = new CategoricalSink(total);
  const requestIds = q.includeRequestIds ? new CategoricalSink(total) : null;
  const rates = new NumericSink(total);
  let anyTokens = false;
  let anyError = false;
  let anySampled = false;

  // 3. Copy.
  for (const s of segs) {
    const { blob, pos, sel, n } = s;
    const by = blob.byName;
    for (const [name, sink] of features) sink.append(blob, by.get(FEATURE_PREFIX + name), pos, sel, n);
    for (const [name, sink] of cohorts) sink.append(blob, by.get(COHORT_PREFIX + name), pos, sel, n);
    if (predTarget === "numeric") prediction.append(blob, by.get(COL.predNum), pos, sel, n);
    // A ranking row that logged its whole list (JSON ids in rank order) is evaluated on the list, not its top item.
    else prediction.append(blob, (task === "ranking" ? by.get(COL.predJson) : undefined) ?? by.get(COL.predClass) ?? by.get(COL.predNum), pos, sel, n);
    timestamp.append(blob, by.get(COL.ts), pos, sel, n);
    latency.append(blob, by.get(COL.latencyMs), pos, sel, n);
    cost.append(blob, by.get(COL.costUsd), pos, sel, n);
    if (by.has(COL.tokensIn)) {
      anyTokens = true;
      tokIn.append(blob, by.get(COL.tokensIn), pos, sel, n);
      tokOut.append(blob, by.get(COL.tokensOut), pos, sel, n);
    }
    if (by.has(COL.sampleRate)) {
      anySampled = true;
      rates.append(blob, by.get(COL.sampleRate), pos, sel, n);
    }
    if (by.has(COL.error)) {
      anyError = true;
      errors.append(blob, by.get(COL.error), pos, sel, n);
    }
    const v = version.code(s.version);
    version.codes.fill(v, pos, pos + (sel ? sel.length : n));
    if (requestIds) requestIds.append(blob, by.get(COL.requestId), pos, sel, n);
  }

  // 4. Labels joined to the window's rows.
  let label: Column | undefined;
  let labelAt: Float64Array | undefined = q.includeLabelTimes ? new Float64Array(total).fill(NaN) : undefined;
  if (q.includeLabels !== false && segs.length) {
    const where = new Map<number, (typeof segs)[number]>();
    for (const s of segs) where.set(s.id, s);
    const nums = new Float64Array(total).fill(NaN);
    let texts: (string | null)[] | null = null;
    let any = false;
    for (const r of ctx.labels) {
      const s = where.get(r[0]);
      if (!s) continue;
      let at: number;
      if (!s.sel) at = s.pos + r[1];
      else {
        const k = binarySearch(s.sel, r[1]);
        if (k < 0) continue;
        at = s.pos + k;
      }
      any = true;
      if (labelAt) labelAt[at] = timestamp.values[at]! + Number(r[4]);
      if (r[2] !== null) nums[at] = r[2];
      else {
        texts ??= new Array<string | null>(total).fill(null);
        texts[at] = r[3];
      }
    }
    if (any) {
      if (!texts) label = { type: "numeric", values: nums };
      else {
        const sink = new CategoricalSink(total);
        for (let i = 0; i < total; i++) {
          const t = texts[i] ?? (nums[i] === nums[i] ? String(nums[i]) : null);
          if (t !== null) sink.codes[i] = sink.code(t);
        }
        label = sink.column();
      }
    }
  }

  const featureCols: Record<string, Column> = {};
  for (const [name, sink] of features) featureCols[name] = sink.column();
  const cohortCols: Record<string, CategoricalColumn> = {};
  for (const [name, sink] of cohorts) cohortCols[name] = sink.column();
  let frame = createFrame(
    {
      features: featureCols,
      cohorts: cohortCols,
      prediction: prediction.column(),
      label,
      timestamp: timestamp.values,
      latencyMs: latency.values,
      costUsd: cost.values,
      requestId: requestIds?.column(),
    },
    total,
  );
  let versionCol = version.column();
  let errorCol = anyError ? errors.column() : undefined;
  let tokensIn = anyTokens ? tokIn.values : undefined;
  let tokensOut = anyTokens ? tokOut.values : undefined;
  // Row weights 1 / sample rate (rows stored without a rate were logged at 1).
  let weights = anySampled ? rates.values.map((r) => (r === r ? 1 / r : 1)) : undefined;
  if (q.cohort && Object.keys(q.cohort).length) {
    const rows = cohortMask(frame, q.cohort);
    frame = takeRows(frame, rows);
    const pick = <T extends Float64Array | Int32Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = a[rows[i]!]!;
      return out;
    };
    versionCol = { ...versionCol, codes: pick(versionCol.codes) };
    if (errorCol) errorCol = { ...errorCol, codes: pick(errorCol.codes) };
    if (tokensIn) tokensIn = pick(tokensIn);
    if (tokensOut) tokensOut = pick(tokensOut);
    if (labelAt) labelAt = pick(labelAt);
    if (weights) weights = pick(weights);
  }
  return {
    frame,
    version: versionCol,
    error: errorCol,
    tokensIn,
    tokensOut,
    labelAt,
    weights,
    stats: { segments: segs.length, rows: frame.length, ms: Math.round(performance.now() - started) },
  };
}

/** A segment of a window before its bytes are read. */
export interface SegmentMeta {
  id: number;
  version: string;
  n: number;
}

/** What `iterateWindow` needs from a backend: the window's segments (in output order) and two fetches. */
export interface WindowChunkSource {
  task: string;
  contract: ContractFeature[];
  segments: SegmentMeta[];
  fetchSegments(ids: number[]): Promise<SegmentRow[]> | SegmentRow[];
  /** label_link rows of these segments, with latency_ms as the fifth value. */
  fetchLabels(ids: number[]): Promise<LabelLinkRow[]> | LabelLinkRow[];
}

const MAX_SEGMENTS_PER_CHUNK = 500;

/**
 * The window as chunks of consecutive segments of one version (≤ `chunkRows` rows, or one bigger
 * segment), each planned and assembled like `loadWindow`: only one chunk's bytes are in memory.
 */
export async function* iterateWindowChunks(q: WindowQuery, src: WindowChunkSource, chunkRows: number): AsyncGenerator<WindowResult> {
  let windowRows = 0;
  for (const s of src.segments) windowRows += s.n;
  const emit = async (group: SegmentMeta[]) => {
    const started = performance.now();
    const ids = group.map((g) => g.id);
    const version = group[0]!.version;
    const plan = planWindow(
      (await src.fetchSegments(ids)).map((row) => ({ version, row })),
      q,
    );
    if (!plan.segs.length) return null;
    const labels = q.includeLabels !== false ? await src.fetchLabels(ids) : [];
    const w = assembleWindow(q, plan, { task: src.task, contract: src.contract, labels, started });
    w.stats.windowRows = windowRows;
    return w;
  };
  let group: SegmentMeta[] = [];
  let rows = 0;
  for (const s of src.segments) {
    if (group.length && (group[0]!.version !== s.version || rows + s.n > chunkRows || group.length >= MAX_SEGMENTS_PER_CHUNK)) {
      const w = await emit(group);
      if (w?.frame.length) yield w;
      group = [];
      rows = 0;
    }
    group.push(s);
    rows += s.n;
  }
  if (group.length) {
    const w = await emit(group);
    if (w?.frame.length) yield w;
  }
}

/** The series of a model in the order a query names its versions (all: as stored). */
export function orderedSeries<S extends { version: string }>(series: S[], q: WindowQuery): S[] {
  if (q.version === undefined) return series;
  const order = Array.isArray(q.version) ? q.version : [q.version];
  const byVersion = new Map(series.map((s) => [s.version, s]));
  return order.flatMap((v) => byVersion.get(v) ?? []);
}

function binarySearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

import { ColumnBuilder, decodeHeader, encodeBlob, readCodes, readF64, readJson, type DecodedBlob, type EncodedColumn } from "./codec";
import { COL } from "./columns";
import { dayOf } from "./rollup";

/**
 * Rewriting stored segments (compaction and retention, maintenance.ts / pg-maintenance.ts): several
 * segments of one series — each with an optional selection of its rows — become one blob whose
 * rows are the kept rows in segment order. Every column keeps its kind (f64, dict, json), so a
 * window reads the same values before and after; dense or sparse is decided again for the new size.
 */

export interface SegmentToMerge {
  id: number;
  data: Uint8Array;
  /** Rows of the segment to keep, ascending; all when absent. */
  keep?: Int32Array;
}

export interface MergedSegment {
  blob: Buffer;
  n: number;
  tsMin: number;
  tsMax: number;
  /** Per new row: the request id (pred_key's key). */
  requestIds: string[];
  /** Per input segment: old row → new row (-1 = dropped). */
  rowMaps: Map<number, Int32Array>;
}

/**
 * What must agree for two segments to share a blob: the set of `$` columns (a segment without
 * `$pred_class` reads its prediction from `$pred_num`, one without `$sample_rate` has no weights)
 * and the kind of every feature or cohort both carry (a feature stored as numbers in one batch and
 * as strings in another is typed per window by what the window's segments hold).
 */
export function mergeable(a: DecodedBlob, b: DecodedBlob): boolean {
  const dollars = (x: DecodedBlob) =>
    x.header.cols
      .filter((c) => c.name.startsWith("$"))
      .map((c) => c.name)
      .sort()
      .join(",");
  if (dollars(a) !== dollars(b)) return false;
  for (const c of a.header.cols) {
    const o = b.byName.get(c.name);
    if (o && o.t !== c.t) return false;
  }
  return true;
}

/** True when every row of the segment falls on one UTC day (compaction never merges across days). */
export function oneDay(tsMin: number, tsMax: number): boolean {
  return dayOf(tsMin) === dayOf(tsMax);
}

export function mergeSegments(segments: SegmentToMerge[]): MergedSegment {
  const decoded = segments.map((s) => ({ s, blob: decodeHeader(s.data) }));
  const rowMaps = new Map<number, Int32Array>();
  let n = 0;
  for (const { s, blob } of decoded) {
    const map = new Int32Array(blob.header.n).fill(-1);
    if (s.keep) for (const r of s.keep) map[r] = n++;
    else for (let r = 0; r < blob.header.n; r++) map[r] = n++;
    rowMaps.set(s.id, map);
  }
  // Column order: first appearance, so a merge of same-shaped segments keeps their layout.
  const order: { name: string; t: "f64" | "dict" | "json" }[] = [];
  const seen = new Set<string>();
  for (const { blob } of decoded)
    for (const c of blob.header.cols)
      if (!seen.has(c.name)) {
        seen.add(c.name);
        order.push({ name: c.name, t: c.t });
      }
  const cols: EncodedColumn[] = [];
  for (const { name, t } of order) {
    if (t === "json") {
      const values: (string | null)[] = new Array(n).fill(null);
      for (const { s, blob } of decoded) {
        const c = blob.byName.get(name);
        if (!c) continue;
        const src = readJson(blob, c);
        const map = rowMaps.get(s.id)!;
        for (let r = 0; r < map.length; r++) if (map[r]! >= 0) values[map[r]!] = src[r] ?? null;
      }
      cols.push({ name, kind: "json", values });
    } else if (t === "f64") {
      const b = new ColumnBuilder(n);
      for (const { s, blob } of decoded) {
        const c = blob.byName.get(name);
        if (!c) continue;
        const src = readF64(blob, c);
        const map = rowMaps.get(s.id)!;
        for (let r = 0; r < map.length; r++) if (map[r]! >= 0) b.set(map[r]!, src[r]);
      }
      cols.push(denseCore(name) ? denseF64(name, b, n) : b.toColumn(name));
    } else {
      const b = new ColumnBuilder(n);
      for (const { s, blob } of decoded) {
        const c = blob.byName.get(name);
        if (!c) continue;
        const codes = readCodes(blob, c);
        const dict = c.dict ?? [];
        const map = rowMaps.get(s.id)!;
        for (let r = 0; r < map.length; r++) if (map[r]! >= 0 && codes[r]! >= 0) b.set(map[r]!, dict[codes[r]!]!);
      }
      cols.push(b.toColumn(name, true));
    }
  }
  const ts = cols.find((c) => c.name === COL.ts);
  const tsValues = ts && ts.kind === "f64" ? ts.values : new Float64Array(0);
  let tsMin = Infinity;
  let tsMax = -Infinity;
  for (const v of tsValues) {
    if (v < tsMin) tsMin = v;
    if (v > tsMax) tsMax = v;
  }
  const rid = cols.find((c) => c.name === COL.requestId);
  const requestIds = rid && rid.kind === "json" ? (rid.values as string[]) : [];
  return { blob: encodeBlob(n, cols), n, tsMin, tsMax, requestIds, rowMaps };
}

/** The columns every segment stores densely (segment.ts): kept dense so readers see the usual layout. */
function denseCore(name: string): boolean {
  return name === COL.ts || name === COL.predNum || name === COL.latencyMs || name === COL.costUsd || name === COL.tokensIn || name === COL.tokensOut;
}

function denseF64(name: string, b: ColumnBuilder, n: number): EncodedColumn {
  const col = b.toColumn(name);
  if (col.kind !== "f64" || !col.rows) return col;
  const values = new Float64Array(n).fill(NaN);
  for (let i = 0; i < col.rows.length; i++) values[col.rows[i]!] = col.values[i]!;
  return { name, kind: "f64", values };
}

/**
 * Where the input segments' keyed rows went, for moving pred_key and label_link rows: kept rows
 * (request id, old segment, old row → new row) and dropped ones (request id, old segment), in
 * segment then row order.
 */
export interface RowMoves {
  moved: { ids: string[]; from: number[]; oldRows: number[]; newRows: number[] };
  dropped: { ids: string[]; from: number[] };
}

export function rowMoves(segments: SegmentToMerge[], merged: MergedSegment): RowMoves {
  const out: RowMoves = { moved: { ids: [], from: [], oldRows: [], newRows: [] }, dropped: { ids: [], from: [] } };
  for (const s of segments) {
    const blob = decodeHeader(s.data);
    const ids = readJson(blob, blob.byName.get(COL.requestId)!) as string[];
    const map = merged.rowMaps.get(s.id)!;
    for (let r = 0; r < ids.length; r++) {
      if (map[r]! >= 0) {
        out.moved.ids.push(ids[r]!);
        out.moved.from.push(s.id);
        out.moved.oldRows.push(r);
        out.moved.newRows.push(map[r]!);
      } else {
        out.dropped.ids.push(ids[r]!);
        out.dropped.from.push(s.id);
      }
    }
  }
  return out;
}

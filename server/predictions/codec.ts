/**
 * The columnar codec shared by prediction segments and baseline chunks (see STORAGE.md).
 *
 * A blob is: u32 LE header length · UTF-8 JSON header · zero padding to 8 bytes · column data.
 * Column kinds:
 * - "f64"  — n little-endian float64 values, NaN = missing (numbers, 0/1, timestamps, latency…)
 * - "dict" — n little-endian int32 codes into the header's `dict`, -1 = missing (strings)
 * - "json" — a UTF-8 JSON array of n strings-or-null (raw structured values, read rarely)
 * Each column's data starts at an 8-byte aligned offset, so a reader copies it byte-for-byte
 * straight into the destination typed array (one memcpy per column per segment, no per-value work).
 */
import { DictionaryEncoder } from "../../plugins/sdk";

export type CellValue = number | string | boolean | null | undefined;

export interface ColumnHeader {
  name: string;
  t: "f64" | "dict" | "json";
  /** Byte offset of the column data, relative to the start of the data section. */
  off: number;
  len: number;
  dict?: string[];
  /**
   * Sparse columns only (f64 and dict): byte offset of `k` int32 row numbers, in ascending order;
   * the data then holds k values for those rows and every other row is missing.
   */
  rows?: number;
  k?: number;
}

export interface BlobHeader {
  n: number;
  cols: ColumnHeader[];
}

/**
 * Collects one column's values row by row (rows in ascending order); decides numeric vs
 * dictionary and dense vs sparse at the end. Memory is proportional to the values set, not to the
 * row count, so a feature present in one row of a batch costs one entry.
 */
export class ColumnBuilder {
  /**
   * A numeric column that fills a quarter of its rows moves to a dense array (NaN = missing) and
   * further numbers are written in place — no pushes on the hot path of a feature every row has —
   * while a rare one stays in row/value lists, so memory still follows the values set. The first
   * string moves everything back to the lists the dictionary path uses.
   */
  private dense: Float64Array | null = null;
  private denseCount = 0;
  private readonly rows: number[] = [];
  private readonly values: (number | string)[] = [];
  private hasString = false;

  constructor(readonly n: number) {}

  set(row: number, v: CellValue): void {
    if (v === null || v === undefined) return;
    if (typeof v === "number") {
      if (v !== v) return;
      if (this.dense) {
        this.dense[row] = v;
        this.denseCount++;
        return;
      }
      if (!this.hasString && this.rows.length >= this.n >> 2 && this.n >= 64) {
        this.toDense();
        this.dense![row] = v;
        this.denseCount++;
        return;
      }
    } else {
      if (this.dense) this.toLists();
      this.hasString = true;
      if (typeof v === "boolean") v = v ? "true" : "false";
    }
    this.rows.push(row);
    this.values.push(v);
  }

  private toDense(): void {
    const d = new Float64Array(this.n).fill(NaN);
    for (let i = 0; i < this.rows.length; i++) d[this.rows[i]!] = this.values[i] as number;
    this.denseCount = this.rows.length;
    this.rows.length = 0;
    this.values.length = 0;
    this.dense = d;
  }

  /** Back from the dense array to row/value lists (rows ascending). */
  private toLists(): void {
    const d = this.dense!;
    for (let i = 0; i < d.length; i++) {
      if (d[i] !== d[i]) continue;
      this.rows.push(i);
      this.values.push(d[i]!);
    }
    this.dense = null;
    this.denseCount = 0;
  }

  get isNumeric(): boolean {
    return !this.hasString;
  }

  /** How many rows hold a value. */
  get count(): number {
    return this.dense ? this.denseCount : this.rows.length;
  }

  /** The column as f64 (numeric) or dictionary codes, stored sparsely when that is smaller. */
  toColumn(name: string, asDict = false): EncodedColumn {
    if (this.dense && asDict) this.toLists();
    if (this.dense) {
      const k = this.denseCount;
      const dense = this.dense;
      // dense: 8 bytes per row; sparse: 4 + 8 bytes per present value
      if (k * 12 >= this.n * 8) return { name, kind: "f64", values: dense };
      const rows = new Int32Array(k);
      const values = new Float64Array(k);
      for (let i = 0, j = 0; i < dense.length && j < k; i++) {
        const v = dense[i]!;
        if (v === v) {
          rows[j] = i;
          values[j++] = v;
        }
      }
      return { name, kind: "f64", values, rows };
    }
    const k = this.rows.length;
    if (this.isNumeric && !asDict) {
      if (k * 12 < this.n * 8) return { name, kind: "f64", values: Float64Array.from(this.values as number[]), rows: Int32Array.from(this.rows) };
      const values = new Float64Array(this.n).fill(NaN);
      for (let i = 0; i < k; i++) values[this.rows[i]!] = this.values[i] as number;
      return { name, kind: "f64", values };
    }
    const encoder = new DictionaryEncoder();
    const present = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const v = this.values[i]!;
      present[i] = encoder.code(typeof v === "number" ? String(v) : v);
    }
    const dict = encoder.dictionary;
    // dense: 4 bytes per row; sparse: 4 + 4 bytes per present value
    if (k * 8 < this.n * 4) return { name, kind: "dict", codes: present, dict, rows: Int32Array.from(this.rows) };
    const codes = new Int32Array(this.n).fill(-1);
    for (let i = 0; i < k; i++) codes[this.rows[i]!] = present[i]!;
    return { name, kind: "dict", codes, dict };
  }
}

/**
 * One column from its values for every row (`undefined`/`null`/NaN = missing) in one pass — the
 * write path's column-wise form of ColumnBuilder, with the same output: numeric unless a value is a
 * string or boolean (or `asDict`), dictionary codes in order of first appearance, dense or sparse by
 * the same size rule.
 */
export function encodeColumnValues(name: string, vals: ArrayLike<CellValue>, n: number, asDict = false): EncodedColumn {
  if (!asDict) {
    const dense = new Float64Array(n);
    let k = 0;
    let i = 0;
    for (; i < n; i++) {
      const v = vals[i];
      if (typeof v === "number") {
        dense[i] = v;
        if (v === v) k++;
      } else if (v === null || v === undefined) dense[i] = NaN;
      else break;
    }
    if (i === n) {
      if (k * 12 >= n * 8) return { name, kind: "f64", values: dense };
      const rows = new Int32Array(k);
      const values = new Float64Array(k);
      for (let r = 0, j = 0; j < k; r++) {
        const v = dense[r]!;
        if (v === v) {
          rows[j] = r;
          values[j++] = v;
        }
      }
      return { name, kind: "f64", values, rows };
    }
  }
  const encoder = new DictionaryEncoder();
  const codes = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const v = vals[i];
    let s: string;
    if (typeof v === "string") s = v;
    else if (typeof v === "number") {
      if (v !== v) {
        codes[i] = -1;
        continue;
      }
      s = String(v);
    } else if (typeof v === "boolean") s = v ? "true" : "false";
    else {
      codes[i] = -1;
      continue;
    }
    codes[i] = encoder.code(s);
    k++;
  }
  const dict = encoder.dictionary;
  // dense: 4 bytes per row; sparse: 4 + 4 bytes per present value
  if (k * 8 >= n * 4) return { name, kind: "dict", codes, dict };
  const rows = new Int32Array(k);
  const present = new Int32Array(k);
  for (let r = 0, j = 0; j < k; r++) {
    if (codes[r]! < 0) continue;
    rows[j] = r;
    present[j++] = codes[r]!;
  }
  return { name, kind: "dict", codes: present, dict, rows };
}

export type EncodedColumn =
  | { name: string; kind: "f64"; values: Float64Array; rows?: Int32Array }
  | { name: string; kind: "dict"; codes: Int32Array; dict: string[]; rows?: Int32Array }
  | { name: string; kind: "json"; values: (string | null)[] };

export function builderToColumn(name: string, b: ColumnBuilder): EncodedColumn {
  return b.toColumn(name);
}

const pad8 = (x: number) => (x + 7) & ~7;

export function encodeBlob(n: number, columns: EncodedColumn[]): Buffer {
  const cols: ColumnHeader[] = [];
  const parts: Uint8Array[] = [];
  let off = 0;
  for (const c of columns) {
    let bytes: Uint8Array;
    if (c.kind === "f64") bytes = new Uint8Array(c.values.buffer, c.values.byteOffset, c.values.byteLength);
    else if (c.kind === "dict") bytes = new Uint8Array(c.codes.buffer, c.codes.byteOffset, c.codes.byteLength);
    else bytes = Buffer.from(JSON.stringify(c.values), "utf8");
    const col: ColumnHeader = { name: c.name, t: c.kind, off, len: bytes.byteLength, ...(c.kind === "dict" ? { dict: c.dict } : {}) };
    parts.push(bytes);
    off = pad8(off + bytes.byteLength);
    if (c.kind !== "json" && c.rows) {
      col.rows = off;
      col.k = c.rows.length;
      parts.push(new Uint8Array(c.rows.buffer, c.rows.byteOffset, c.rows.byteLength));
      off = pad8(off + c.rows.byteLength);
    }
    cols.push(col);
  }
  const header = Buffer.from(JSON.stringify({ n, cols } satisfies BlobHeader), "utf8");
  const dataStart = pad8(4 + header.byteLength);
  const out = Buffer.alloc(dataStart + off);
  out.writeUInt32LE(header.byteLength, 0);
  header.copy(out, 4);
  let p = 0;
  for (const col of cols) {
    out.set(parts[p++]!, dataStart + col.off);
    if (col.rows !== undefined) out.set(parts[p++]!, dataStart + col.rows);
  }
  return out;
}

export interface DecodedBlob {
  header: BlobHeader;
  byName: Map<string, ColumnHeader>;
  buf: Uint8Array;
  dataStart: number;
}

export function decodeHeader(buf: Uint8Array): DecodedBlob {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const len = view.getUint32(0, true);
  const header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 4, len).toString("utf8")) as BlobHeader;
  const byName = new Map<string, ColumnHeader>();
  for (const c of header.cols) byName.set(c.name, c);
  return { header, byName, buf, dataStart: pad8(4 + len) };
}

function sparseRows(blob: DecodedBlob, col: ColumnHeader): Int32Array {
  const out = new Int32Array(col.k!);
  const start = blob.dataStart + col.rows!;
  new Uint8Array(out.buffer).set(blob.buf.subarray(start, start + out.byteLength));
  return out;
}

/** Copies a f64 column's rows into out[pos…pos+n) — one memcpy when dense, a scatter when sparse. */
export function copyF64Into(blob: DecodedBlob, col: ColumnHeader, out: Float64Array, pos: number): void {
  const src = blob.buf.subarray(blob.dataStart + col.off, blob.dataStart + col.off + col.len);
  if (col.rows === undefined) {
    new Uint8Array(out.buffer, out.byteOffset + pos * 8, col.len).set(src);
    return;
  }
  const values = new Float64Array(col.len / 8);
  new Uint8Array(values.buffer).set(src);
  const rows = sparseRows(blob, col);
  out.fill(NaN, pos, pos + blob.header.n);
  for (let i = 0; i < rows.length; i++) out[pos + rows[i]!] = values[i]!;
}

/** A column's int32 codes (-1 = missing) for every row, as a fresh aligned array. */
export function readCodes(blob: DecodedBlob, col: ColumnHeader): Int32Array {
  const stored = new Int32Array(col.len / 4);
  new Uint8Array(stored.buffer).set(blob.buf.subarray(blob.dataStart + col.off, blob.dataStart + col.off + col.len));
  if (col.rows === undefined) return stored;
  const out = new Int32Array(blob.header.n).fill(-1);
  const rows = sparseRows(blob, col);
  for (let i = 0; i < rows.length; i++) out[rows[i]!] = stored[i]!;
  return out;
}

export function readF64(blob: DecodedBlob, col: ColumnHeader): Float64Array {
  const out = new Float64Array(col.rows === undefined ? col.len / 8 : blob.header.n);
  copyF64Into(blob, col, out, 0);
  return out;
}

export function readJson(blob: DecodedBlob, col: ColumnHeader): (string | null)[] {
  const start = blob.dataStart + col.off;
  return JSON.parse(Buffer.from(blob.buf.buffer, blob.buf.byteOffset + start, col.len).toString("utf8")) as (string | null)[];
}

/** Row values of any column kind, for small reads (previews, tests). */
export function readCells(blob: DecodedBlob, col: ColumnHeader): (number | string | null)[] {
  if (col.t === "f64") return Array.from(readF64(blob, col), (x) => (x !== x ? null : x));
  if (col.t === "json") return readJson(blob, col);
  const dict = col.dict ?? [];
  return Array.from(readCodes(blob, col), (c) => (c < 0 ? null : dict[c]!));
}

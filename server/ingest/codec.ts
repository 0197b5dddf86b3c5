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

export type CellValue = number | string | boolean | null | undefined;

export interface ColumnHeader {
  name: string;
  t: "f64" | "dict" | "json";
  /** Byte offset of the column data, relative to the start of the data section. */
  off: number;
  len: number;
  dict?: string[];
}

export interface BlobHeader {
  n: number;
  cols: ColumnHeader[];
}

/** Collects one column's values row by row; decides numeric vs dictionary at the end. */
export class ColumnBuilder {
  readonly nums: Float64Array;
  private strs: (string | undefined)[] | null = null;

  constructor(readonly n: number) {
    this.nums = new Float64Array(n).fill(NaN);
  }

  set(row: number, v: CellValue): void {
    if (v === null || v === undefined) return;
    if (typeof v === "number") this.nums[row] = v;
    else if (typeof v === "boolean") (this.strs ??= new Array(this.n))[row] = v ? "true" : "false";
    else (this.strs ??= new Array(this.n))[row] = v;
  }

  setNumber(row: number, v: number): void {
    this.nums[row] = v;
  }

  get isNumeric(): boolean {
    return this.strs === null;
  }

  /** Dictionary encoding of the column (numbers become their shortest string form). */
  toDict(): { codes: Int32Array; dict: string[] } {
    const codes = new Int32Array(this.n).fill(-1);
    const dict: string[] = [];
    const index = new Map<string, number>();
    const strs = this.strs;
    for (let i = 0; i < this.n; i++) {
      let s = strs?.[i];
      if (s === undefined) {
        const x = this.nums[i];
        if (x !== x) continue;
        s = String(x);
      }
      let code = index.get(s);
      if (code === undefined) {
        code = dict.length;
        dict.push(s);
        index.set(s, code);
      }
      codes[i] = code;
    }
    return { codes, dict };
  }
}

export type EncodedColumn =
  | { name: string; kind: "f64"; values: Float64Array }
  | { name: string; kind: "dict"; codes: Int32Array; dict: string[] }
  | { name: string; kind: "json"; values: (string | null)[] };

export function builderToColumn(name: string, b: ColumnBuilder): EncodedColumn {
  if (b.isNumeric) return { name, kind: "f64", values: b.nums };
  const { codes, dict } = b.toDict();
  return { name, kind: "dict", codes, dict };
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
    cols.push({ name: c.name, t: c.kind, off, len: bytes.byteLength, ...(c.kind === "dict" ? { dict: c.dict } : {}) });
    parts.push(bytes);
    off = pad8(off + bytes.byteLength);
  }
  const header = Buffer.from(JSON.stringify({ n, cols } satisfies BlobHeader), "utf8");
  const dataStart = pad8(4 + header.byteLength);
  const out = Buffer.alloc(dataStart + off);
  out.writeUInt32LE(header.byteLength, 0);
  header.copy(out, 4);
  for (let i = 0; i < cols.length; i++) out.set(parts[i]!, dataStart + cols[i]!.off);
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

/** Copies a f64 column's bytes into out[pos…pos+n) — one memcpy, alignment-safe. */
export function copyF64Into(blob: DecodedBlob, col: ColumnHeader, out: Float64Array, pos: number): void {
  const src = blob.buf.subarray(blob.dataStart + col.off, blob.dataStart + col.off + col.len);
  new Uint8Array(out.buffer, out.byteOffset + pos * 8, col.len).set(src);
}

/** A column's int32 codes as a fresh aligned array. */
export function readCodes(blob: DecodedBlob, col: ColumnHeader): Int32Array {
  const out = new Int32Array(col.len / 4);
  new Uint8Array(out.buffer).set(blob.buf.subarray(blob.dataStart + col.off, blob.dataStart + col.off + col.len));
  return out;
}

export function readF64(blob: DecodedBlob, col: ColumnHeader): Float64Array {
  const out = new Float64Array(col.len / 8);
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

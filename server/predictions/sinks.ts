import { parseNumberLike, type CategoricalColumn, type NumericColumn } from "../../plugins/sdk";
import { copyF64Into, readCodes, readF64, readJson, type ColumnHeader, type DecodedBlob } from "./codec";

/** Appenders that assemble one frame column from the same column of many blobs. */
export type Target = "numeric" | "categorical";

/** Appends one column's rows from many blobs into a typed output. */
export class NumericSink {
  readonly values: Float64Array;
  constructor(n: number) {
    this.values = new Float64Array(n).fill(NaN);
  }
  append(blob: DecodedBlob, col: ColumnHeader | undefined, pos: number, sel: Int32Array | null, n: number): void {
    if (!col) return; // stays NaN
    const out = this.values;
    if (col.t === "f64") {
      if (!sel) copyF64Into(blob, col, out, pos);
      else {
        const src = readF64(blob, col);
        for (let i = 0; i < sel.length; i++) out[pos + i] = src[sel[i]!]!;
      }
    } else if (col.t === "dict") {
      const parsed = (col.dict ?? []).map(parseNumberLike);
      const codes = readCodes(blob, col);
      const count = sel ? sel.length : n;
      for (let i = 0; i < count; i++) {
        const c = codes[sel ? sel[i]! : i]!;
        out[pos + i] = c < 0 ? NaN : parsed[c]!;
      }
    }
  }
  column(): NumericColumn {
    return { type: "numeric", values: this.values };
  }
}

export class CategoricalSink {
  readonly codes: Int32Array;
  readonly dictionary: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(n: number) {
    this.codes = new Int32Array(n).fill(-1);
  }
  code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dictionary.length;
      this.dictionary.push(s);
      this.index.set(s, c);
    }
    return c;
  }
  append(blob: DecodedBlob, col: ColumnHeader | undefined, pos: number, sel: Int32Array | null, n: number): void {
    if (!col) return;
    const out = this.codes;
    const count = sel ? sel.length : n;
    if (col.t === "dict") {
      const remap = Int32Array.from(col.dict ?? [], (s) => this.code(s));
      const codes = readCodes(blob, col);
      for (let i = 0; i < count; i++) {
        const c = codes[sel ? sel[i]! : i]!;
        out[pos + i] = c < 0 ? -1 : remap[c]!;
      }
    } else if (col.t === "f64") {
      const src = readF64(blob, col);
      for (let i = 0; i < count; i++) {
        const x = src[sel ? sel[i]! : i]!;
        out[pos + i] = x !== x ? -1 : this.code(String(x));
      }
    } else {
      const src = readJson(blob, col);
      for (let i = 0; i < count; i++) {
        const s = src[sel ? sel[i]! : i];
        out[pos + i] = s === null || s === undefined ? -1 : this.code(s);
      }
    }
  }
  column(): CategoricalColumn {
    return { type: "categorical", codes: this.codes, dictionary: this.dictionary };
  }
}

export type Sink = NumericSink | CategoricalSink;
export const makeSink = (t: Target, n: number): Sink => (t === "numeric" ? new NumericSink(n) : new CategoricalSink(n));

/**
 * Builds one frame column incrementally from typed values (Parquet, NDJSON): numeric until a
 * non-numeric string arrives, then dictionary-encoded (earlier numbers become their decimal text).
 */
import type { Column } from "@/plugins/sdk";
import { parseNumericToken } from "../../files/cells";
import { MISSING_TOKENS } from "../../files/missing";

export { MISSING_TOKENS, parseNumericToken };

export class ColumnBuilder {
  private numbers: Float64Array;
  private codes: Int32Array | null = null;
  private dictionary: string[] = [];
  private index = new Map<string, number>();

  constructor(private readonly length: number) {
    this.numbers = new Float64Array(length).fill(NaN);
  }

  private toCategorical(upTo: number): void {
    const codes = new Int32Array(this.length).fill(-1);
    for (let i = 0; i < upTo; i++) {
      const v = this.numbers[i];
      if (v === v) codes[i] = this.code(String(v));
    }
    this.codes = codes;
    this.numbers = new Float64Array(0);
  }

  private code(s: string): number {
    let c = this.index.get(s);
    if (c === undefined) {
      c = this.dictionary.length;
      this.dictionary.push(s);
      this.index.set(s, c);
    }
    return c;
  }

  /** Set row i from any JSON/Parquet value; `filled` = rows already set (for conversion). */
  set(i: number, v: unknown): void {
    if (v === null || v === undefined) return;
    if (this.codes) {
      const s = typeof v === "string" ? v : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
      if (!MISSING_TOKENS.has(s)) this.codes[i] = this.code(s);
      return;
    }
    if (typeof v === "number") this.numbers[i] = v;
    else if (typeof v === "bigint") this.numbers[i] = Number(v);
    else if (typeof v === "boolean") this.numbers[i] = v ? 1 : 0;
    else if (v instanceof Date) this.numbers[i] = v.getTime();
    else if (typeof v === "string") {
      const n = parseNumericToken(v);
      if (n !== undefined) this.numbers[i] = n;
      else {
        this.toCategorical(i);
        this.codes![i] = this.code(v);
      }
    } else {
      this.toCategorical(i);
      this.codes![i] = this.code(JSON.stringify(v));
    }
  }

  build(): Column {
    if (this.codes) return { type: "categorical", codes: this.codes, dictionary: this.dictionary };
    return { type: "numeric", values: this.numbers };
  }
}

/** A table read from a file: column names in file order and their columns. */
export interface RawTable {
  rows: number;
  names: string[];
  columns: Column[];
}

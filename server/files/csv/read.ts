/**
 * CSV → columns. Fast path (no quote character in the file): the byte-level scanner of
 * chunk.ts parses numbers in place; a second pass dictionary-encodes the columns that are not
 * numeric. Files with quotes go through csv-parse. Missing: server/files/missing.ts. Text cells
 * end as the chunked reader reads them (`csvTextColumn`), so every path gives the same frame.
 */
import type { CategoricalColumn, Column } from "@/plugins/sdk";
import { isBooleanText, parseNumericToken } from "../cells";
import { textDictionary } from "../dictionary";
import { MISSING_TOKENS } from "../missing";
import type { RawTable } from "../table";
import { parseCsvChunk } from "./chunk";

const COMMA = 44;
const LF = 10;
const CR = 13;

function stripBom(buf: Buffer): Buffer {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}

const isPadded = (s: string) => s.length > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32);

/**
 * A text column as the chunked reader reads the same cells (cells.ts `csvText`, table.ts
 * `tableFromText`): trimmed, missing when a missing token after trimming, and a column of true/false
 * only (any case) as "true"/"false" (`boolean`). Works on the dictionary; the codes are rewritten only when an entry changes.
 */
export function csvTextColumn(codes: Int32Array, dict: string[]): { column: CategoricalColumn; boolean: boolean } {
  const boolean = dict.length > 0 && dict.length <= 16 && dict.every((d) => isBooleanText(d.trim()));
  if (!boolean && !dict.some(isPadded)) return { column: { type: "categorical", codes, dictionary: dict }, boolean };
  const { dictionary, code } = textDictionary();
  const remap = dict.map((d) => {
    const s = d.trim();
    if (MISSING_TOKENS.has(s)) return -1;
    return code(boolean ? s.toLowerCase() : s);
  });
  for (let i = 0; i < codes.length; i++) if (codes[i]! >= 0) codes[i] = remap[codes[i]!]!;
  return { column: { type: "categorical", codes, dictionary }, boolean };
}

/** Text columns → `csvTextColumn`; the names of true/false columns in `booleans`. */
export function csvTable(rows: number, names: string[], columns: Column[]): RawTable {
  const booleans = new Set<string>();
  const out = columns.map((c, k) => {
    if (c.type === "numeric") return c;
    const text = csvTextColumn(c.codes, c.dictionary as string[]);
    if (text.boolean) booleans.add(names[k]!);
    return text.column;
  });
  return { rows, names, columns: out, booleans };
}

export async function readCsvBuffer(input: Buffer): Promise<RawTable> {
  const buf = stripBom(input);
  if (buf.indexOf(34) !== -1) return readCsvSlow(buf, (await import("csv-parse/sync")).parse);
  return readCsvFast(buf);
}

function headerOf(buf: Buffer): { names: string[]; pos: number } {
  let end = buf.indexOf(LF);
  if (end === -1) end = buf.length;
  const line = buf.toString("utf8", 0, end).replace(/\r$/, "");
  const names = line.split(",").map((s) => s.trim());
  return { names, pos: Math.min(end + 1, buf.length) };
}

function countRows(buf: Buffer, start: number): number {
  let rows = 0;
  let pos = start;
  while (pos < buf.length) {
    let nl = buf.indexOf(LF, pos);
    if (nl === -1) nl = buf.length;
    // skip blank lines (\n or \r\n only)
    if (nl > pos && !(nl === pos + 1 && buf[pos] === CR)) rows++;
    pos = nl + 1;
  }
  return rows;
}

function readCsvFast(buf: Buffer): RawTable {
  const { names, pos: dataStart } = headerOf(buf);
  const ncol = names.length;
  const rows = countRows(buf, dataStart);
  const values: Float64Array[] = names.map(() => new Float64Array(new SharedArrayBuffer(rows * 8)));
  // The same scanner the worker threads run on their chunks (csv-parallel.ts), here on one chunk.
  const isString = parseCsvChunk(buf, dataStart, buf.length, ncol, values, 0);
  const columns: Column[] = values.map((v) => ({ type: "numeric", values: v }));
  if (isString.some((flag) => flag !== 0)) {
    const strs = stringColumnsPass(buf, dataStart, ncol, rows, isString);
    for (const [c, col] of strs) columns[c] = col;
  }
  return csvTable(rows, names, columns);
}

/** Second pass: dictionary-encode the columns that turned out not to be numeric. */
export function stringColumnsPass(buf: Buffer, start: number, ncol: number, rows: number, isString: Uint8Array): Map<number, Column> {
  const pass = stringColumns(ncol, rows, isString);
  pass.scan(buf, start, buf.length, 0);
  return pass.columns();
}

/**
 * The second pass a block at a time (blocks start at a line start and end after a line break):
 * `scan` each block with the index of its first row, then take the `columns`.
 */
export function stringColumns(ncol: number, rows: number, isString: Uint8Array) {
  const out = new Map<number, { codes: Int32Array; text: ReturnType<typeof textDictionary> }>();
  for (let c = 0; c < ncol; c++) if (isString[c]) out.set(c, { codes: new Int32Array(rows).fill(-1), text: textDictionary() });
  return {
    scan(buf: Buffer, start: number, len: number, row0: number): void {
      let pos = start;
      let r = row0;
      while (pos < len && r < rows) {
        let eol = buf.indexOf(LF, pos);
        if (eol === -1 || eol > len) eol = len;
        let lineEnd = eol;
        if (lineEnd > pos && buf[lineEnd - 1] === CR) lineEnd--;
        if (lineEnd === pos) {
          pos = eol + 1;
          continue;
        }
        let fs = pos;
        for (let c = 0; c < ncol && fs <= lineEnd; c++) {
          let fe = buf.indexOf(COMMA, fs);
          if (fe === -1 || fe > lineEnd) fe = lineEnd;
          const col = out.get(c);
          if (col && fe > fs) {
            const s = buf.toString("utf8", fs, fe);
            if (!MISSING_TOKENS.has(s)) col.codes[r] = col.text.code(s);
          }
          fs = fe + 1;
        }
        pos = eol + 1;
        r++;
      }
    },
    columns(): Map<number, Column> {
      const result = new Map<number, Column>();
      for (const [c, col] of out) result.set(c, { type: "categorical", codes: col.codes, dictionary: col.text.dictionary });
      return result;
    },
  };
}

/** Quoted CSV: csv-parse for the tokens, then the same numeric/categorical inference. */
function readCsvSlow(buf: Buffer, parse: typeof import("csv-parse/sync").parse): RawTable {
  const records = parse(buf, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  if (records.length === 0) return { rows: 0, names: [], columns: [] };
  const names = records[0].map((s) => s.trim());
  const rows = records.length - 1;
  const columns: Column[] = names.map((_, c) => {
    const nums = new Float64Array(rows);
    let numeric = true;
    for (let r = 0; r < rows && numeric; r++) {
      const v = parseNumericToken(records[r + 1][c] ?? "");
      if (v === undefined) numeric = false;
      else nums[r] = v;
    }
    if (numeric) return { type: "numeric", values: nums };
    const codes = new Int32Array(rows).fill(-1);
    const { dictionary, code } = textDictionary();
    for (let r = 0; r < rows; r++) {
      const s = records[r + 1][c] ?? "";
      if (!MISSING_TOKENS.has(s)) codes[r] = code(s);
    }
    return { type: "categorical", codes, dictionary };
  });
  return csvTable(rows, names, columns);
}

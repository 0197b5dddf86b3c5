/**
 * CSV → columns. Fast path (no quote character in the file): a byte-level scanner that parses
 * numbers in place — Clinger's exact fast path for ≤ 15 significant digits and |exponent| ≤ 22,
 * an exact double-double path for 16–19 digits (decimal.ts), otherwise Number() on the token —
 * and dictionary-encodes columns that are not numeric in a second pass. Files with quotes go through csv-parse. Empty cell / NA / NaN / null = missing.
 */
import type { Column } from "@/plugins/sdk";
import { MISSING_TOKENS, parseNumericToken, type RawTable } from "./column-builder";
import { decimalToDouble } from "./decimal";

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const COMMA = 44;
const LF = 10;
const CR = 13;

function stripBom(buf: Buffer): Buffer {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
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
  const isString = new Uint8Array(ncol);
  let stringCols = 0;
  const len = buf.length;
  let pos = dataStart;
  let r = 0;
  while (pos < len && r < rows) {
    // blank line?
    if (buf[pos] === LF) {
      pos++;
      continue;
    }
    if (buf[pos] === CR && buf[pos + 1] === LF) {
      pos += 2;
      continue;
    }
    for (let c = 0; c < ncol; c++) {
      const start = pos;
      // fast numeric parse
      let neg = false;
      let p = pos;
      let b = buf[p];
      if (b === 45) {
        neg = true;
        b = buf[++p];
      } else if (b === 43) b = buf[++p];
      let mant = 0; // first 15 significant digits
      let low = 0; // significant digits 16..19
      let lowDigits = 0;
      let digits = 0;
      let exp10 = 0;
      let any = false;
      while (b >= 48 && b <= 57) {
        if (digits > 0 || b !== 48) {
          if (digits < 15) mant = mant * 10 + (b - 48);
          else if (digits < 19) {
            low = low * 10 + (b - 48);
            lowDigits++;
          }
          digits++;
        }
        any = true;
        b = buf[++p];
      }
      if (b === 46) {
        b = buf[++p];
        while (b >= 48 && b <= 57) {
          if (digits > 0 || b !== 48) {
            if (digits < 15) mant = mant * 10 + (b - 48);
            else if (digits < 19) {
              low = low * 10 + (b - 48);
              lowDigits++;
            }
            digits++;
          }
          exp10--;
          any = true;
          b = buf[++p];
        }
      }
      let ok = any;
      if (ok && (b === 101 || b === 69)) {
        b = buf[++p];
        let eneg = false;
        if (b === 45) {
          eneg = true;
          b = buf[++p];
        } else if (b === 43) b = buf[++p];
        let e = 0;
        let edig = 0;
        while (b >= 48 && b <= 57) {
          e = e * 10 + (b - 48);
          edig++;
          b = buf[++p];
        }
        if (edig === 0) ok = false;
        exp10 += eneg ? -e : e;
      }
      // field end?
      let end = p;
      if (!(p >= len || b === COMMA || b === LF || b === CR)) {
        ok = false;
        end = p;
        while (end < len && buf[end] !== COMMA && buf[end] !== LF && buf[end] !== CR) end++;
      }
      let v = NaN;
      let done = false;
      if (ok && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
        v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
        if (neg) v = -v;
        done = true;
      } else if (ok && digits > 15 && digits <= 19) {
        // exp10 counts fraction digits including the low ones: value = (mant·10^k + low)·10^exp10
        const d = decimalToDouble(mant, low, lowDigits, exp10, neg);
        if (d !== null) {
          v = d;
          done = true;
        }
      } else if (ok && digits === 0) {
        v = neg ? -0 : 0;
        done = true;
      }
      if (!done) {
        if (end === start) v = NaN;
        else {
          const tok = buf.toString("latin1", start, end);
          const parsed = isString[c] ? undefined : parseNumericToken(tok);
          if (parsed === undefined) {
            if (!isString[c]) {
              isString[c] = 1;
              stringCols++;
            }
            v = NaN;
          } else v = parsed;
        }
      }
      values[c][r] = v;
      pos = end;
      const d = buf[pos];
      if (d === COMMA) {
        pos++;
        if (c === ncol - 1) {
          // extra fields: skip to end of line
          while (pos < len && buf[pos] !== LF) pos++;
        }
      } else {
        // end of line (or file): remaining columns are missing
        for (let k = c + 1; k < ncol; k++) values[k][r] = NaN;
        break;
      }
    }
    if (buf[pos] === CR) pos++;
    if (buf[pos] === LF) pos++;
    r++;
  }
  const columns: Column[] = values.map((v) => ({ type: "numeric", values: v }));
  if (stringCols > 0) {
    const strs = stringColumnsPass(buf, dataStart, ncol, rows, isString);
    for (const [c, col] of strs) columns[c] = col;
  }
  return { rows, names, columns };
}

/** Second pass: dictionary-encode the columns that turned out not to be numeric. */
export function stringColumnsPass(buf: Buffer, start: number, ncol: number, rows: number, isString: Uint8Array): Map<number, Column> {
  const out = new Map<number, { codes: Int32Array; dict: string[]; index: Map<string, number> }>();
  for (let c = 0; c < ncol; c++) if (isString[c]) out.set(c, { codes: new Int32Array(rows).fill(-1), dict: [], index: new Map() });
  let pos = start;
  let r = 0;
  const len = buf.length;
  while (pos < len && r < rows) {
    let eol = buf.indexOf(LF, pos);
    if (eol === -1) eol = len;
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
        if (!MISSING_TOKENS.has(s)) {
          let code = col.index.get(s);
          if (code === undefined) {
            code = col.dict.length;
            col.dict.push(s);
            col.index.set(s, code);
          }
          col.codes[r] = code;
        }
      }
      fs = fe + 1;
    }
    pos = eol + 1;
    r++;
  }
  const result = new Map<number, Column>();
  for (const [c, col] of out) result.set(c, { type: "categorical", codes: col.codes, dictionary: col.dict });
  return result;
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
    const dict: string[] = [];
    const index = new Map<string, number>();
    for (let r = 0; r < rows; r++) {
      const s = records[r + 1][c] ?? "";
      if (MISSING_TOKENS.has(s)) continue;
      let code = index.get(s);
      if (code === undefined) {
        code = dict.length;
        dict.push(s);
        index.set(s, code);
      }
      codes[r] = code;
    }
    return { type: "categorical", codes, dictionary: dict };
  });
  return { rows, names, columns };
}

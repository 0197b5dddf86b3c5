/**
 * What every file reader yields: SDK columns by name, in the order the file first names them
 * (numeric: Float64Array, NaN missing; categorical: dictionary codes, -1 missing). A column whose
 * every value is true/false is numeric 1/0 and listed in `booleans`, so readers that store or send
 * values (baselines, `evalbook ingest`) can give booleans back.
 */
import type { Column } from "../../plugins/sdk";
import { isBooleanText, isNumericText, type Cell } from "./cells";
import { textDictionary } from "./dictionary";

export interface RawTable {
  rows: number;
  names: string[];
  columns: Column[];
  booleans?: ReadonlySet<string>;
}

/**
 * Rows of cells → columns. Per column: numbers and booleans only → numeric (booleans as 1/0);
 * any text → categorical, with numbers as their decimal text and booleans as "true"/"false".
 */
export function tableFromRows(rows: readonly Record<string, Cell>[]): RawTable {
  const names: string[] = [];
  type Kind = { text: boolean; bool: boolean; num: boolean };
  const kinds: Kind[] = [];
  const at = new Map<string, number>();
  for (const row of rows) {
    let j = 0; // rows mostly repeat the previous row's names in order: check by position before the map
    for (const k in row) {
      const c = names[j] === k ? j : at.get(k);
      let kind: Kind;
      if (c === undefined) {
        kind = { text: false, bool: false, num: false };
        at.set(k, names.push(k) - 1);
        kinds.push(kind);
        j = names.length;
      } else {
        kind = kinds[c]!;
        j = c + 1;
      }
      const v = row[k];
      if (v === null || v === undefined) continue;
      if (typeof v === "string") kind.text = true;
      else if (typeof v === "boolean") kind.bool = true;
      else kind.num = true;
    }
  }
  const n = rows.length;
  const booleans = new Set<string>();
  const columns: Column[] = names.map((name, c) => {
    const kind = kinds[c]!;
    if (!kind.text) {
      if (kind.bool && !kind.num) booleans.add(name);
      const values = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (typeof v === "number") values[i] = v;
        else if (typeof v === "boolean") values[i] = v ? 1 : 0;
      }
      return { type: "numeric", values };
    }
    return textColumn(rows, name);
  });
  return { rows: n, names, columns, booleans };
}

/** One column of rows as text: dictionary codes in order of first appearance, -1 where missing. */
function textColumn(rows: readonly Record<string, Cell>[], name: string): Column {
  const codes = new Int32Array(rows.length).fill(-1);
  const { dictionary, code } = textDictionary();
  for (let i = 0; i < rows.length; i++) {
    const v = rows[i]![name];
    if (v !== null && v !== undefined) codes[i] = code(String(v));
  }
  return { type: "categorical", codes, dictionary };
}

/** The names rows use, in the order they are first named. */
function namesOf(rows: readonly Record<string, unknown>[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    let j = 0; // rows mostly repeat the previous row's names in order: check by position before the set
    for (const k in row) {
      if (names[j] === k) j++;
      else if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
        j = names.length;
      }
    }
  }
  return names;
}

/**
 * CSV rows (trimmed text, null missing: cells.ts `csvText`) → columns, each typed as a whole as the
 * CSV scanner of csv/ types a whole file: decimal numbers only → numeric; true/false only (any case)
 * → numeric 1/0 listed in `booleans`; anything else → text as written ("007" stays "007").
 */
export function tableFromText(rows: readonly Record<string, string | null>[]): RawTable {
  const n = rows.length;
  const names = namesOf(rows);
  const booleans = new Set<string>();
  const columns = names.map((name): Column => {
    let numbers = true;
    let bools = true;
    for (let i = 0; i < n && (numbers || bools); i++) {
      const s = rows[i]![name];
      if (s === null || s === undefined) continue;
      if (numbers && !isNumericText(s)) numbers = false;
      if (bools && !isBooleanText(s)) bools = false;
    }
    if (numbers || bools) {
      const bool = !numbers;
      if (bool) booleans.add(name);
      const values = new Float64Array(n).fill(NaN);
      for (let i = 0; i < n; i++) {
        const s = rows[i]![name];
        if (s !== null && s !== undefined) values[i] = bool ? (s.length === 4 ? 1 : 0) : Number(s);
      }
      return { type: "numeric", values };
    }
    return textColumn(rows, name);
  });
  return { rows: n, names, columns, booleans };
}

/** One reader per column: row i's cell (missing → null; boolean columns → true/false). */
export function columnReaders(t: RawTable): ((i: number) => Cell)[] {
  return t.columns.map((col, c): ((i: number) => Cell) => {
    if (col.type === "categorical") return (i) => (col.codes[i]! < 0 ? null : col.dictionary[col.codes[i]!]!);
    const values = col.values;
    if (t.booleans?.has(t.names[c]!)) return (i) => (values[i]! !== values[i]! ? null : values[i] === 1);
    return (i) => (values[i]! !== values[i]! ? null : values[i]!);
  });
}

/** A table's rows as cells, in order. */
export function* rowsOf(t: RawTable): Generator<Record<string, Cell>> {
  const read = columnReaders(t);
  for (let i = 0; i < t.rows; i++) {
    const row: Record<string, Cell> = {};
    for (let c = 0; c < read.length; c++) row[t.names[c]!] = read[c]!(i);
    yield row;
  }
}

/**
 * Tables read chunk by chunk → one table. A name that is text in any chunk is text in all (numbers
 * become their decimal text); a name a chunk lacks is missing in its rows.
 */
export function concatTables(parts: readonly RawTable[]): RawTable {
  const names: string[] = [];
  const text = new Map<string, boolean>();
  for (const p of parts)
    p.names.forEach((name, c) => {
      if (!text.has(name)) names.push(name);
      text.set(name, (text.get(name) ?? false) || p.columns[c]!.type === "categorical");
    });
  const rows = parts.reduce((s, p) => s + p.rows, 0);
  const booleans = new Set(names.filter((name) => parts.every((p) => !p.names.includes(name) || p.booleans?.has(name))));
  const columns: Column[] = names.map((name) => {
    if (!text.get(name)) {
      const values = new Float64Array(rows).fill(NaN);
      let at = 0;
      for (const p of parts) {
        const c = p.names.indexOf(name);
        if (c >= 0) values.set((p.columns[c] as { values: Float64Array }).values, at);
        at += p.rows;
      }
      return { type: "numeric", values };
    }
    const codes = new Int32Array(rows).fill(-1);
    const { dictionary, code: codeOf } = textDictionary();
    let at = 0;
    for (const p of parts) {
      const col = p.columns[p.names.indexOf(name)];
      if (col?.type === "categorical") {
        const remap = col.dictionary.map(codeOf);
        for (let i = 0; i < p.rows; i++) if (col.codes[i]! >= 0) codes[at + i] = remap[col.codes[i]!]!;
      } else if (col) {
        const bool = p.booleans?.has(name);
        for (let i = 0; i < p.rows; i++) {
          const v = col.values[i]!;
          if (v === v) codes[at + i] = codeOf(bool ? String(v === 1) : String(v));
        }
      }
      at += p.rows;
    }
    return { type: "categorical", codes, dictionary };
  });
  return { rows, names, columns, booleans };
}

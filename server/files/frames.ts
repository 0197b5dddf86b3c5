/**
 * What the one file reader yields: SDK frames. A chunk's frame holds every column of the file as a
 * feature under its own name (which column is the label, the prediction or the request id is the
 * caller's business: to-frame.ts for `evalbook evaluate`, the API field names for baselines and
 * `evalbook ingest`). Numbers are numeric columns (NaN missing); text is dictionary-encoded (-1
 * missing); a column of true/false values only is categorical "true"/"false", as stored baselines
 * and prediction windows give them to evaluators, and is named in `booleans` so readers that send
 * or store values can give booleans back.
 */
import { createFrame, type CategoricalColumn, type Column, type Frame } from "../../plugins/sdk";
import type { Cell } from "./cells";
import { tableFromRows, type RawTable } from "./table";

export interface FileFrame {
  frame: Frame;
  /** Columns read from true/false values only (categorical "true"/"false" in the frame). */
  booleans: ReadonlySet<string>;
}

/** A numeric 1/0 column read from booleans → categorical "true"/"false" (codes in order of first appearance). */
function booleanColumn(values: Float64Array): CategoricalColumn {
  const codes = new Int32Array(values.length).fill(-1);
  const dictionary: string[] = [];
  let t = -1;
  let f = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === 1) codes[i] = t < 0 ? (t = dictionary.push("true") - 1) : t;
    else if (v === 0) codes[i] = f < 0 ? (f = dictionary.push("false") - 1) : f;
  }
  return { type: "categorical", codes, dictionary };
}

/** Named columns (a chunk, or a whole file) → the reader's frame; numeric 1/0 booleans become "true"/"false". */
export function frameOfTable(t: RawTable): FileFrame {
  const booleans = new Set<string>();
  const features: [string, Column][] = t.names.map((name, c) => {
    const col = t.columns[c]!;
    if (!t.booleans?.has(name)) return [name, col];
    booleans.add(name);
    return [name, col.type === "numeric" ? booleanColumn(col.values) : col];
  });
  // Object.fromEntries defines own properties: a column called "__proto__" stays a column
  return { frame: createFrame({ features: Object.fromEntries(features) }, t.rows), booleans };
}

/** Rows of typed cells (a baseline built row by row, as the demo's) → the reader's frame. */
export function frameOfRows(rows: readonly Record<string, Cell>[]): FileFrame {
  return frameOfTable(tableFromRows(rows));
}

/** One reader per feature column of a reader's frame: row i's value (missing → null; `booleans` → true/false). */
export function cellReaders(f: FileFrame): { name: string; read: (i: number) => string | number | boolean | null }[] {
  return Object.entries(f.frame.features).map(([name, col]) => {
    if (col.type === "numeric") {
      const values = col.values;
      return { name, read: (i: number) => (values[i]! !== values[i]! ? null : values[i]!) };
    }
    const { codes, dictionary } = col;
    const bool = f.booleans.has(name);
    return { name, read: (i: number) => (codes[i]! < 0 ? null : bool ? dictionary[codes[i]!] === "true" : dictionary[codes[i]!]!) };
  });
}

/**
 * Parquet → chunks column by column: each row group is decoded one column at a time (hyparquet's
 * `onChunk`), numeric columns go straight into Float64Arrays, and chunks are cut from the decoded
 * row groups without building a row object (rows are built only for a `check` that asks for them).
 * A column's values pass through `cells` one column at a time, so nested `features`/`cohort`
 * structs and timestamps are named and typed as the NDJSON path names and types them.
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from "hyparquet";
import type { Column } from "../../plugins/sdk";
import { badRequest } from "../domain/errors";
import type { Cell } from "./cells";
import type { ChunkOptions, RowRejection, TableChunk } from "./chunks";

/** One decoded column of a row group: numbers (NaN missing; `bool` when every value is true/false) or text (null missing). */
type GroupColumn = { name: string; num: Float64Array; bool: boolean; text?: undefined } | { name: string; text: (string | null)[]; num?: undefined };

type Cells = (obj: Record<string, unknown>) => Record<string, Cell>;

const isTypedNumbers = (d: unknown): d is ArrayLike<number | bigint> => ArrayBuffer.isView(d) && !(d instanceof DataView);

/** A decoded Parquet column → the SDK-ready columns `cells` makes of it (a struct may give several). */
export function groupColumns(name: string, data: ArrayLike<unknown>, cells: Cells): GroupColumn[] {
  const n = data.length;
  const base = Object.keys(cells({ [name]: null }))[0] ?? name;
  if (isTypedNumbers(data)) {
    const num = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(data[i]);
      num[i] = Number.isFinite(v) ? v : NaN;
    }
    return [{ name: base, num, bool: false }];
  }
  const out = new Map<string, (Cell | undefined)[]>([[base, new Array<Cell | undefined>(n)]]);
  const column = (k: string) => {
    let c = out.get(k);
    if (!c) out.set(k, (c = new Array<Cell | undefined>(n)));
    return c;
  };
  const baseColumn = out.get(base)!;
  const strings = new Map<string, Cell>(); // repeated text converted once
  for (let i = 0; i < n; i++) {
    const v = data[i];
    if (v === null || v === undefined) continue;
    if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") baseColumn[i] = v;
    else if (typeof v === "bigint") baseColumn[i] = Number(v);
    else if (typeof v === "string") {
      let cell = strings.get(v);
      if (cell === undefined && !strings.has(v)) strings.set(v, (cell = cells({ [name]: v })[base] ?? null));
      baseColumn[i] = cell;
    } else {
      const row = cells({ [name]: v });
      for (const k in row) column(k)[i] = row[k];
    }
  }
  return [...out].map(([k, values]) => finish(k, values));
}

function finish(name: string, values: readonly (Cell | undefined)[]): GroupColumn {
  let text = false;
  let bool = false;
  let num = false;
  for (const v of values) {
    if (typeof v === "string") text = true;
    else if (typeof v === "boolean") bool = true;
    else if (typeof v === "number") num = true;
  }
  if (text) return { name, text: values.map((v) => (v === null || v === undefined ? null : String(v))) };
  const out = new Float64Array(values.length).fill(NaN);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
  }
  return { name, num: out, bool: bool && !num };
}

/** Rows [start, end) of one row group's columns, waiting to join a chunk. */
interface Piece {
  columns: GroupColumn[];
  start: number;
  end: number;
}

/** Pieces of row groups → one chunk's columns; a name that is text in any piece is text in the chunk. */
function chunkOf(pieces: readonly Piece[], index: Int32Array, rejected: RowRejection[]): TableChunk {
  const rows = pieces.reduce((s, p) => s + p.end - p.start, 0);
  const names: string[] = [];
  const byName = new Map<string, { text: boolean; bool: boolean }>();
  for (const p of pieces)
    for (const c of p.columns) {
      let k = byName.get(c.name);
      if (!k) {
        byName.set(c.name, (k = { text: false, bool: true }));
        names.push(c.name);
      }
      if (c.text) k.text = true;
      else if (!c.bool) k.bool = false;
    }
  const booleans = new Set<string>();
  const columns = names.map((name): Column => {
    const kind = byName.get(name)!;
    if (!kind.text) {
      if (kind.bool) booleans.add(name);
      const values = new Float64Array(rows).fill(NaN);
      let at = 0;
      for (const p of pieces) {
        for (const c of p.columns)
          if (c.name === name && c.num)
            for (let i = p.start; i < p.end; i++) if (c.num[i] === c.num[i]) values[at + i - p.start] = c.num[i]!; // a value wins over a same-named null
        at += p.end - p.start;
      }
      return { type: "numeric", values };
    }
    const codes = new Int32Array(rows).fill(-1);
    const dictionary: string[] = [];
    const codeOf = new Map<string, number>();
    let at = 0;
    for (const p of pieces) {
      for (const c of p.columns) {
        if (c.name !== name) continue;
        for (let i = p.start; i < p.end; i++) {
          const s = c.text ? c.text[i] : c.num[i] === c.num[i] ? (c.bool ? String(c.num[i] === 1) : String(c.num[i])) : null;
          if (s === null || s === undefined) continue;
          let code = codeOf.get(s);
          if (code === undefined) codeOf.set(s, (code = dictionary.push(s) - 1));
          codes[at + i - p.start] = code;
        }
      }
      at += p.end - p.start;
    }
    return { type: "categorical", codes, dictionary };
  });
  return { rows, names, columns, booleans, index, rejected };
}

/** One row of a row group as cells, for a `check`. */
function rowAt(columns: readonly GroupColumn[], i: number): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const c of columns) {
    const v = c.text ? c.text[i]! : c.num[i] === c.num[i] ? (c.bool ? c.num[i] === 1 : c.num[i]!) : null;
    if (v !== null || !(c.name in row)) row[c.name] = v;
  }
  return row;
}

async function readGroup(file: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number, cells: Cells): Promise<GroupColumn[]> {
  const decoded = new Map<string, unknown[] | ArrayLike<unknown>>();
  await parquetRead({
    file,
    metadata,
    rowStart,
    rowEnd,
    onChunk: ({ columnName, columnData }) => {
      const prev = decoded.get(columnName);
      decoded.set(columnName, prev ? [...Array.from(prev), ...Array.from(columnData as ArrayLike<unknown>)] : (columnData as ArrayLike<unknown>));
    },
  });
  // one column converted at a time, in the file's column order
  const out: GroupColumn[] = [];
  for (const [name, data] of decoded) {
    out.push(...groupColumns(name, data, cells));
    decoded.delete(name);
  }
  return out;
}

export async function* parquetChunks(file: AsyncBuffer, opts: ChunkOptions & { cells: Cells }): AsyncGenerator<TableChunk> {
  let metadata;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw badRequest(`This is not a readable Parquet file (${(err as Error).message}).`);
  }
  const total = Number(metadata.num_rows);
  const chunkRows = opts.chunkRows ?? 10_000;
  const chunkCells = opts.chunkCells ?? 2_000_000;
  let pieces: Piece[] = [];
  let index: number[] = [];
  let rejected: RowRejection[] = [];
  const width = () => new Set(pieces.flatMap((p) => p.columns.map((c) => c.name))).size;
  const cut = (): TableChunk => {
    const chunk = chunkOf(pieces, Int32Array.from(index), rejected);
    pieces = [];
    index = [];
    rejected = [];
    return chunk;
  };
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const columns = await readGroup(file, metadata, groupStart, groupEnd, opts.cells);
    const size = groupEnd - groupStart;
    let i = 0;
    while (i < size) {
      if (pieces.length && index.length * Math.max(width(), columns.length) >= chunkCells) yield cut();
      const cols = new Set([...pieces.flatMap((p) => p.columns.map((c) => c.name)), ...columns.map((c) => c.name)]).size;
      const room = Math.max(1, Math.min(chunkRows - index.length, Math.floor(chunkCells / Math.max(1, cols)) - index.length));
      const end = Math.min(size, i + room);
      // rows a check refuses split the piece around them
      let start = i;
      for (let r = i; r < end; r++) {
        const refused = opts.check ? opts.check(rowAt(columns, r), { index: groupStart + r, line: null }) : null;
        if (!refused) {
          index.push(groupStart + r);
          continue;
        }
        if (r > start) pieces.push({ columns, start, end: r });
        start = r + 1;
        rejected.push({ index: groupStart + r, line: null, ...refused });
      }
      if (end > start) pieces.push({ columns, start, end });
      i = end;
      if (index.length >= chunkRows || index.length * cols >= chunkCells) yield cut();
    }
    opts.onProgress?.(total ? groupEnd / total : 1);
    groupStart = groupEnd;
  }
  if (index.length || rejected.length) yield cut();
}

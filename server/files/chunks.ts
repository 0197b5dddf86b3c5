/**
 * The one file reader: CSV, NDJSON or Parquet → SDK frames, a chunk of rows at a time (`readFrames`,
 * frames.ts), for baseline uploads, `evalbook ingest` and `evalbook evaluate` (which joins the
 * chunks, or takes the byte-level CSV path in csv/ for whole local files: read-parallel.ts
 * `readFileFrames`). CSV and NDJSON rows come from the streaming
 * row readers (rows.ts), Parquet column by column from its row groups (parquet-chunks.ts); a chunk ends at `chunkRows` rows or before it passes `chunkCells` rows × columns
 * (a single row may be wider), so memory stays bounded however long or wide the file. A row that cannot be read, or that `check` refuses, is a
 * rejection (row index, line, field, why) and never stops the rows around it.
 */
import type { Readable } from "node:stream";
import type { AsyncBuffer } from "hyparquet";
import { isObject, valueCell, type Cell } from "./cells";
import type { FileFormat } from "./format";
import { openFileRanges } from "./file-ranges";
import { frameOfTable, type FileFrame } from "./frames";
import { parquetChunks } from "./parquet-chunks";
import { csvRows, ndjsonRows, type FileRow } from "./rows";
import { tableFromRows, tableFromText, type RawTable } from "./table";

/** Parquet from memory (`file`, e.g. an upload's body) or from a local file read by ranges (`path`: file-ranges.ts). */
export type FileInput = { format: Exclude<FileFormat, "parquet">; stream: Readable } | { format: "parquet"; file: AsyncBuffer } | { format: "parquet"; path: string };

export interface RowRejection {
  index: number;
  line: number | null;
  field: string;
  message: string;
}

export interface TableChunk extends RawTable {
  /** The file's data-row index of each row in the chunk. */
  index: Int32Array;
  /** Rows refused since the previous chunk. */
  rejected: RowRejection[];
}

/** A chunk as the reader's frame (frames.ts): every column a feature under its file name. */
export interface FrameChunk extends FileFrame {
  /** The file's data-row index of each row in the chunk. */
  index: Int32Array;
  /** Rows refused since the previous chunk. */
  rejected: RowRejection[];
}

export interface ChunkOptions {
  chunkRows?: number;
  chunkCells?: number;
  /** CSV: refuse a row whose column count differs from the header's (otherwise missing cells stay missing). */
  strictColumns?: boolean;
  /** NDJSON objects → cells (default: `features` flattened, then typed cells); Parquet applies it one column at a time. */
  cells?: (obj: Record<string, unknown>) => Record<string, Cell>;
  /**
   * Runs on each row before it joins a chunk: a rejection refuses that row alone; throwing stops
   * reading. CSV rows reach it as text (trimmed, missing null). Parquet builds row objects only for it.
   */
  check?: (row: Record<string, Cell>, at: { index: number; line: number | null }) => Omit<RowRejection, "index" | "line"> | null;
  /** Parquet: share of rows read so far (0…1). */
  onProgress?: (share: number) => void;
}

/** The default object → cells: `features` flattened into the row, `cohort` too where no column has the name. */
export function flatCells(obj: Record<string, unknown>): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "features" && isObject(v)) for (const [fk, fv] of Object.entries(v)) row[fk] = valueCell(fv);
    else if (k === "cohort" && isObject(v)) {
      for (const [ck, cv] of Object.entries(v)) if (!(ck in row)) row[ck] = valueCell(cv);
    } else row[k] = valueCell(v);
  }
  return row;
}

export { isObject };

function rowsOf(input: Exclude<FileInput, { format: "parquet" }>, opts: ChunkOptions): AsyncIterable<FileRow<Record<string, unknown>>> {
  return input.format === "csv" ? csvRows(input.stream, { strictColumns: opts.strictColumns ?? false }) : ndjsonRows(input.stream);
}

export async function* readChunks(input: FileInput, opts: ChunkOptions = {}): AsyncGenerator<TableChunk> {
  if ("path" in input) {
    const file = openFileRanges(input.path);
    try {
      yield* readChunks({ format: "parquet", file }, opts);
    } finally {
      file.close();
    }
    return;
  }
  if (input.format === "parquet") {
    yield* parquetChunks(input.file, { ...opts, cells: opts.cells ?? flatCells });
    return;
  }
  const chunkRows = opts.chunkRows ?? 10_000;
  const chunkCells = opts.chunkCells ?? 2_000_000;
  // NDJSON objects become cells here rather than in another generator (one await less per row)
  const cells = input.format === "ndjson" ? (opts.cells ?? flatCells) : null;
  let rows: Record<string, Cell>[] = [];
  let index: number[] = [];
  let rejected: RowRejection[] = [];
  const names = new Set<string>();
  const cut = (): TableChunk => {
    // CSV cells are text until their column is typed as a whole; NDJSON cells are typed already
    const table = cells ? tableFromRows(rows) : tableFromText(rows as Record<string, string | null>[]);
    const chunk = { ...table, index: Int32Array.from(index), rejected };
    rows = [];
    index = [];
    rejected = [];
    names.clear();
    return chunk;
  };
  for await (const r of rowsOf(input, opts)) {
    if (!r.ok) {
      rejected.push({ index: r.index, line: r.line, field: "", message: r.message });
      continue;
    }
    const row = cells ? cells(r.row) : (r.row as Record<string, Cell>);
    const refused = opts.check?.(row, r);
    if (refused) {
      rejected.push({ index: r.index, line: r.line, ...refused });
      continue;
    }
    // names new to the chunk (usually none: rows of a file mostly share their columns)
    let added: string[] | null = null;
    for (const k in row) if (!names.has(k)) (added ??= []).push(k);
    const width = names.size + (added?.length ?? 0);
    // a row that would take the chunk over the cell budget starts the next one
    if (rows.length && (rows.length + 1) * width > chunkCells) {
      yield cut();
      for (const k in row) names.add(k);
    } else if (added) for (const k of added) names.add(k);
    rows.push(row);
    index.push(r.index);
    if (rows.length >= chunkRows || rows.length * names.size >= chunkCells) yield cut();
  }
  if (rows.length || rejected.length) yield cut();
}

/** The reader's API: `input` a chunk at a time as SDK frames, with each row's index and the rows refused. */
export async function* readFrames(input: FileInput, opts: ChunkOptions = {}): AsyncGenerator<FrameChunk> {
  for await (const chunk of readChunks(input, opts)) yield { ...frameOfTable(chunk), index: chunk.index, rejected: chunk.rejected };
}

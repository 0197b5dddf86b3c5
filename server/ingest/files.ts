import fs from "node:fs";
import { createGunzip } from "node:zlib";
import { valueCell, type Cell } from "../files/cells";
import { isObject, readFrames, type FrameChunk, type RowRejection } from "../files/chunks";
import { apiFieldOf, type ApiField } from "../files/columns";
import { formatFromName, formatFromOption, type FileFormat } from "../files/format";
import { cellReaders } from "../files/frames";

/**
 * Reads a local CSV, Parquet or NDJSON prediction/label log as API-shaped objects from the one
 * file reader's frames (server/files/chunks.ts `readFrames`), a chunk at a time. Used by `evalbook ingest`.
 *
 * Columns map to fields: requestId|request_id, timestamp, version, prediction, label,
 * latencyMs|latency_ms, costUsd|cost_usd, tokensIn|tokens_in, tokensOut|tokens_out, error;
 * `cohort.X` / `cohort_X` → cohort X; every other column is a feature. NDJSON rows in the API's
 * shape ({ features: {...}, cohort: {...}, … }) read as `features.X` and `cohort.X` columns.
 */
export type { FileFormat };

export function formatOf(file: string, explicit?: string): FileFormat {
  if (explicit) {
    const format = formatFromOption(explicit);
    if (!format) throw new Error(`Unknown format "${explicit}": use --format csv|parquet|ndjson`);
    return format;
  }
  const byName = formatFromName(file);
  if (!byName) throw new Error(`Cannot tell the format of ${file}: use --format csv|parquet|ndjson`);
  return byName.format;
}

/** Parquet timestamps stay ISO text, as the API reads them. */
const apiCell = (v: unknown): Cell => (v instanceof Date ? v.toISOString() : valueCell(v));

/** An API-shaped object as cells: nested `features` and `cohort` values keep their place in the column name. */
function apiCells(obj: Record<string, unknown>): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const k in obj) {
    const v = obj[k];
    if ((k === "features" || k === "cohort") && isObject(v)) for (const nk in v) row[`${k}.${nk}`] = apiCell(v[nk]);
    else row[k] = apiCell(v);
  }
  return row;
}

/** Where a column's value goes in the API object: a field, a cohort attribute or a feature. */
type Target = { to: "field"; field: ApiField } | { to: "cohort"; key: string } | { to: "feature"; key: string };

function targetOf(column: string): Target {
  const field = apiFieldOf(column);
  if (field) return { to: "field", field };
  if (/^cohort[._]/i.test(column)) return { to: "cohort", key: column.slice(7) };
  return { to: "feature", key: column.startsWith("features.") ? column.slice(9) : column };
}

export interface RecordOptions {
  labels: boolean;
  version?: string;
}

/** One row's values (in the order of `targets`) as the API object. */
function recordOf(values: readonly Cell[], targets: readonly Target[], opts: RecordOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const features: Record<string, Cell> = {};
  const cohort: Record<string, string | null> = {};
  for (let c = 0; c < targets.length; c++) {
    const t = targets[c]!;
    const v = values[c]!;
    if (t.to === "field") {
      if (v !== null && v !== "") out[t.field] = t.field === "requestId" ? String(v) : v;
    } else if (t.to === "cohort") {
      if (v !== null || !(t.key in cohort)) cohort[t.key] = v === null ? null : String(v);
    } else if (v !== null || !(t.key in features)) features[t.key] = v; // `features.age` and `age` in one chunk: a value wins over the other's null
  }
  if (opts.labels) return { requestId: out.requestId, label: out.label, timestamp: out.timestamp };
  if (typeof out.prediction === "string" && /^[[{]/.test(out.prediction)) {
    try {
      out.prediction = JSON.parse(out.prediction);
    } catch {
      /* a class that happens to start with a bracket */
    }
  }
  if (opts.version && !out.version) out.version = opts.version;
  out.features = features;
  if (Object.keys(cohort).length) out.cohort = cohort;
  return out;
}

export type FileRecord = { ok: true; index: number; record: Record<string, unknown> } | ({ ok: false } & RowRejection);

/** Yields each row as the API object, or its rejection, in file order; `onBytes` reports progress through the file. */
export async function* readRecords(file: string, format: FileFormat, opts: RecordOptions, onBytes?: (read: number) => void): AsyncGenerator<FileRecord> {
  if (format === "parquet") {
    const size = fs.statSync(file).size;
    yield* recordsOf(readFrames({ format, path: file }, { cells: apiCells, onProgress: (share) => onBytes?.(Math.round(share * size)) }), opts);
    return;
  }
  const raw = fs.createReadStream(file);
  raw.on("data", () => onBytes?.(raw.bytesRead));
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  yield* recordsOf(readFrames({ format, stream }, { cells: apiCells }), opts);
}

async function* recordsOf(chunks: AsyncIterable<FrameChunk>, opts: RecordOptions): AsyncGenerator<FileRecord> {
  for await (const chunk of chunks) {
    // the frame's columns read straight into API objects; rows and rejections back in file order
    const columns = cellReaders(chunk);
    const targets = columns.map((c) => targetOf(c.name));
    const values: Cell[] = new Array(columns.length);
    const rejected = chunk.rejected;
    let r = 0;
    for (let i = 0; i < chunk.frame.length; i++) {
      while (r < rejected.length && rejected[r]!.index < chunk.index[i]!) yield { ok: false, ...rejected[r++]! };
      for (let c = 0; c < columns.length; c++) values[c] = columns[c]!.read(i);
      yield { ok: true, index: chunk.index[i]!, record: recordOf(values, targets, opts) };
    }
    while (r < rejected.length) yield { ok: false, ...rejected[r++]! };
  }
}

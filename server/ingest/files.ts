import fs from "node:fs";
import { createGunzip } from "node:zlib";
import { asyncBufferFromFile } from "hyparquet";
import { valueCell, type Cell } from "../files/cells";
import { isObject, readChunks, type RowRejection, type TableChunk } from "../files/chunks";
import { apiFieldOf } from "../files/columns";
import { formatFromName, formatFromOption, type FileFormat } from "../files/format";
import { rowOf } from "../files/table";

/**
 * Reads a local CSV, Parquet or NDJSON prediction/label log as API-shaped objects with the one
 * file reader (server/files/chunks.ts). Used by `evalbook ingest`.
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
  for (const [k, v] of Object.entries(obj)) {
    if ((k === "features" || k === "cohort") && isObject(v)) for (const [nk, nv] of Object.entries(v)) row[`${k}.${nk}`] = apiCell(nv);
    else row[k] = apiCell(v);
  }
  return row;
}

export function rowToRecord(row: Record<string, Cell>, opts: { labels: boolean; version?: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const features: Record<string, Cell> = {};
  const cohort: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(row)) {
    const field = apiFieldOf(k);
    if (field) {
      if (v !== null && v !== "") out[field] = field === "requestId" ? String(v) : v;
    } else if (/^cohort[._]/i.test(k)) {
      if (v !== null || !(k.slice(7) in cohort)) cohort[k.slice(7)] = v === null ? null : String(v);
    } else {
      // `features.age` (nested) and `age` (flat) in one chunk: the row's value wins over the other's null
      const name = k.startsWith("features.") ? k.slice(9) : k;
      if (v !== null || !(name in features)) features[name] = v;
    }
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

export type FileRecord = { ok: true; index: number; row: Record<string, Cell> } | ({ ok: false } & RowRejection);

/** Yields each row as cells, or its rejection, in file order; `onBytes` reports progress through the file. */
export async function* readRows(file: string, format: FileFormat, onBytes?: (read: number) => void): AsyncGenerator<FileRecord> {
  if (format === "parquet") {
    const buf = await asyncBufferFromFile(file);
    yield* recordsOf(readChunks({ format, file: buf }, { cells: apiCells, onProgress: (share) => onBytes?.(Math.round(share * buf.byteLength)) }));
    return;
  }
  const raw = fs.createReadStream(file);
  raw.on("data", () => onBytes?.(raw.bytesRead));
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  yield* recordsOf(readChunks({ format, stream }, { cells: apiCells }));
}

async function* recordsOf(chunks: AsyncIterable<TableChunk>): AsyncGenerator<FileRecord> {
  for await (const chunk of chunks) {
    // rows and rejections back in file order
    const rejected = chunk.rejected;
    let r = 0;
    for (let i = 0; i < chunk.rows; i++) {
      while (r < rejected.length && rejected[r]!.index < chunk.index[i]!) yield { ok: false, ...rejected[r++]! };
      yield { ok: true, index: chunk.index[i]!, row: rowOf(chunk, i) };
    }
    while (r < rejected.length) yield { ok: false, ...rejected[r++]! };
  }
}

import fs from "node:fs";
import { createGunzip } from "node:zlib";
import { asyncBufferFromFile } from "hyparquet";
import { apiFieldOf } from "../files/columns";
import { formatFromName, formatFromOption, type FileFormat } from "../files/format";
import { csvRows, ndjsonRows, parquetRows, type FileRow } from "../files/rows";

/**
 * Reads a local CSV, Parquet or NDJSON prediction/label log as API-shaped objects with the shared
 * streaming row reader (server/files/rows.ts). Used by `evalbook ingest`.
 *
 * Flat rows (CSV, Parquet, flat NDJSON) map columns to fields: requestId|request_id, timestamp,
 * version, prediction, label, latencyMs|latency_ms, costUsd|cost_usd, tokensIn|tokens_in,
 * tokensOut|tokens_out, error; `cohort.X` / `cohort_X` → cohort X; every other column is a feature.
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

type Cell = string | number | boolean | null;

export function rowToRecord(row: Record<string, unknown>, opts: { labels: boolean; version?: string }): Record<string, unknown> {
  if (row.features && typeof row.features === "object") return opts.version && !row.version ? { ...row, version: opts.version } : row;
  const out: Record<string, unknown> = {};
  const features: Record<string, Cell> = {};
  const cohort: Record<string, string | null> = {};
  for (const [k, raw] of Object.entries(row)) {
    const v = typeof raw === "bigint" ? Number(raw) : raw instanceof Date ? raw.toISOString() : raw;
    const field = apiFieldOf(k);
    if (field) {
      if (v !== null && v !== undefined && v !== "") out[field] = field === "requestId" ? String(v) : v;
    } else if (/^cohort[._]/i.test(k)) cohort[k.slice(7)] = v === null || v === undefined ? null : String(v);
    else features[k] = (v ?? null) as Cell;
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

/** Yields raw rows and rejected ones; `onBytes` reports progress through the file. */
export async function* readRows(file: string, format: FileFormat, onBytes?: (read: number) => void): AsyncGenerator<FileRow> {
  if (format === "parquet") {
    const buf = await asyncBufferFromFile(file);
    yield* parquetRows(buf, (share) => onBytes?.(Math.round(share * buf.byteLength)));
    return;
  }
  const raw = fs.createReadStream(file);
  raw.on("data", () => onBytes?.(raw.bytesRead));
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  if (format === "csv") yield* csvRows(stream, { strictColumns: false });
  else yield* ndjsonRows(stream);
}

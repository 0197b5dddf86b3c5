import fs from "node:fs";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { parse as parseCsv } from "csv-parse";
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import { csvCell } from "./baselines";

/**
 * Reads a local CSV, Parquet or NDJSON prediction/label log as API-shaped objects, streaming
 * (CSV/NDJSON line by line, Parquet one row group at a time). Used by `evalbook ingest`.
 *
 * Flat rows (CSV, Parquet, flat NDJSON) map columns to fields: requestId|request_id, timestamp,
 * version, prediction, label, latencyMs|latency_ms, costUsd|cost_usd, tokensIn|tokens_in,
 * tokensOut|tokens_out, error; `cohort.X` / `cohort_X` → cohort X; every other column is a feature.
 */
export type FileFormat = "csv" | "parquet" | "ndjson";

export function formatOf(file: string, explicit?: string): FileFormat {
  if (explicit) return explicit === "jsonl" ? "ndjson" : (explicit as FileFormat);
  const m = file.toLowerCase().match(/\.(csv|tsv|parquet|pq|ndjson|jsonl|json)(?:\.gz)?$/);
  if (!m) throw new Error(`Cannot tell the format of ${file}: use --format csv|parquet|ndjson`);
  return m[1] === "parquet" || m[1] === "pq" ? "parquet" : m[1] === "csv" || m[1] === "tsv" ? "csv" : "ndjson";
}

const FIELD: Record<string, string> = {
  requestid: "requestId",
  timestamp: "timestamp",
  version: "version",
  prediction: "prediction",
  label: "label",
  latencyms: "latencyMs",
  costusd: "costUsd",
  tokensin: "tokensIn",
  tokensout: "tokensOut",
  error: "error",
};

type Cell = string | number | boolean | null;

export function rowToRecord(row: Record<string, unknown>, opts: { labels: boolean; version?: string }): Record<string, unknown> {
  if (row.features && typeof row.features === "object") return opts.version && !row.version ? { ...row, version: opts.version } : row;
  const out: Record<string, unknown> = {};
  const features: Record<string, Cell> = {};
  const cohort: Record<string, string | null> = {};
  for (const [k, raw] of Object.entries(row)) {
    const v = typeof raw === "bigint" ? Number(raw) : raw instanceof Date ? raw.toISOString() : raw;
    const field = FIELD[k.toLowerCase().replace(/[_\-\s]/g, "")];
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

/** Yields raw rows; `onBytes` reports progress through the file. */
export async function* readRows(file: string, format: FileFormat, onBytes?: (read: number) => void): AsyncGenerator<Record<string, unknown>> {
  if (format === "parquet") {
    const buf = await asyncBufferFromFile(file);
    const metadata = await parquetMetadataAsync(buf);
    let start = 0;
    for (const g of metadata.row_groups) {
      const end = start + Number(g.num_rows);
      const rows = (await parquetReadObjects({ file: buf, metadata, rowStart: start, rowEnd: end })) as Record<string, unknown>[];
      start = end;
      onBytes?.(Math.round((end / Number(metadata.num_rows)) * buf.byteLength));
      yield* rows;
    }
    return;
  }
  const raw = fs.createReadStream(file);
  raw.on("data", () => onBytes?.(raw.bytesRead));
  const stream = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  if (format === "csv") {
    const parser = stream.pipe(parseCsv({ columns: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }));
    for await (const rec of parser as AsyncIterable<Record<string, string>>) {
      const row: Record<string, unknown> = {};
      for (const k in rec) row[k] = csvCell(rec[k]!);
      yield row;
    }
    return;
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      yield { __unparsed: `line ${n}: ${(e as Error).message}` };
    }
  }
}

import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { parquetMetadata, parquetReadObjects } from "hyparquet";
import type Database from "better-sqlite3";
import type { FeatureSpec } from "../../plugins/sdk";
import { DomainError, badRequest, conflict } from "../domain/errors";
import { env } from "../env";
import { MISSING_TOKENS } from "../files/missing";
import { ColumnBuilder, encodeBlob } from "../predictions/codec";
import { CONTROL_CHARACTER } from "./validate";
import { tooLarge } from "./body";
import type { BaselineColumn, BaselineResult, Rejection } from "./schemas";

/**
 * Baseline uploads: CSV (csv-parse, streamed), NDJSON (streamed line by line) or Parquet
 * (hyparquet, one row group at a time). Rows are encoded into columnar chunks of CHUNK_ROWS with
 * the prediction-segment codec; column types are inferred from every value seen.
 */
export const BASELINE_FORMATS = ["csv", "parquet", "ndjson"] as const;
export type BaselineFormat = (typeof BASELINE_FORMATS)[number];
const CHUNK_ROWS = 10_000;
const DISTINCT_CAP = 1000;

type Cell = number | string | boolean | null;
type Row = Record<string, Cell>;

const ROLE_NAMES: Record<string, BaselineColumn["role"]> = {
  prediction: "prediction",
  label: "label",
  timestamp: "timestamp",
  requestid: "requestId",
  latencyms: "latencyMs",
  costusd: "costUsd",
};

export function roleOf(name: string): BaselineColumn["role"] {
  return ROLE_NAMES[name.toLowerCase().replace(/[_\-\s]/g, "")] ?? "feature";
}

class ColumnStats {
  /** Rows with a value; every other row (null or absent) is missing. */
  present = 0;
  numbers = 0;
  booleans = 0;
  strings = 0;
  longStrings = 0;
  min = Infinity;
  max = -Infinity;
  distinct = new Set<string>();
  add(v: Cell): void {
    if (v === null) return;
    this.present++;
    if (typeof v === "number") {
      this.numbers++;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    } else if (typeof v === "boolean") this.booleans++;
    else {
      this.strings++;
      if (v.length > 60) this.longStrings++;
    }
    if (this.distinct.size <= DISTINCT_CAP) this.distinct.add(String(v));
  }
  type(): BaselineColumn["type"] {
    const present = this.numbers + this.booleans + this.strings;
    if (present === 0) return "numeric";
    if (this.booleans === present) return "boolean";
    if (this.numbers === present) return "numeric";
    if (this.longStrings > present / 2 || (this.distinct.size > DISTINCT_CAP && this.distinct.size > present / 4)) return "text";
    return "categorical";
  }
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** CSV cells arrive as text: a missing token (server/files/missing.ts) → missing, numbers → number, true/false → boolean. */
export function csvCell(s: string): Cell {
  if (MISSING_TOKENS.has(s)) return null;
  if (NUMERIC.test(s)) return Number(s);
  const lower = s.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return s;
}

function jsonCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return MISSING_TOKENS.has(v.trim()) ? null : v;
  if (typeof v === "boolean") return v;
  if (v instanceof Date) return v.getTime();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x));
}

/** Flattens a prediction-shaped object ({ features: {...}, prediction, label, … }) into one row. */
function flatten(obj: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "features" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) row[fk] = jsonCell(fv);
    } else if (k === "cohort" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) if (!(ck in row)) row[ck] = jsonCell(cv);
    } else row[k] = jsonCell(v);
  }
  return row;
}

function tooManyColumns(limit: number, name: string, rowIndex: number): DomainError {
  return tooLarge(
    `The baseline has more than ${limit.toLocaleString("en-US")} columns (row ${rowIndex} adds "${name.slice(0, 80)}"). Upload the features you monitor, or raise INGEST_MAX_FEATURES_PER_BATCH.`,
    { limitColumns: limit, row: rowIndex },
  );
}

/** Accumulates rows into encoded chunks and column statistics. */
export class BaselineBuilder {
  readonly chunks: { n: number; data: Buffer }[] = [];
  readonly stats = new Map<string, ColumnStats>();
  readonly rejected: Rejection[] = [];
  rowCount = 0;
  private pending: Row[] = [];

  private readonly deadline: number;

  constructor(
    private readonly maxRows: number,
    private readonly maxColumns: number = env.INGEST_MAX_FEATURES_PER_BATCH,
    private readonly maxSeconds: number = env.INGEST_BASELINE_MAX_SECONDS,
  ) {
    this.deadline = performance.now() + maxSeconds * 1000;
  }

  /** A name in `row` with a control character, so the caller can reject just that row. */
  badName(row: Row): string | null {
    for (const k in row) if (!this.stats.has(k) && CONTROL_CHARACTER.test(k)) return k;
    return null;
  }

  add(row: Row): void {
    if (this.rowCount >= this.maxRows)
      throw tooLarge(`The baseline has more than ${this.maxRows.toLocaleString("en-US")} rows. Upload a sample (drift statistics need far fewer rows).`, {
        limitRows: this.maxRows,
      });
    this.rowCount++;
    if ((this.rowCount & 1023) === 0 && performance.now() > this.deadline)
      throw tooLarge(
        `Reading the baseline took longer than ${this.maxSeconds} s (stopped after ${this.rowCount.toLocaleString("en-US")} rows). Upload a sample, or raise INGEST_BASELINE_MAX_SECONDS.`,
        { limitSeconds: this.maxSeconds, rowsRead: this.rowCount },
      );
    for (const k in row) {
      let s = this.stats.get(k);
      if (!s) {
        if (CONTROL_CHARACTER.test(k))
          throw badRequest(`Column name ${JSON.stringify(k)} contains a control character; use printable names.`, [{ field: k, message: "control character" }]);
        if (this.stats.size >= this.maxColumns) throw tooManyColumns(this.maxColumns, k, this.rowCount - 1);
        s = new ColumnStats();
        this.stats.set(k, s);
      }
      s.add(row[k]!);
    }
    this.pending.push(row);
    if (this.pending.length >= CHUNK_ROWS) this.flush();
  }

  flush(): void {
    const rows = this.pending;
    if (!rows.length) return;
    this.pending = [];
    // Only the columns this chunk holds values for; the reader leaves the others missing.
    const builders = new Map<string, ColumnBuilder>();
    rows.forEach((row, i) => {
      for (const k in row) {
        let b = builders.get(k);
        if (!b) builders.set(k, (b = new ColumnBuilder(rows.length)));
        b.set(i, row[k]);
      }
    });
    const cols = [...builders].filter(([, b]) => b.count > 0).map(([k, b]) => b.toColumn(k));
    this.chunks.push({ n: rows.length, data: encodeBlob(rows.length, cols) });
  }

  columns(): BaselineColumn[] {
    return [...this.stats].map(([name, s]) => {
      const type = s.type();
      return {
        name,
        type,
        role: roleOf(name),
        missing: this.rowCount - s.present,
        distinct: s.distinct.size,
        min: type === "numeric" && s.numbers ? s.min : null,
        max: type === "numeric" && s.numbers ? s.max : null,
        ...(type === "categorical" || type === "boolean" ? { categories: [...s.distinct].sort() } : {}),
      };
    });
  }
}

export function detectFormat(explicit: string | null, contentType: string, filename: string | null): BaselineFormat {
  const e = explicit?.toLowerCase();
  if (e) {
    if (e === "jsonl" || e === "json") return "ndjson";
    if ((BASELINE_FORMATS as readonly string[]).includes(e)) return e as BaselineFormat;
    throw badRequest(`Unknown format "${explicit}"; use csv, parquet or ndjson.`, [{ field: "format", message: "csv | parquet | ndjson" }]);
  }
  const ext = filename?.toLowerCase().match(/\.(csv|tsv|parquet|pq|ndjson|jsonl|json)(?:\.gz)?$/)?.[1];
  if (ext === "csv" || ext === "tsv") return "csv";
  if (ext === "parquet" || ext === "pq") return "parquet";
  if (ext) return "ndjson";
  const ct = contentType.toLowerCase();
  if (ct.includes("csv")) return "csv";
  if (ct.includes("parquet")) return "parquet";
  if (ct.includes("json")) return "ndjson";
  throw badRequest(
    "Say what the file is: send Content-Type text/csv, application/vnd.apache.parquet or application/x-ndjson, or add ?format=csv|parquet|ndjson.",
    [{ field: "format", message: "required" }],
  );
}

async function readCsv(stream: Readable, b: BaselineBuilder): Promise<void> {
  const parser = parseCsv({
    columns: true,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    cast: false,
  });
  parser.on("skip", (err: Error & { lines?: number }) => {
    // data row index: line 1 is the header
    b.rejected.push({ index: Math.max(0, (err.lines ?? 2) - 2), field: "", message: `line ${err.lines ?? "?"}: ${err.message}` });
  });
  stream.on("error", (err) => parser.destroy(err));
  stream.pipe(parser);
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const row: Row = {};
    for (const k in record) row[k] = csvCell(record[k]!);
    b.add(row);
  }
}

async function readNdjson(stream: Readable, b: BaselineBuilder): Promise<void> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let index = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (!line) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (err) {
      b.rejected.push({ index, field: "", message: `line ${lineNo} is not valid JSON: ${(err as Error).message}` });
      index++;
      continue;
    }
    if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
      b.rejected.push({ index, field: "", message: `line ${lineNo} is not a JSON object` });
      index++;
      continue;
    }
    const row = flatten(obj as Record<string, unknown>);
    const bad = b.badName(row);
    if (bad !== null) {
      b.rejected.push({ index, field: JSON.stringify(bad).slice(1, -1), message: `line ${lineNo}: name ${JSON.stringify(bad)} contains a control character; use printable names` });
      index++;
      continue;
    }
    index++;
    b.add(row);
  }
}

async function readParquet(buf: Buffer, b: BaselineBuilder): Promise<void> {
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (err) {
    throw badRequest(`This is not a readable Parquet file (${(err as Error).message}).`);
  }
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const rows = (await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end })) as Record<string, unknown>[];
    for (const r of rows) b.add(flatten(r));
    start = end;
  }
}

export interface BaselineUpload {
  modelId: string;
  name: string;
  version: string | null;
  format: BaselineFormat;
  replace: boolean;
  maxRows: number;
  /** Decompression and parsing stop after this long (default INGEST_BASELINE_MAX_SECONDS). */
  maxSeconds?: number;
}

/** Parses the upload and stores the baseline atomically (Baseline row + chunks in one transaction). */
export async function storeBaseline(
  db: Database.Database,
  upload: BaselineUpload,
  body: { stream: () => Readable; buffer: () => Promise<Buffer> },
): Promise<BaselineResult> {
  const name = upload.name.trim();
  if (!name || name.length > 120) throw badRequest("Name the baseline (?name=…, up to 120 characters).", [{ field: "name", message: "required" }]);
  let versionId: string | null = null;
  if (upload.version) {
    const v = db.prepare<[string, string], { id: string }>(`SELECT id FROM "ModelVersion" WHERE modelId = ? AND label = ?`).get(upload.modelId, upload.version);
    if (!v) throw badRequest(`Version "${upload.version}" is not registered for this model; register it or leave the version out.`, [{ field: "version", message: "unknown version" }]);
    versionId = v.id;
  }
  const existing = db.prepare<[string, string], { id: string }>(`SELECT id FROM "Baseline" WHERE modelId = ? AND name = ?`).get(upload.modelId, name);
  if (existing && !upload.replace)
    throw conflict(`A baseline named "${name}" already exists for this model; choose another name or add ?replace=true.`, [{ field: "name", message: "already exists" }]);

  const b = new BaselineBuilder(upload.maxRows, undefined, upload.maxSeconds);
  try {
    if (upload.format === "csv") await readCsv(body.stream(), b);
    else if (upload.format === "ndjson") await readNdjson(body.stream(), b);
    else await readParquet(await body.buffer(), b);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw badRequest(`Could not read the ${upload.format} file: ${(err as Error).message}`);
  }
  b.flush();
  if (b.rowCount === 0) throw badRequest(`The ${upload.format} file has no readable rows${b.rejected.length ? ` (${b.rejected.length} rejected: ${b.rejected[0]!.message})` : ""}.`);
  const stored = persistBaseline(db, { modelId: upload.modelId, name, versionId, format: upload.format, replaceId: existing?.id ?? null }, b);
  return { ...stored, version: upload.version, rejected: b.rejected.slice(0, 1000) };
}

/** Writes a parsed baseline (Baseline row + chunks) in one transaction. */
export function persistBaseline(
  db: Database.Database,
  meta: { modelId: string; name: string; versionId: string | null; format: BaselineFormat; replaceId: string | null },
  b: BaselineBuilder,
): { id: string; name: string; format: BaselineFormat; rowCount: number; columns: BaselineColumn[] } {
  b.flush();
  const columns = b.columns();
  const id = `bl_${randomUUID().replace(/-/g, "").slice(0, 22)}`;
  const now = new Date().toISOString().replace("Z", "+00:00");
  const insertChunk = db.prepare(`INSERT INTO baseline_chunk (baseline_id, seq, n, data) VALUES (?, ?, ?, ?)`);
  db.transaction(() => {
    if (meta.replaceId) db.prepare(`DELETE FROM "Baseline" WHERE id = ?`).run(meta.replaceId);
    db.prepare(`INSERT INTO "Baseline" (id, modelId, name, versionId, format, rowCount, columns, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id,
      meta.modelId,
      meta.name,
      meta.versionId,
      meta.format,
      b.rowCount,
      JSON.stringify(columns),
      now,
    );
    b.chunks.forEach((c, seq) => insertChunk.run(id, seq, c.n, c.data));
  }).immediate();
  return { id, name: meta.name, format: meta.format, rowCount: b.rowCount, columns };
}

/** A feature contract proposed from a baseline's columns: observed ranges, categories and nullability. */
export function contractFromColumns(columns: BaselineColumn[]): FeatureSpec[] {
  return columns
    .filter((c) => c.role === "feature")
    .map((c) => ({
      name: c.name,
      type: c.type,
      key: false,
      nullable: c.missing > 0,
      min: c.type === "numeric" ? c.min : null,
      max: c.type === "numeric" ? c.max : null,
      categories: c.type === "categorical" && c.categories?.length ? c.categories : null,
    }));
}

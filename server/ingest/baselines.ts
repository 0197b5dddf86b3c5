import type { Readable } from "node:stream";
import type { Column, FeatureSpec } from "../../plugins/sdk";
import { DomainError, badRequest, conflict } from "../domain/errors";
import { env } from "../env";
import type { Cell } from "../files/cells";
import { readFrames, type FileInput, type RowRejection } from "../files/chunks";
import { apiFieldOf } from "../files/columns";
import { FILE_FORMATS, formatFromName, formatFromOption, type FileFormat } from "../files/format";
import { cellReaders, frameOfRows, type FileFrame } from "../files/frames";
import { ColumnBuilder, encodeBlob } from "../predictions/codec";
import type { PredictionRepository } from "../predictions/repository";
import { CONTROL_CHARACTER } from "./validate";
import { tooLarge } from "./body";
import type { BaselineColumn, BaselineResult } from "./schemas";

/**
 * Baseline uploads: CSV, NDJSON or Parquet read by the one file reader (server/files/chunks.ts
 * `readFrames`), whose frames are encoded a chunk at a time with the prediction-segment codec;
 * column types are inferred from every value seen.
 */
export const BASELINE_FORMATS = FILE_FORMATS;
export type BaselineFormat = FileFormat;
const CHUNK_ROWS = 10_000;
const DISTINCT_CAP = 1000;

const BASELINE_ROLES = ["prediction", "label", "timestamp", "requestId", "latencyMs", "costUsd"] as const satisfies readonly BaselineColumn["role"][];
const isBaselineRole = (field: string): field is (typeof BASELINE_ROLES)[number] => (BASELINE_ROLES as readonly string[]).includes(field);

export function roleOf(name: string): BaselineColumn["role"] {
  const field = apiFieldOf(name);
  return field && isBaselineRole(field) ? field : "feature";
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
  /** Every value of one chunk's column (booleans: a "true"/"false" column read from true/false values). */
  addColumn(col: Column, booleans: boolean): void {
    if (col.type === "numeric") {
      for (const v of col.values) if (v === v) this.add(v);
    } else if (booleans) {
      for (const code of col.codes) if (code >= 0) this.add(col.dictionary[code] === "true");
    } else for (const code of col.codes) if (code >= 0) this.add(col.dictionary[code]!);
  }
  private add(v: Cell): void {
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

function tooManyColumns(limit: number, name: string, rowIndex: number): DomainError {
  return tooLarge(
    `The baseline has more than ${limit.toLocaleString("en-US")} columns (row ${rowIndex} adds "${name.slice(0, 80)}"). Upload the features you monitor, or raise INGEST_MAX_FEATURES_PER_BATCH.`,
    { limitColumns: limit, row: rowIndex },
  );
}

/**
 * Accumulates a baseline: `admit` checks each row as it is read (row, column and time limits,
 * column names), `addFrame` encodes a chunk of columns and adds it to the column statistics.
 */
export class BaselineBuilder {
  readonly chunks: { n: number; data: Buffer }[] = [];
  readonly stats = new Map<string, ColumnStats>();
  readonly rejected: RowRejection[] = [];
  rowCount = 0;
  private pending: Record<string, Cell>[] = [];
  private readonly names = new Set<string>();
  private readonly deadline: number;

  constructor(
    private readonly maxRows: number,
    private readonly maxColumns: number = env.INGEST_MAX_FEATURES_PER_BATCH,
    private readonly maxSeconds: number = env.INGEST_BASELINE_MAX_SECONDS,
  ) {
    this.deadline = performance.now() + maxSeconds * 1000;
  }

  /**
   * Checks one row before it is stored; throws when the baseline goes over a limit. With
   * `rejectBadNames` (NDJSON rows name their own columns), a name with a control character refuses
   * the row alone instead of the upload.
   */
  admit(row: Record<string, Cell>, at: { line: number | null }, rejectBadNames = false): Omit<RowRejection, "index" | "line"> | null {
    if (rejectBadNames)
      for (const k in row)
        if (!this.names.has(k) && CONTROL_CHARACTER.test(k))
          return { field: JSON.stringify(k).slice(1, -1), message: `line ${at.line}: name ${JSON.stringify(k)} contains a control character; use printable names` };
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
      if (this.names.has(k)) continue;
      if (CONTROL_CHARACTER.test(k))
        throw badRequest(`Column name ${JSON.stringify(k)} contains a control character; use printable names.`, [{ field: k, message: "control character" }]);
      if (this.names.size >= this.maxColumns) throw tooManyColumns(this.maxColumns, k, this.rowCount - 1);
      this.names.add(k);
    }
    return null;
  }

  /** One row at a time (the demo data): checked, then stored a chunk of CHUNK_ROWS at a time. */
  add(row: Record<string, Cell>): void {
    this.admit(row, { line: null });
    this.pending.push(row);
    if (this.pending.length >= CHUNK_ROWS) this.flush();
  }

  flush(): void {
    if (!this.pending.length) return;
    this.addFrame(frameOfRows(this.pending));
    this.pending = [];
  }

  /** Encodes a chunk of already admitted rows: only the columns it holds values for (the reader leaves the others missing). */
  addFrame(f: FileFrame): void {
    const n = f.frame.length;
    if (!n) return;
    const cols = [];
    for (const { name, read } of cellReaders(f)) {
      let s = this.stats.get(name);
      if (!s) this.stats.set(name, (s = new ColumnStats()));
      s.addColumn(f.frame.features[name]!, f.booleans.has(name));
      const b = new ColumnBuilder(n);
      for (let i = 0; i < n; i++) b.set(i, read(i));
      if (b.count > 0) cols.push(b.toColumn(name));
    }
    this.chunks.push({ n, data: encodeBlob(n, cols) });
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
  if (explicit) {
    const format = formatFromOption(explicit);
    if (format) return format;
    throw badRequest(`Unknown format "${explicit}"; use csv, parquet or ndjson.`, [{ field: "format", message: "csv | parquet | ndjson" }]);
  }
  const byName = filename ? formatFromName(filename) : null;
  if (byName) return byName.format;
  const ct = contentType.toLowerCase();
  if (ct.includes("csv")) return "csv";
  if (ct.includes("parquet")) return "parquet";
  if (ct.includes("json")) return "ndjson";
  throw badRequest(
    "Say what the file is: send Content-Type text/csv, application/vnd.apache.parquet or application/x-ndjson, or add ?format=csv|parquet|ndjson.",
    [{ field: "format", message: "required" }],
  );
}

/** The upload's body as the file reader's input (Parquet needs the whole file; CSV and NDJSON stream). */
async function inputOf(format: BaselineFormat, body: { stream: () => Readable; buffer: () => Promise<Buffer> }): Promise<FileInput> {
  if (format !== "parquet") return { format, stream: body.stream() };
  const buf = await body.buffer();
  // a view of the body: each slice copies only the range the reader asks for (footer, one column
  // chunk), where a copy of the whole body up front held the upload twice while it was parsed
  const at = (i: number) => buf.byteOffset + Math.min(Math.max(i, 0), buf.byteLength);
  return { format, file: { byteLength: buf.byteLength, slice: (start, end = buf.byteLength) => buf.buffer.slice(at(start), at(end)) as ArrayBuffer } };
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
  predictions: PredictionRepository,
  upload: BaselineUpload,
  body: { stream: () => Readable; buffer: () => Promise<Buffer> },
): Promise<BaselineResult> {
  const name = upload.name.trim();
  if (!name || name.length > 120) throw badRequest("Name the baseline (?name=…, up to 120 characters).", [{ field: "name", message: "required" }]);
  let versionId: string | null = null;
  if (upload.version) {
    versionId = await predictions.findVersionId(upload.modelId, upload.version);
    if (!versionId) throw badRequest(`Version "${upload.version}" is not registered for this model; register it or leave the version out.`, [{ field: "version", message: "unknown version" }]);
  }
  const existing = await predictions.findBaseline(upload.modelId, name);
  if (existing && !upload.replace)
    throw conflict(`A baseline named "${name}" already exists for this model; choose another name or add ?replace=true.`, [{ field: "name", message: "already exists" }]);

  const b = new BaselineBuilder(upload.maxRows, undefined, upload.maxSeconds);
  try {
    const input = await inputOf(upload.format, body);
    const rejectBadNames = upload.format === "ndjson";
    for await (const chunk of readFrames(input, { chunkRows: CHUNK_ROWS, strictColumns: true, check: (row, at) => b.admit(row, at, rejectBadNames) })) {
      b.rejected.push(...chunk.rejected);
      b.addFrame(chunk);
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw badRequest(`Could not read the ${upload.format} file: ${(err as Error).message}`);
  }
  b.flush();
  if (b.rowCount === 0) throw badRequest(`The ${upload.format} file has no readable rows${b.rejected.length ? ` (${b.rejected.length} rejected: ${b.rejected[0]!.message})` : ""}.`);
  const stored = await predictions.writeBaseline(
    { modelId: upload.modelId, name, versionId, format: upload.format, replaceId: existing },
    { rowCount: b.rowCount, columns: b.columns(), chunks: b.chunks },
  );
  return { ...stored, version: upload.version, rejected: b.rejected.slice(0, 1000).map(({ index, field, message }) => ({ index, field, message })) };
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

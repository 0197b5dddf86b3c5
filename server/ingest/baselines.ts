import type { Readable } from "node:stream";
import type { FeatureSpec } from "../../plugins/sdk";
import { DomainError, badRequest, conflict } from "../domain/errors";
import { env } from "../env";
import { textCell, valueCell, type Cell } from "../files/cells";
import { apiFieldOf } from "../files/columns";
import { FILE_FORMATS, formatFromName, formatFromOption, type FileFormat } from "../files/format";
import { csvRows, ndjsonRows, parquetRows, type FileRow } from "../files/rows";
import { ColumnBuilder, encodeBlob } from "../predictions/codec";
import type { PredictionRepository } from "../predictions/repository";
import { CONTROL_CHARACTER } from "./validate";
import { tooLarge } from "./body";
import type { BaselineColumn, BaselineResult, Rejection } from "./schemas";

/**
 * Baseline uploads: CSV, NDJSON or Parquet read by the shared streaming row reader
 * (server/files/rows.ts). Rows are encoded into columnar chunks of CHUNK_ROWS with
 * the prediction-segment codec; column types are inferred from every value seen.
 */
export const BASELINE_FORMATS = FILE_FORMATS;
export type BaselineFormat = FileFormat;
const CHUNK_ROWS = 10_000;
const DISTINCT_CAP = 1000;

type Row = Record<string, Cell>;

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

/** CSV cells arrive as text: a missing token (server/files/missing.ts) → missing, numbers → number, true/false → boolean. */
export const csvCell = textCell;

/** Flattens a prediction-shaped object ({ features: {...}, prediction, label, … }) into one row. */
function flatten(obj: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === "features" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) row[fk] = valueCell(fv);
    } else if (k === "cohort" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [ck, cv] of Object.entries(v as Record<string, unknown>)) if (!(ck in row)) row[ck] = valueCell(cv);
    } else row[k] = valueCell(v);
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

/**
 * Feeds the shared row reader's rows into the builder; unreadable rows become rejections. NDJSON
 * rows name their own columns, so a name with a control character rejects that row alone.
 */
async function addRows<R>(rows: AsyncIterable<FileRow<R>>, b: BaselineBuilder, toRow: (r: R) => Row, rejectBadNames = false): Promise<void> {
  for await (const r of rows) {
    if (!r.ok) {
      b.rejected.push({ index: r.index, field: "", message: r.message });
      continue;
    }
    const row = toRow(r.row);
    const bad = rejectBadNames ? b.badName(row) : null;
    if (bad !== null) {
      b.rejected.push({ index: r.index, field: JSON.stringify(bad).slice(1, -1), message: `line ${r.line}: name ${JSON.stringify(bad)} contains a control character; use printable names` });
      continue;
    }
    b.add(row);
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
    if (upload.format === "csv") await addRows(csvRows(body.stream(), { strictColumns: true }), b, (row) => row);
    else if (upload.format === "ndjson") await addRows(ndjsonRows(body.stream()), b, flatten, true);
    else {
      const buf = await body.buffer();
      await addRows(parquetRows(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer), b, flatten);
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
  return { ...stored, version: upload.version, rejected: b.rejected.slice(0, 1000) };
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

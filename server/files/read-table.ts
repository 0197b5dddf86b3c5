/**
 * A whole local CSV, Parquet or NDJSON file (by extension) as one table, for `evalbook evaluate`:
 * CSV by the byte-level columnar scanner (csv/), Parquet of plain numeric columns column by
 * column into the final arrays (parquet-columns.ts), other Parquet and NDJSON by the chunked
 * reader (chunks.ts) with the evaluation's column conventions, chunks joined at the end.
 */
import fs from "node:fs";
import path from "node:path";
import { isObject, valueCell, type Cell } from "./cells";
import type { FileInput } from "./chunks";
import { formatFromName, type FileFormat } from "./format";
import { concatTables, type RawTable } from "./table";

export type { FileFormat, RawTable };

/** The format by extension (format.ts); compressed files are not read here. */
export function formatOf(file: string): FileFormat {
  const byName = formatFromName(file);
  if (!byName || byName.gzip) throw new Error(`${file}: unknown file type ${path.extname(file) || "(none)"}; use .csv, .parquet or .ndjson/.jsonl (uncompressed)`);
  return byName.format;
}

/** API field names → the evaluation's column names (to-frame.ts). */
const ALIASES: Record<string, string> = {
  requestId: "request_id",
  latencyMs: "latency_ms",
  costUsd: "cost_usd",
  tokensIn: "tokens_in",
  tokensOut: "tokens_out",
};
const NESTED = new Set(["features", "cohort", "cohorts"]);

/**
 * Nested `features`, `cohort` and `cohorts` objects are flattened; API field names map to column
 * names. Values are typed as for baselines and `evalbook ingest` (cells.ts `valueCell`): a string
 * stays text unless it is a missing token.
 */
export function evaluationCells(obj: Record<string, unknown>): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (NESTED.has(k) && isObject(v)) for (const [fk, fv] of Object.entries(v)) row[fk] = valueCell(fv);
    else row[ALIASES[k] ?? k] = valueCell(v);
  }
  return row;
}

/** Every chunk of `input` as one table; the first unreadable row is an error (evaluation needs every row). */
export async function readWholeTable(input: FileInput): Promise<RawTable> {
  // the chunked reader loads on first use: it brings csv-parse and hyparquet, which a CSV evaluation never needs
  const { readChunks } = await import("./chunks");
  const parts: RawTable[] = [];
  for await (const chunk of readChunks(input, { cells: evaluationCells })) {
    if (chunk.rejected.length) throw new Error(chunk.rejected[0]!.message);
    parts.push(chunk);
  }
  return concatTables(parts);
}

export async function readTable(file: string, format: FileFormat = formatOf(file)): Promise<RawTable> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  // readers load on first use (hyparquet and csv-parse cost start-up time)
  if (format === "csv") return (await import("./csv/read")).readCsvBuffer(fs.readFileSync(file));
  if (format === "ndjson") return readWholeTable({ format, stream: fs.createReadStream(file) });
  const buffer = (await import("./file-ranges")).openFileRanges(file);
  try {
    // plain numeric columns straight into their final arrays; any other schema by chunks
    const direct = await (await import("./parquet-columns")).readParquetNumeric(buffer, evaluationCells);
    return direct ?? (await readWholeTable({ format, file: buffer }));
  } finally {
    buffer.close();
  }
}

/** Read a CSV, Parquet or NDJSON file (by extension) into named columns. */
import fs from "node:fs";
import path from "node:path";
import type { RawTable } from "./column-builder";

export type FileFormat = "csv" | "parquet" | "ndjson";

export function formatOf(file: string): FileFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv" || ext === ".txt") return "csv";
  if (ext === ".parquet" || ext === ".pq") return "parquet";
  if (ext === ".ndjson" || ext === ".jsonl" || ext === ".json") return "ndjson";
  throw new Error(`${file}: unknown file type ${ext || "(none)"}; use .csv, .parquet or .ndjson/.jsonl`);
}

export async function readTable(file: string, format: FileFormat = formatOf(file)): Promise<RawTable> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  // readers load on first use (hyparquet and csv-parse cost start-up time)
  if (format === "parquet") return (await import("./parquet")).readParquetFile(file);
  const buf = fs.readFileSync(file);
  if (format === "csv") return (await import("./csv")).readCsvBuffer(buf);
  return (await import("./ndjson")).readNdjsonText(buf.toString("utf8"));
}

/** Read a CSV, Parquet or NDJSON file (by extension) into named columns. */
import fs from "node:fs";
import path from "node:path";
import { formatFromName, type FileFormat } from "../../files/format";
import type { RawTable } from "./column-builder";

export type { FileFormat };

/** The format by extension (server/files/format.ts); compressed files are not read here. */
export function formatOf(file: string): FileFormat {
  const byName = formatFromName(file);
  if (!byName || byName.gzip) throw new Error(`${file}: unknown file type ${path.extname(file) || "(none)"}; use .csv, .parquet or .ndjson/.jsonl (uncompressed)`);
  return byName.format;
}

export async function readTable(file: string, format: FileFormat = formatOf(file)): Promise<RawTable> {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  // readers load on first use (hyparquet and csv-parse cost start-up time)
  if (format === "parquet") return (await import("./parquet")).readParquetFile(file);
  const buf = fs.readFileSync(file);
  if (format === "csv") return (await import("./csv")).readCsvBuffer(buf);
  return (await import("./ndjson")).readNdjsonText(buf.toString("utf8"));
}

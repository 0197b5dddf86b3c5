/**
 * The one list of text cells that mean "missing" in CSV, Parquet and NDJSON files, for baseline
 * uploads, `evalbook ingest` and `evalbook evaluate` alike (documented in the README). It applies to
 * every CSV cell and to every string in NDJSON and Parquet ("N/A" in a JSON string is missing too);
 * matching is exact after trimming: "n/a" or "Null" are text. The parallel CSV scanner
 * (server/files/csv/chunk.ts) runs without imports and keeps its own copy; a test checks
 * that every reader honours this list.
 */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none"]);

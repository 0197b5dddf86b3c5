/**
 * Which of the three file formats a name or an explicit choice means, for baseline uploads,
 * `evalbook ingest` and `evalbook evaluate` alike.
 */
export const FILE_FORMATS = ["csv", "parquet", "ndjson"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const BY_EXTENSION: Record<string, FileFormat> = {
  csv: "csv",
  tsv: "csv",
  txt: "csv",
  parquet: "parquet",
  pq: "parquet",
  ndjson: "ndjson",
  jsonl: "ndjson",
  json: "ndjson",
};

/** The format a file name says (`.csv`, `.parquet`, `.jsonl`, … optionally `.gz`), or null. */
export function formatFromName(name: string): { format: FileFormat; gzip: boolean } | null {
  const m = name.toLowerCase().match(/\.([a-z]+)(\.gz)?$/);
  const format = m ? BY_EXTENSION[m[1]!] : undefined;
  return format ? { format, gzip: Boolean(m![2]) } : null;
}

/** An explicit format (`csv`, `parquet`, `ndjson`, `jsonl`, `json`), or null when unknown. */
export function formatFromOption(value: string): FileFormat | null {
  const v = value.trim().toLowerCase();
  if (v === "jsonl" || v === "json") return "ndjson";
  return (FILE_FORMATS as readonly string[]).includes(v) ? (v as FileFormat) : null;
}

/**
 * The streaming row readers for CSV and NDJSON files (Parquet is read by column: parquet-chunks.ts):
 * CSV through csv-parse, NDJSON line by line. A row that cannot be read is
 * yielded as a rejection (index, line, reason) and never stops the rows around it.
 */
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { csvText } from "./cells";
import { parseNdjsonLine } from "./ndjson-line";

/** `index` counts data rows (rejected ones included); `line` is the 1-based line in the file where it has lines. */
export type FileRow<R = Record<string, unknown>> =
  | { ok: true; index: number; line: number | null; row: R }
  | { ok: false; index: number; line: number | null; message: string };

export interface CsvRowOptions {
  /** Reject a row whose column count differs from the header's (otherwise missing cells stay absent). */
  strictColumns: boolean;
}

/**
 * CSV with a header row; cells stay text, trimmed, missing tokens → null (cells.ts `csvText`: a
 * column's type is decided when its chunk is built). csv-parse gives arrays and the row objects are
 * built here, once (its own `columns` objects would be a second copy).
 */
export async function* csvRows(stream: Readable, opts: CsvRowOptions): AsyncGenerator<FileRow<Record<string, string | null>>> {
  const parser = parseCsv({ bom: true, trim: true, skip_empty_lines: true, cast: false, info: opts.strictColumns, relax_column_count: true, skip_records_with_error: opts.strictColumns });
  const skipped: { line: number | null; message: string }[] = [];
  parser.on("skip", (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? null, message: `line ${err.lines ?? "?"}: ${err.message}` }));
  stream.on("error", (err) => parser.destroy(err));
  stream.pipe(parser);
  let header: string[] | null = null;
  let index = 0;
  // line numbers (csv-parse's `info`, costly) only where a row can be refused for its column count
  for await (const item of parser as AsyncIterable<string[] | { record: string[]; info: { lines: number } }>) {
    const record = Array.isArray(item) ? item : item.record;
    while (skipped.length) yield { ok: false, index: index++, ...skipped.shift()! };
    if (!header) {
      header = record;
      continue;
    }
    if (opts.strictColumns && record.length !== header.length) {
      const line = Array.isArray(item) ? null : item.info.lines;
      yield { ok: false, index: index++, line, message: `line ${line}: the header has ${header.length} columns, this row ${record.length}` };
      continue;
    }
    const row: Record<string, string | null> = {};
    const n = Math.min(record.length, header.length);
    for (let c = 0; c < n; c++) row[header[c]!] = csvText(record[c]!);
    yield { ok: true, index: index++, line: null, row };
  }
  while (skipped.length) yield { ok: false, index: index++, ...skipped.shift()! };
}

/** One JSON object per line; blank lines are skipped, a line that is not an object is rejected. */
export async function* ndjsonRows(stream: Readable): AsyncGenerator<FileRow> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let index = 0;
  let line = 0;
  for await (const raw of lines) {
    line++;
    const parsed = parseNdjsonLine(raw, line);
    if (parsed === null) continue;
    yield parsed.ok ? { ok: true, index: index++, line, row: parsed.row } : { ok: false, index: index++, line, message: parsed.message };
  }
}

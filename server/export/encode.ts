import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from "hyparquet-writer";
import type { ExportBatch, ExportSpec } from "./rows";
import type { ExportFormat } from "./policy";

/**
 * Export batches → file bytes, a piece at a time (an async generator the HTTP response and the
 * CLI both pull from, so the consumer's pace bounds memory). CSV: RFC 4180, times in ISO 8601 UTC,
 * empty = missing. Parquet (hyparquet-writer): one row group per batch, snappy; numbers DOUBLE,
 * strings UTF8, times TIMESTAMP_MILLIS, every column optional except request_id.
 */

export const CONTENT_TYPE: Record<ExportFormat, string> = { parquet: "application/vnd.apache.parquet", csv: "text/csv; charset=utf-8" };

export function columnNames(spec: Pick<ExportSpec, "features">): string[] {
  return ["request_id", "version", "timestamp", ...spec.features.map((f) => f.name), "label", "label_at"];
}

export function encodeExport(format: ExportFormat, spec: ExportSpec, batches: AsyncIterable<ExportBatch>): AsyncGenerator<Uint8Array> {
  return format === "csv" ? encodeCsv(spec, batches) : encodeParquet(spec, batches);
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
function csvField(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const iso = (t: number) => (t === t ? new Date(t).toISOString() : "");
const num = (x: number) => (x === x ? String(x) : "");

async function* encodeCsv(spec: ExportSpec, batches: AsyncIterable<ExportBatch>): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode(columnNames(spec).map(csvField).join(",") + "\r\n");
  for await (const b of batches) {
    const lines: string[] = new Array<string>(b.n);
    const version = csvField(b.version);
    for (let i = 0; i < b.n; i++) {
      let line = `${csvField(b.requestId[i]!)},${version},${iso(b.timestamp[i]!)}`;
      for (const col of b.features) {
        if (col instanceof Float64Array) line += "," + num(col[i]!);
        else {
          const s = col[i];
          line += "," + (s === null || s === undefined ? "" : csvField(s));
        }
      }
      const l = b.label instanceof Float64Array ? num(b.label[i]!) : b.label[i] === null ? "" : csvField(b.label[i]!);
      lines[i] = `${line},${l},${iso(b.labelAt[i]!)}\r\n`;
    }
    yield enc.encode(lines.join(""));
  }
}

const orNull = (a: Float64Array): (number | null)[] => Array.from(a, (x) => (x === x ? x : null));
const timeOrNull = (a: Float64Array): (number | null)[] => Array.from(a, (x) => (x === x ? Math.round(x) : null));

function parquetColumns(spec: ExportSpec, b: ExportBatch | null): ColumnSource[] {
  const n = b?.n ?? 0;
  const cols: ColumnSource[] = [
    { name: "request_id", data: b?.requestId ?? [], type: "STRING", nullable: false },
    { name: "version", data: b ? new Array<string>(n).fill(b.version) : [], type: "STRING" },
    { name: "timestamp", data: b ? timeOrNull(b.timestamp) : [], type: "TIMESTAMP" },
  ];
  spec.features.forEach((f, j) => {
    const col = b?.features[j];
    if (f.type === "numeric") cols.push({ name: f.name, data: col instanceof Float64Array ? orNull(col) : [], type: "DOUBLE" });
    else cols.push({ name: f.name, data: (col as (string | null)[] | undefined) ?? [], type: "STRING" });
  });
  cols.push({ name: "label", data: b ? (b.label instanceof Float64Array ? orNull(b.label) : b.label) : [], type: spec.numericLabel ? "DOUBLE" : "STRING" });
  cols.push({ name: "label_at", data: b ? timeOrNull(b.labelAt) : [], type: "TIMESTAMP" });
  return cols;
}

async function* encodeParquet(spec: ExportSpec, batches: AsyncIterable<ExportBatch>): AsyncGenerator<Uint8Array> {
  const pieces: Uint8Array[] = [];
  // Hand over what the writer holds after each row group and at the end; the writer keeps counting offsets.
  const handOver = () => {
    pieces.push(writer.getBytes().slice());
    writer.index = 0;
  };
  const writer = Object.assign(new ByteWriter(1 << 20), { flush: handOver, finish: handOver });
  const pq = new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData: parquetColumns(spec, null) }), createdBy: "evalbook export" });
  const drain = function* () {
    while (pieces.length) yield pieces.shift()!;
  };
  for await (const b of batches) {
    await pq.write({ columnData: parquetColumns(spec, b), rowGroupSize: b.n });
    yield* drain();
  }
  await pq.finish();
  yield* drain();
}

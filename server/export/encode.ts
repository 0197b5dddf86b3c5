import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from "hyparquet-writer";
import type { ExportBatch, ExportSpec } from "./rows";
import type { ExportFormat } from "./policy";

/**
 * Export batches → file bytes, a piece at a time (an async generator the HTTP response and the
 * CLI both pull from, so the consumer's pace bounds memory). CSV: RFC 4180, times in ISO 8601 UTC,
 * empty = missing. Parquet (hyparquet-writer): one row group per batch; numbers DOUBLE,
 * strings UTF8 (snappy), times TIMESTAMP_MILLIS, every column optional except request_id.
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
/** ISO 8601 UTC with milliseconds; the text of a second is cached (rows of a batch share most seconds). */
let isoSecond = NaN;
let isoPrefix = "";
export const iso = (t: number) => {
  if (t !== t) return "";
  const ms = ((t % 1000) + 1000) % 1000;
  const sec = t - ms;
  if (sec !== isoSecond || !Number.isInteger(ms)) {
    if (!Number.isInteger(ms)) return new Date(t).toISOString();
    isoSecond = sec;
    isoPrefix = new Date(sec).toISOString().slice(0, -4);
  }
  return isoPrefix + (ms < 10 ? "00" : ms < 100 ? "0" : "") + ms + "Z";
};
const num = (x: number) => (x === x ? String(x) : "");

/** Output bytes in fixed-size buffers: each row is written as it is formatted, so no batch of strings is kept. */
class ByteSink {
  private buf = Buffer.allocUnsafe(1 << 22);
  private at = 0;
  readonly full: Uint8Array[] = [];
  put(s: string): void {
    if (this.at + s.length * 3 > this.buf.length) this.cut(s.length * 3);
    this.at += this.buf.write(s, this.at, "utf8");
  }
  /** Hands over a copy of what is written and reuses the buffer (a view would pin 4 MB per batch until it is collected). */
  cut(room = 0): void {
    if (this.at) this.full.push(Buffer.from(this.buf.subarray(0, this.at)));
    if (room > this.buf.length) this.buf = Buffer.allocUnsafe(room);
    this.at = 0;
  }
}

async function* encodeCsv(spec: ExportSpec, batches: AsyncIterable<ExportBatch>): AsyncGenerator<Uint8Array> {
  const out = new ByteSink();
  out.put(columnNames(spec).map(csvField).join(",") + "\r\n");
  for await (const b of batches) {
    // Text cells repeat (categories): quote each distinct one once per batch.
    const quoted = new Map<string, string>();
    const text = (s: string | null | undefined) => {
      if (s === null || s === undefined) return "";
      let q = quoted.get(s);
      if (q === undefined) quoted.set(s, (q = csvField(s)));
      return q;
    };
    const version = text(b.version);
    const cells: string[] = new Array<string>(b.features.length + 5);
    for (let i = 0; i < b.n; i++) {
      cells[0] = csvField(b.requestId[i]!);
      cells[1] = version;
      cells[2] = iso(b.timestamp[i]!);
      let k = 3;
      for (const col of b.features) cells[k++] = col instanceof Float64Array ? num(col[i]!) : text(col[i]);
      cells[k++] = b.label instanceof Float64Array ? num(b.label[i]!) : text(b.label[i]);
      cells[k] = iso(b.labelAt[i]!);
      out.put(cells.join(",") + "\r\n");
    }
    out.cut();
    yield* out.full.splice(0);
  }
  out.cut();
  yield* out.full.splice(0);
}

/** A dense column goes to the writer as the typed array itself; one with gaps as numbers and nulls. */
const orNull = (a: Float64Array): Float64Array | (number | null)[] => (a.every((x) => x === x) ? a : Array.from(a, (x) => (x === x ? x : null)));
const timeOrNull = (a: Float64Array): (number | null)[] => Array.from(a, (x) => (x === x ? Math.round(x) : null));

function parquetColumns(spec: ExportSpec, b: ExportBatch | null): ColumnSource[] {
  const n = b?.n ?? 0;
  const cols: ColumnSource[] = [
    { name: "request_id", data: b?.requestId ?? [], type: "STRING", nullable: false, encoding: "PLAIN" },
    { name: "version", data: b ? new Array<string>(n).fill(b.version) : [], type: "STRING" },
    { name: "timestamp", data: b ? timeOrNull(b.timestamp) : [], type: "TIMESTAMP", codec: "UNCOMPRESSED", encoding: "PLAIN" },
  ];
  spec.features.forEach((f, j) => {
    const col = b?.features[j];
    // Doubles barely compress and snappy in JavaScript is a third of the time: written uncompressed.
    if (f.type === "numeric") cols.push({ name: f.name, data: col instanceof Float64Array ? orNull(col) : [], type: "DOUBLE", codec: "UNCOMPRESSED", encoding: "PLAIN" });
    else cols.push({ name: f.name, data: (col as (string | null)[] | undefined) ?? [], type: "STRING" });
  });
  cols.push({ name: "label", data: b ? (b.label instanceof Float64Array ? orNull(b.label) : b.label) : [], type: spec.numericLabel ? "DOUBLE" : "STRING" });
  cols.push({ name: "label_at", data: b ? timeOrNull(b.labelAt) : [], type: "TIMESTAMP", codec: "UNCOMPRESSED" });
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

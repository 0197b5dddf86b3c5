/**
 * The one Parquet layout read without decoding: a REQUIRED, uncompressed DOUBLE column chunk
 * whose pages are all PLAIN data pages (v1 or v2) holds its values as little-endian doubles right
 * after each page header, so they are read from the file straight into the final array — no
 * buffer per page, no aligned copy (hyparquet copies a page whose values do not start on an
 * 8-byte boundary, i.e. almost always). Any other page (dictionary, another encoding, levels,
 * nulls) makes it return false, and the caller decodes the chunk with hyparquet, which rewrites
 * every row of it. Non-finite values become NaN (missing), as in the decoded path.
 */
import type { ColumnMetaData, SchemaElement } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import type { FileRanges } from "./file-ranges";

/** A page header is a few dozen bytes (statistics of a double column included). */
const HEADER_WINDOW = 1024;

export function plainDoublesLayout(meta: ColumnMetaData, element: SchemaElement): boolean {
  return meta.type === "DOUBLE" && meta.codec === "UNCOMPRESSED" && element.repetition_type === "REQUIRED" && !meta.dictionary_page_offset;
}

/** Read rows [first, first + rows) of `out` from the chunk; false when a page is not a plain data page of doubles. */
export function readPlainDoubles(file: Pick<FileRanges, "readInto" | "byteLength">, meta: ColumnMetaData, out: Float64Array, first: number, rows: number): boolean {
  const end = Number(meta.data_page_offset + meta.total_compressed_size);
  const window = new Uint8Array(HEADER_WINDOW);
  let pos = Number(meta.data_page_offset);
  let done = 0;
  while (pos < end) {
    const seen = file.readInto(window.subarray(0, Math.min(HEADER_WINDOW, end - pos)), pos);
    const reader = { view: new DataView(seen.buffer, seen.byteOffset, seen.byteLength), offset: 0 };
    let header: ReturnType<typeof parquetHeader>;
    try {
      header = parquetHeader(reader);
    } catch {
      return false; // a header longer than the window: let the decoder have it
    }
    const v1 = header.type === "DATA_PAGE" ? header.data_page_header : undefined;
    const v2 = header.type === "DATA_PAGE_V2" ? header.data_page_header_v2 : undefined;
    const count = v1?.num_values ?? v2?.num_values;
    const plain = v1 ? v1.encoding === "PLAIN" : v2 ? v2.encoding === "PLAIN" && !v2.num_nulls && !v2.definition_levels_byte_length && !v2.repetition_levels_byte_length : false;
    if (!plain || count === undefined || header.compressed_page_size !== count * 8 || done + count > rows) return false;
    file.readInto(new Uint8Array(out.buffer, out.byteOffset + (first + done) * 8, count * 8), pos + reader.offset);
    done += count;
    pos += reader.offset + header.compressed_page_size;
  }
  if (done !== rows || pos !== end) return false;
  for (let i = first; i < first + rows; i++) {
    const v = out[i];
    if (v - v !== 0) out[i] = NaN; // ±Infinity and any NaN payload: missing
  }
  return true;
}

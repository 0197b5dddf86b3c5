/**
 * A whole Parquet file of plain numeric columns (DOUBLE, FLOAT, INT32, INT64 without a logical
 * or converted type, not nested, not repeated) as one table for `evalbook evaluate`: the columns
 * are allocated once at the file's row count and filled row group by row group, one column at a
 * time, straight from hyparquet's decoded pages — no chunks to join, no row objects, so the peak
 * is the data plus one decoded column chunk. Any other schema returns null (the chunked reader
 * in parquet-chunks.ts handles it). Values are read as parquet-chunks.ts reads them: a number
 * (bigint as Number), anything non-finite or null is missing (NaN). From a file read by ranges
 * (file-ranges.ts), plain uncompressed REQUIRED doubles are read straight into the final arrays
 * (parquet-plain-pages.ts), and other chunks are read into the memory of the previous one.
 */
import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from "hyparquet";
import type { Column } from "../../plugins/sdk";
import { badRequest } from "../domain/errors";
import type { Cell } from "./cells";
import type { FileRanges } from "./file-ranges";
import { plainDoublesLayout, readPlainDoubles } from "./parquet-plain-pages";
import type { RawTable } from "./table";

const NUMERIC = new Set(["DOUBLE", "FLOAT", "INT32", "INT64"]);

/** The leaf names when the schema is flat plain numbers, else null. */
function plainNumericColumns(metadata: FileMetaData): string[] | null {
  const [root, ...leaves] = metadata.schema;
  if (!root || root.num_children !== leaves.length || leaves.length === 0) return null;
  for (const s of leaves) {
    if (s.num_children || !s.type || !NUMERIC.has(s.type) || s.logical_type || s.converted_type || s.repetition_type === "REPEATED") return null;
  }
  return leaves.map((s) => s.name);
}

export async function readParquetNumeric(file: AsyncBuffer & Partial<Pick<FileRanges, "step" | "readInto">>, cells: (obj: Record<string, unknown>) => Record<string, Cell>): Promise<RawTable | null> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw badRequest(`This is not a readable Parquet file (${(err as Error).message}).`);
  }
  const leaves = plainNumericColumns(metadata);
  if (!leaves) return null;
  // column names as the evaluation names them (API field names → column names); two leaves
  // under one name are merged by the chunked reader
  const names = leaves.map((name) => Object.keys(cells({ [name]: null }))[0] ?? name);
  if (new Set(names).size !== names.length) return null;
  const rows = Number(metadata.num_rows);
  const values = leaves.map(() => new Float64Array(new SharedArrayBuffer(rows * 8)).fill(NaN));
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    for (let c = 0; c < leaves.length; c++) {
      const out = values[c];
      // plain pages of doubles straight from the file into `out`; anything else decoded by hyparquet
      const meta = group.columns.find((k) => k.meta_data?.path_in_schema[0] === leaves[c])?.meta_data;
      const readInto = file.readInto;
      if (readInto && meta && plainDoublesLayout(meta, metadata.schema[c + 1]!)) {
        if (readPlainDoubles({ readInto, byteLength: file.byteLength }, meta, out, groupStart, groupEnd - groupStart)) continue;
      }
      const read = () =>
        parquetRead({
          file,
          metadata,
          rowStart: groupStart,
          rowEnd: groupEnd,
          columns: [leaves[c]],
          onChunk: ({ columnData, rowStart }) => {
            const data = columnData as ArrayLike<unknown>;
            const from = Math.max(groupStart, rowStart);
            const to = Math.min(groupEnd, rowStart + data.length);
            for (let r = from; r < to; r++) {
              const v = data[r - rowStart];
              const x = typeof v === "bigint" ? Number(v) : v;
              out[r] = typeof x === "number" && Number.isFinite(x) ? x : NaN;
            }
          },
        });
      // the chunk is copied into `out` by the time the read settles: its slices may be reused
      await (file.step ? file.step(read) : read());
    }
    groupStart = groupEnd;
  }
  const columns: Column[] = values.map((v) => ({ type: "numeric", values: v }));
  return { rows, names, columns };
}

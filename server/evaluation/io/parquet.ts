/**
 * Parquet → columns with hyparquet, one row group at a time, reading the file by ranges
 * (asyncBufferFromFile), so memory stays at the decoded columns plus one row group.
 */
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from "hyparquet";
import { ColumnBuilder, type RawTable } from "./column-builder";

export async function readParquetFile(file: string): Promise<RawTable> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const rows = Number(metadata.num_rows);
  const schema = parquetSchema(metadata);
  const names = schema.children.map((c) => c.element.name);
  const builders = names.map(() => new ColumnBuilder(rows));
  const byName = new Map(names.map((n, i) => [n, builders[i]]));
  let start = 0;
  for (const rg of metadata.row_groups) {
    const end = start + Number(rg.num_rows);
    await parquetRead({
      file: buffer,
      metadata,
      rowStart: start,
      rowEnd: end,
      onChunk: ({ columnName, columnData, rowStart }) => {
        const b = byName.get(columnName);
        if (!b) return;
        for (let i = 0; i < columnData.length; i++) b.set(rowStart + i, columnData[i]);
      },
    });
    start = end;
  }
  return { rows, names, columns: builders.map((b) => b.build()) };
}

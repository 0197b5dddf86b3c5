/** Parquet files of plain double columns for tests and benches, written by hyparquet-writer. */
import fs from "node:fs";
import { ByteWriter, parquetWrite } from "hyparquet-writer";

/**
 * Write `columns` (equal lengths) as a Parquet file: REQUIRED DOUBLE columns, uncompressed, row
 * groups of `groupRows`.
 */
export function writeDoublesParquet(file: string, columns: Record<string, Float64Array>, groupRows: number): void {
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: Object.entries(columns).map(([name, data]) => ({ name, data, type: "DOUBLE" as const, nullable: false })),
    codec: "UNCOMPRESSED",
    statistics: false,
    rowGroupSize: Math.max(1, groupRows),
  });
  fs.writeFileSync(file, new Uint8Array(writer.getBuffer()));
}

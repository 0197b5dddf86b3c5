import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openFileRanges, type FileRanges } from "@/server/files/file-ranges";
import { ByteWriter, parquetWrite } from "hyparquet-writer";
import { parquetMetadataAsync } from "hyparquet";
import { readParquetNumeric } from "@/server/files/parquet-columns";
import { plainDoublesLayout, readPlainDoubles } from "@/server/files/parquet-plain-pages";
import { evaluationCells, readWholeTable } from "@/server/files/read-table";
import { writeDoublesParquet } from "../../helpers/parquet-writer";

function withDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-ranges-"));
    try {
      await fn(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function withRanges(file: string, fn: (f: FileRanges) => Promise<void>) {
  const f = openFileRanges(file);
  try {
    await fn(f);
  } finally {
    f.close();
  }
}

describe("a file read by ranges (hyparquet AsyncBuffer over one file handle)", () => {
  it(
    "slices hold exactly the file's bytes; inside steps a buffer of the same length is reused, outside it never is",
    withDir(async (dir) => {
      const file = path.join(dir, "bytes.bin");
      const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37 + 11) & 255);
      fs.writeFileSync(file, bytes);
      await withRanges(file, async (f) => {
        expect(f.byteLength).toBe(5000);
        const whole = new Uint8Array(await f.slice(0));
        expect(Array.from(whole)).toEqual(Array.from(bytes));
        const a = await f.slice(100, 1100);
        const b = await f.slice(100, 1100);
        expect(a).not.toBe(b); // outside a step: fresh buffers
        let first: ArrayBuffer | undefined;
        await f.step(async () => {
          first = await f.slice(10, 1010);
          const other = await f.slice(2000, 3000); // same length, same step: its own buffer
          expect(other).not.toBe(first);
          expect(Array.from(new Uint8Array(other))).toEqual(Array.from(bytes.subarray(2000, 3000)));
        });
        await f.step(async () => {
          const again = await f.slice(3000, 4000);
          expect(again).toBe(first); // the previous step's buffer, refilled
          expect(Array.from(new Uint8Array(again))).toEqual(Array.from(bytes.subarray(3000, 4000)));
          const shorter = await f.slice(0, 10);
          expect(shorter.byteLength).toBe(10);
        });
        await expect(f.slice(4990, 5001)).rejects.toThrow(/byte range 4990–5001 outside the file \(5000 bytes\)/);
      });
    }),
  );

  it(
    "reads a Parquet file of numeric columns, row group by row group into reused slices, as the chunked reader does",
    withDir(async (dir) => {
      const n = 1000;
      const x = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? NaN : i === 5 ? Infinity : i === 6 ? -Infinity : Math.cos(i) * 1e3));
      const y = Float64Array.from({ length: n }, (_, i) => i - 500);
      const file = path.join(dir, "t.parquet");
      writeDoublesParquet(file, { x, y }, 64); // 16 row groups, the last one short
      await withRanges(file, async (f) => {
        const direct = await readParquetNumeric(f, evaluationCells);
        const chunked = await readWholeTable({ format: "parquet", file: f });
        expect(direct!.rows).toBe(n);
        direct!.columns.forEach((c, k) => {
          const w = chunked.columns[k];
          if (c.type !== "numeric" || w.type !== "numeric") throw new Error("numeric expected");
          expect(Array.from(c.values)).toEqual(Array.from(w.values));
        });
        expect(Array.from((direct!.columns[1] as { values: Float64Array }).values)).toEqual(Array.from(y));
        const vx = (direct!.columns[0] as { values: Float64Array }).values;
        expect([vx[0], vx[5], vx[6]].every(Number.isNaN)).toBe(true); // NaN and ±Infinity: missing
        // these chunks (REQUIRED, uncompressed, PLAIN doubles) are read straight from the file, none decoded
        const metadata = await parquetMetadataAsync(f);
        const out = new Float64Array(n);
        let start = 0;
        for (const g of metadata.row_groups) {
          const meta = g.columns[0]!.meta_data!;
          expect(plainDoublesLayout(meta, metadata.schema[1]!)).toBe(true);
          expect(readPlainDoubles(f, meta, out, start, Number(g.num_rows))).toBe(true);
          start += Number(g.num_rows);
        }
        expect(Array.from(out)).toEqual(Array.from(vx));
      });
    }),
  );

  it(
    "leaves compressed or nullable double columns to the decoder, with the same values",
    withDir(async (dir) => {
      const n = 500;
      const data = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 10);
      const file = path.join(dir, "snappy.parquet");
      const writer = new ByteWriter();
      parquetWrite({ writer, columnData: [{ name: "s", data, type: "DOUBLE" as const, nullable: true }], codec: "SNAPPY", rowGroupSize: 128 });
      fs.writeFileSync(file, new Uint8Array(writer.getBuffer()));
      await withRanges(file, async (f) => {
        const metadata = await parquetMetadataAsync(f);
        expect(plainDoublesLayout(metadata.row_groups[0]!.columns[0]!.meta_data!, metadata.schema[1]!)).toBe(false);
        const table = await readParquetNumeric(f, evaluationCells);
        expect(Array.from((table!.columns[0] as { values: Float64Array }).values)).toEqual(Array.from(data));
      });
    }),
  );
});

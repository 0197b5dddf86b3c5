import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asyncBufferFromFile } from "hyparquet";
import { describe, expect, it } from "vitest";
import { readParquetNumeric } from "@/server/files/parquet-columns";
import { evaluationCells, readTable, readWholeTable } from "@/server/files/read-table";
import { writeDoublesParquet } from "../../helpers/parquet-writer";

describe("Parquet of plain numeric columns, read column by column into the final arrays", () => {
  it("equals the chunked reader across row groups, with non-finite values missing and API names mapped", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-pq-"));
    try {
      const n = 50;
      const a = Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : i * 1.5 - 20));
      const b = Float64Array.from({ length: n }, (_, i) => (i === 3 ? Infinity : i === 4 ? -Infinity : Math.sin(i) * 1e6));
      const lat = Float64Array.from({ length: n }, (_, i) => i);
      const file = path.join(dir, "t.parquet");
      writeDoublesParquet(file, { a, b, latencyMs: lat }, 7); // 8 row groups, the last one short
      const direct = await readParquetNumeric(await asyncBufferFromFile(file), evaluationCells);
      const chunked = await readWholeTable({ format: "parquet", file: await asyncBufferFromFile(file) });
      expect(direct).not.toBeNull();
      expect(direct!.names).toEqual(["a", "b", "latency_ms"]);
      expect(direct!.rows).toBe(n);
      expect(chunked.names).toEqual(direct!.names);
      direct!.columns.forEach((c, k) => {
        const w = chunked.columns[k];
        if (c.type !== "numeric" || w.type !== "numeric") throw new Error("numeric expected");
        expect(Array.from(c.values)).toEqual(Array.from(w.values));
      });
      const va = (direct!.columns[0] as { values: Float64Array }).values;
      const vb = (direct!.columns[1] as { values: Float64Array }).values;
      expect(Number.isNaN(va[0]) && Number.isNaN(vb[3]) && Number.isNaN(vb[4])).toBe(true);
      expect(va[10]).toBe(-5);
      // readTable takes this path for such a file
      const viaTable = await readTable(file);
      expect(Array.from((viaTable.columns[1] as { values: Float64Array }).values)).toEqual(Array.from(vb));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("leaves other schemas (text, booleans) to the chunked reader", async () => {
    const fixture = path.resolve(__dirname, "../../fixtures/evaluation/baseline.parquet");
    expect(await readParquetNumeric(await asyncBufferFromFile(fixture), evaluationCells)).toBeNull();
  });
});

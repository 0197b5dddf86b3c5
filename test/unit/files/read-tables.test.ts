import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTables } from "@/server/files/read-parallel";
import { readTable } from "@/server/files/read-table";
import { writeDoublesParquet } from "../../helpers/parquet-writer";

describe("readTables on several large files", () => {
  it("gives each file's table in order, Parquet read on this thread and NDJSON in a read worker", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-tables-"));
    try {
      // together over read-parallel.ts's 8 MB: the worker path is taken for the NDJSON file
      const n = 400_000;
      const parquet = (name: string, shift: number) => {
        const file = path.join(dir, name);
        writeDoublesParquet(file, { x: Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 10 + shift), y: Float64Array.from({ length: n }, (_, i) => i) }, 100_000);
        return file;
      };
      const ndjson = path.join(dir, "c.ndjson");
      fs.writeFileSync(ndjson, Array.from({ length: 2_000 }, (_, i) => JSON.stringify({ x: i / 4, tag: i % 3 ? "a" : "b" })).join("\n") + "\n");
      const files = [parquet("a.parquet", 0), ndjson, parquet("b.parquet", 0.5)];
      const tables = await readTables(files);
      expect(tables.map((t) => t.rows)).toEqual([n, 2_000, n]);
      for (let k = 0; k < files.length; k++) {
        const alone = await readTable(files[k]!);
        expect(tables[k]!.names).toEqual(alone.names);
        tables[k]!.columns.forEach((c, j) => {
          const a = alone.columns[j]!;
          expect(c.type).toBe(a.type);
          if (c.type === "numeric" && a.type === "numeric") expect(Buffer.compare(Buffer.from(c.values.buffer), Buffer.from(a.values.buffer))).toBe(0);
          else expect(c).toEqual(a);
        });
      }
      expect(((tables[2]!.columns[0] as { values: Float64Array }).values)[1]).toBe(92.4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The one file reader (server/files/chunks.ts): the same columns from CSV, NDJSON and Parquet
 * whatever the chunk size, chunks bounded in rows and in rows × columns, bad rows rejected alone
 * with index, line, field and why; and the `evalbook ingest` records built from its chunks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import type { Column } from "@/plugins/sdk";
import { readChunks, type ChunkOptions, type FileInput, type TableChunk } from "@/server/files/chunks";
import { concatTables, rowsOf } from "@/server/files/table";
import { readRecords } from "@/server/ingest/files";

const FIX = path.resolve(__dirname, "../../fixtures/evaluation");
const text = (s: string) => Readable.from([Buffer.from(s)]);

async function chunksOf(input: FileInput, opts: ChunkOptions = {}): Promise<TableChunk[]> {
  const out: TableChunk[] = [];
  for await (const c of readChunks(input, opts)) out.push(c);
  return out;
}

async function input(format: "csv" | "ndjson" | "parquet"): Promise<FileInput> {
  const file = path.join(FIX, `current.${format}`);
  return format === "parquet" ? { format, file: await asyncBufferFromFile(file) } : { format, stream: fs.createReadStream(file) };
}

const values = (c: Column | undefined) => (c?.type === "numeric" ? Array.from(c.values) : c ? Array.from(c.codes, (x) => (x < 0 ? null : c.dictionary[x])) : undefined);

describe("the one file reader", () => {
  it("gives the same columns from CSV, NDJSON and Parquet, whatever the chunk size", async () => {
    const tables = [];
    for (const format of ["csv", "ndjson", "parquet"] as const) {
      const chunks = await chunksOf(await input(format), { chunkRows: 50 });
      expect(chunks.map((c) => c.rows)).toEqual([50, 50, 50, 50, 40]);
      expect(Array.from(chunks[1]!.index.subarray(0, 2))).toEqual([50, 51]);
      const whole = concatTables(chunks);
      const single = concatTables(await chunksOf(await input(format), { chunkRows: 10_000 }));
      for (const name of whole.names) expect(values(whole.columns[whole.names.indexOf(name)])).toEqual(values(single.columns[single.names.indexOf(name)]));
      tables.push(whole);
    }
    const [csv, nd, pq] = tables;
    for (const other of [nd!, pq!])
      for (const name of ["age", "income", "region", "label", "prediction", "request_id"])
        expect(values(other.columns[other.names.indexOf(name)])).toEqual(values(csv!.columns[csv!.names.indexOf(name)]));
  });

  it("ends a chunk early when rows × columns pass the cell budget (a wide row cannot blow up memory)", async () => {
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`w${i}`, i]));
    const lines = Array.from({ length: 100 }, (_, i) => JSON.stringify(i === 10 ? { x: i, ...wide } : { x: i }));
    const chunks = await chunksOf({ format: "ndjson", stream: text(lines.join("\n")) }, { chunkCells: 5_000 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.rows === 1 || c.rows * c.names.length <= 5_000).toBe(true);
    expect(chunks.reduce((s, c) => s + c.rows, 0)).toBe(100);
  });

  it("rejects a bad row alone with its index, line, field and why", async () => {
    const nd = await chunksOf({ format: "ndjson", stream: text('{"a":1}\n\n{oops}\n[1]\n{"a":2,"b":"x"}\n') });
    const rows = nd.flatMap((c) => Array.from(c.index));
    expect(rows).toEqual([0, 3]);
    expect(nd.flatMap((c) => c.rejected)).toEqual([
      { index: 1, line: 3, field: "", message: expect.stringMatching(/^line 3 is not valid JSON/) },
      { index: 2, line: 4, field: "", message: "line 4 is not a JSON object" },
    ]);

    const csv = await chunksOf({ format: "csv", stream: text("a,b\n1,2\n3\n4,5\n") }, { strictColumns: true });
    expect(csv.flatMap((c) => c.rejected)).toEqual([{ index: 1, line: 3, field: "", message: expect.stringMatching(/^line 3: .*/) }]);
    expect(values(concatTables(csv).columns[0])).toEqual([1, 4]);

    const checked = await chunksOf(
      { format: "csv", stream: text("a\n1\n-1\n2\n") },
      { check: (row, at) => ((row.a as number) < 0 ? { field: "a", message: `row ${at.index}: a must not be negative` } : null) },
    );
    expect(checked.flatMap((c) => c.rejected)).toEqual([{ index: 1, line: null, field: "a", message: "row 1: a must not be negative" }]);
  });

  it("joins chunks: a name that is text in any chunk is text in all; booleans come back as booleans", async () => {
    const nd = [{ z: 7, ok: true }, { z: 1.5, ok: false }, { z: "A1", ok: true }, { ok: null }].map((r) => JSON.stringify(r)).join("\n");
    const chunks = await chunksOf({ format: "ndjson", stream: text(nd) }, { chunkRows: 2 });
    expect(chunks[0]!.columns[0]!.type).toBe("numeric");
    const t = concatTables(chunks);
    expect(values(t.columns[t.names.indexOf("z")])).toEqual(["7", "1.5", "A1", null]);
    expect([...rowsOf(t)].map((r) => r.ok)).toEqual([true, false, true, null]);
  });
});

describe("Parquet read column by column", () => {
  const PQ = path.resolve(__dirname, "../../integration/ingest/fixtures/baseline.parquet"); // 300 rows in 3 row groups
  const expected = async () => (await parquetReadObjects({ file: await asyncBufferFromFile(PQ) })) as Record<string, unknown>[];

  it("cuts chunks across row groups with the file's values, types and booleans", async () => {
    const rows = await expected();
    const chunks = await chunksOf({ format: "parquet", file: await asyncBufferFromFile(PQ) }, { chunkRows: 70 });
    expect(chunks.map((c) => c.rows)).toEqual([70, 70, 70, 70, 20]);
    expect(Array.from(chunks[1]!.index.subarray(0, 2))).toEqual([70, 71]);
    const t = concatTables(chunks);
    expect(t.names).toEqual(["request_id", "txn_amount", "merchant_category", "is_international", "prediction", "label"]);
    expect(t.columns.map((c) => c.type)).toEqual(["categorical", "numeric", "categorical", "numeric", "numeric", "numeric"]);
    expect(chunks[0]!.columns[1]).toMatchObject({ values: expect.any(Float64Array) });
    expect([...t.booleans!]).toEqual(["is_international"]);
    expect([...rowsOf(t)]).toEqual(rows);
  });

  it("keeps a chunk within the cell budget and refuses a row a check refuses, alone", async () => {
    const chunks = await chunksOf(
      { format: "parquet", file: await asyncBufferFromFile(PQ) },
      { chunkCells: 6 * 40, check: (row, at) => (row.request_id === "pq-123" ? { field: "request_id", message: `row ${at.index}: refused` } : null) },
    );
    for (const c of chunks) expect(c.rows * c.names.length).toBeLessThanOrEqual(240);
    expect(chunks.flatMap((c) => c.rejected)).toEqual([{ index: 123, line: null, field: "request_id", message: "row 123: refused" }]);
    const t = concatTables(chunks);
    expect(t.rows).toBe(299);
    expect(values(t.columns[0])).not.toContain("pq-123");
    expect(values(t.columns[0])![123]).toBe("pq-124");
  });

  it("gives `evalbook ingest` the same records as the rows", async () => {
    const rows = await expected();
    const out = [];
    for await (const r of readRecords(PQ, "parquet", { labels: false })) out.push(r);
    expect(out).toHaveLength(300);
    expect(out[150]).toEqual({
      ok: true,
      index: 150,
      record: { requestId: "pq-150", prediction: rows[150]!.prediction, label: 1, features: { txn_amount: 10, merchant_category: "grocery", is_international: false } },
    });
  });

  it("refuses a file that is not Parquet with a clear error", async () => {
    const bad = Buffer.from("not a parquet file at all");
    const file = bad.buffer.slice(bad.byteOffset, bad.byteOffset + bad.byteLength);
    await expect(chunksOf({ format: "parquet", file })).rejects.toThrow(/not a readable Parquet file/);
  });
});

describe("`evalbook ingest` records from the reader", () => {
  it("keeps API-shaped NDJSON rows whole and rejections in file order", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-files-"));
    const file = path.join(dir, "log.ndjson");
    fs.writeFileSync(
      file,
      [
        JSON.stringify({ requestId: "a", version: "2", prediction: { cat: 0.7, dog: 0.3 }, features: { age: 31, plan: "pro", vip: true }, cohort: { region: "eu" } }),
        "not json",
        JSON.stringify({ request_id: 17, prediction: { cat: 0.4, dog: 0.6 }, age: null, "cohort.region": "us" }),
      ].join("\n"),
    );
    const out = [];
    for await (const r of readRecords(file, "ndjson", { labels: false, version: "v1" })) out.push(r.ok ? { index: r.index, record: r.record } : r);
    expect(out[0]).toEqual({
      index: 0,
      record: { requestId: "a", version: "2", prediction: { cat: 0.7, dog: 0.3 }, features: { age: 31, plan: "pro", vip: true }, cohort: { region: "eu" } },
    });
    expect(out[1]).toMatchObject({ ok: false, index: 1, line: 2, message: expect.stringMatching(/line 2 is not valid JSON/) });
    expect(out[2]).toEqual({ index: 2, record: { requestId: "17", version: "v1", prediction: { cat: 0.4, dog: 0.6 }, features: { age: null, plan: null, vip: null }, cohort: { region: "us" } } });
    fs.rmSync(dir, { recursive: true });
  });
});

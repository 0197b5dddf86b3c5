/**
 * Issue 9, "one file reader": the same small file written as CSV, NDJSON and Parquet goes through
 * the three consumers of server/files — the baseline upload service (stored, then loaded back as
 * the frame evaluators get), the `evalbook ingest` file reader (the API objects it sends) and
 * `evalbook evaluate`'s reader (the frame it evaluates) — and every one of the nine sees the same
 * columns, values and missing cells: "N/A", "None", "", "null" and "NaN" are missing everywhere,
 * "n/a" and "Null" are text everywhere (server/files/missing.ts, the README's list).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import Database from "better-sqlite3";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import type { Column, Frame } from "@/plugins/sdk";
import { readFileFrames } from "@/server/files/read-parallel";
import { withRoles } from "@/server/files/to-frame";
import { storeBaseline } from "@/server/ingest/baselines";
import { readRecords, type FileRecord } from "@/server/ingest/files";
import { SqlitePredictionRepository } from "@/server/predictions/sqlite-repository";
import { createModel } from "@/server/services/models";
import { createTestDatabase } from "../../helpers/db";

type Format = "csv" | "ndjson" | "parquet";
type Value = string | number | null;

/** What every consumer must see; booleans as the SDK frame holds them ("true"/"false"). */
const WANT: Record<string, Value[]> = {
  request_id: ["r0", "r1", "r2", "r3", "r4", "r5", "r6"],
  score: [1.5, null, null, null, null, null, -2],
  city: ["Paris", null, null, null, null, null, "Lyon"],
  flag: ["true", "false", null, "true", "false", "true", null],
  note: ["n/a", "Null", "x", "x", null, null, "y"],
};

const CSV = [
  "request_id,score,city,flag,note",
  "r0,1.5,Paris,true,n/a",
  "r1,N/A,N/A,false,Null",
  "r2,None,None,,x",
  "r3,,,TRUE,x",
  "r4,null,null,False,",
  "r5,NaN,NaN,true,None",
  "r6,-2, Lyon ,N/A,y",
  "",
].join("\n");

// NDJSON as an export with missing tokens would write it: tokens in a numeric column are strings
const NDJSON = [
  { request_id: "r0", score: 1.5, city: "Paris", flag: true, note: "n/a" },
  { request_id: "r1", score: "N/A", city: "N/A", flag: false, note: "Null" },
  { request_id: "r2", score: "None", city: "None", flag: "", note: "x" },
  { request_id: "r3", score: "", city: "", flag: true, note: "x" },
  { request_id: "r4", score: null, city: "null", flag: false, note: "" },
  { request_id: "r5", score: "NaN", city: "NaN", flag: true, note: "None" },
  { request_id: "r6", score: -2, city: "Lyon", flag: "N/A", note: "y" },
]
  .map((r) => JSON.stringify(r))
  .join("\n");

// Parquet is typed: a DOUBLE column holds null or NaN where the others hold tokens
const PARQUET = Buffer.from(
  parquetWriteBuffer({
    columnData: [
      { name: "request_id", data: WANT.request_id, type: "STRING" },
      { name: "score", data: [1.5, null, null, null, null, NaN, -2], type: "DOUBLE" },
      { name: "city", data: ["Paris", "N/A", "None", "", "null", "NaN", "Lyon"], type: "STRING" },
      { name: "flag", data: [true, false, null, true, false, true, null], type: "BOOLEAN" },
      { name: "note", data: ["n/a", "Null", "x", "x", "", "None", "y"], type: "STRING" },
    ],
  }),
);

const BYTES: Record<Format, Buffer> = { csv: Buffer.from(CSV), ndjson: Buffer.from(NDJSON), parquet: PARQUET };

/** A column as plain values: numbers, text ("true"/"false" for booleans), null for missing. */
function valuesOf(c: Column | undefined): Value[] {
  if (!c) return [];
  if (c.type === "numeric") return Array.from(c.values, (v) => (v === v ? v : null));
  return Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]!));
}

/** A frame with its request id role: every column as plain values, and each column's kind. */
function seen(f: Frame): { values: Record<string, Value[]>; kinds: Record<string, string> } {
  const values: Record<string, Value[]> = { request_id: valuesOf(f.requestId) };
  const kinds: Record<string, string> = {};
  for (const [name, c] of Object.entries(f.features)) {
    values[name] = valuesOf(c);
    kinds[name] = c.type;
  }
  return { values, kinds };
}

const KINDS = { score: "numeric", city: "categorical", flag: "categorical", note: "categorical" };

describe("one file reader for baseline uploads, `evalbook ingest` and `evalbook evaluate`", () => {
  const db = createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-one-reader-"));
  afterAll(() => {
    db.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const fileOf = (format: Format) => {
    const file = path.join(dir, `same.${format}`);
    fs.writeFileSync(file, BYTES[format]);
    return file;
  };

  async function modelId(): Promise<string> {
    const ws = await db.prisma.workspace.upsert({ where: { slug: "w" }, create: { slug: "w", name: "W" }, update: {} });
    const slug = `m${Math.random().toString(36).slice(2, 8)}`;
    return (await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [] })).id;
  }

  async function upload(format: Format, bytes: Buffer) {
    const raw = new Database(db.file);
    try {
      const repo = new SqlitePredictionRepository(raw);
      const result = await storeBaseline(
        repo,
        { modelId: await modelId(), name: "train", version: null, format, replace: false, maxRows: 1000 },
        { stream: () => Readable.from([bytes]), buffer: async () => bytes },
      );
      return { result, stored: await repo.loadBaseline(result.id) };
    } finally {
      raw.close();
    }
  }

  async function records(format: Format): Promise<FileRecord[]> {
    const out: FileRecord[] = [];
    for await (const r of readRecords(fileOf(format), format, { labels: false })) out.push(r);
    return out;
  }

  for (const format of ["csv", "ndjson", "parquet"] as const) {
    it(`${format}: the baseline upload sees the same columns, values and missing cells`, async () => {
      const { result, stored } = await upload(format, BYTES[format]);
      expect(result.rowCount).toBe(7);
      expect(result.rejected).toEqual([]);
      const byName = Object.fromEntries(result.columns.map((c) => [c.name, c]));
      expect(Object.keys(byName)).toEqual(["request_id", "score", "city", "flag", "note"]);
      expect(byName.score).toMatchObject({ type: "numeric", role: "feature", missing: 5, min: -2, max: 1.5 });
      expect(byName.city).toMatchObject({ type: "categorical", missing: 5, categories: ["Lyon", "Paris"] });
      expect(byName.flag).toMatchObject({ type: "boolean", missing: 2, categories: ["false", "true"] });
      expect(byName.note).toMatchObject({ type: "categorical", missing: 2, categories: ["Null", "n/a", "x", "y"] });
      expect(byName.request_id).toMatchObject({ role: "requestId", missing: 0 });
      const { values, kinds } = seen(stored.frame);
      expect(values).toEqual(WANT);
      expect(kinds).toEqual(KINDS);
    });

    it(`${format}: \`evalbook ingest\` sends the same values, missing as null and booleans as booleans`, async () => {
      const got = await records(format);
      expect(got.every((r) => r.ok)).toBe(true);
      const sent = got.map((r) => (r.ok ? r.record : {})) as { requestId: string; features: Record<string, unknown> }[];
      expect(sent[0]).toEqual({ requestId: "r0", features: { score: 1.5, city: "Paris", flag: true, note: "n/a" } });
      const values: Record<string, Value[]> = { request_id: sent.map((r) => r.requestId) };
      for (const name of ["score", "city", "flag", "note"]) values[name] = sent.map((r) => (typeof r.features[name] === "boolean" ? String(r.features[name]) : (r.features[name] as Value)));
      expect(values).toEqual(WANT);
      expect(sent.map((r) => r.features.flag)).toEqual([true, false, null, true, false, true, null]);
    });

    it(`${format}: \`evalbook evaluate\`'s reader gives the evaluator the same frame`, async () => {
      const [file] = await readFileFrames([fileOf(format)]);
      const frame = withRoles(file!);
      expect(frame.length).toBe(7);
      const { values, kinds } = seen(frame);
      expect(values).toEqual(WANT);
      expect(kinds).toEqual(KINDS);
    });
  }

  it("CSV: a text column keeps its cells as written (\"007\", \"1.50\", \"TRUE\") for all three", async () => {
    const csv = Buffer.from("request_id,zip,n\nr0,007,1\nr1,1.50,2\nr2,A1,N/A\nr3,TRUE,4\nr4, NA ,5\n");
    const want = { request_id: ["r0", "r1", "r2", "r3", "r4"], zip: ["007", "1.50", "A1", "TRUE", null], n: [1, 2, null, 4, 5] };
    const { stored } = await upload("csv", csv);
    expect(seen(stored.frame).values).toEqual(want);
    const file = path.join(dir, "zip.csv");
    fs.writeFileSync(file, csv);
    const sent: Record<string, Value[]> = { request_id: [], zip: [], n: [] };
    for await (const r of readRecords(file, "csv", { labels: false })) {
      const rec = (r.ok ? r.record : {}) as { requestId: string; features: Record<string, Value> };
      sent.request_id!.push(rec.requestId);
      sent.zip!.push(rec.features.zip!);
      sent.n!.push(rec.features.n!);
    }
    expect(sent).toEqual(want);
    const [frame] = await readFileFrames([file]);
    expect(seen(withRoles(frame!)).values).toEqual(want);
  });

  it("a bad row is rejected alone, with its index, line, field and why, by the upload and by `evalbook ingest`", async () => {
    const lines = NDJSON.split("\n");
    lines.splice(3, 0, "{not json");
    const bytes = Buffer.from(lines.join("\n"));
    const { result, stored } = await upload("ndjson", bytes);
    expect(result.rowCount).toBe(7);
    expect(result.rejected).toEqual([{ index: 3, field: "", message: expect.stringMatching(/^line 4 is not valid JSON/) }]);
    expect(seen(stored.frame).values).toEqual(WANT);

    const file = path.join(dir, "bad.ndjson");
    fs.writeFileSync(file, bytes);
    const out: FileRecord[] = [];
    for await (const r of readRecords(file, "ndjson", { labels: false })) out.push(r);
    expect(out.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(out[3]).toEqual({ ok: false, index: 3, line: 4, field: "", message: expect.stringMatching(/^line 4 is not valid JSON/) });
  });
});

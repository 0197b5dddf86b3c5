import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Column } from "@/plugins/sdk";
import { readCsvBuffer } from "@/server/files/csv/read";
import { readCsvFilesParallel } from "@/server/files/csv/parallel";
import fs from "node:fs";
import os from "node:os";
import { Readable } from "node:stream";
import { readTable, readWholeTable } from "@/server/files/read-table";
import { tableToFrame } from "@/server/files/to-frame";

const readNdjsonText = (text: string) => readWholeTable({ format: "ndjson", stream: Readable.from([Buffer.from(text)]) });

const FIX = path.resolve(__dirname, "../../fixtures/evaluation");
const col = (t: { names: string[]; columns: Column[] }, name: string) => t.columns[t.names.indexOf(name)];
const nums = (c: Column) => Array.from((c as { values: Float64Array }).values);

describe("CSV reader", () => {
  it("parses numbers exactly as Number() does, missing tokens, infinities and text columns", async () => {
    const csv = [
      "a,b,c,d",
      "1,0.1,x,1e-320",
      "-2.5,,y,123456789012345678",
      "3.0e2,NaN,,0.30000000000000004",
      "+4,-inf,x,1.7976931348623157e308",
      "",
    ].join("\r\n");
    const t = await readCsvBuffer(Buffer.from(csv));
    expect(t.rows).toBe(4);
    expect(nums(col(t, "a"))).toEqual([1, -2.5, 300, 4]);
    expect(nums(col(t, "b"))).toEqual([0.1, NaN, NaN, -Infinity]);
    expect(nums(col(t, "d"))).toEqual([1e-320, 123456789012345678, 0.30000000000000004, 1.7976931348623157e308]);
    const c = col(t, "c");
    expect(c.type).toBe("categorical");
    if (c.type === "categorical") {
      expect(Array.from(c.codes)).toEqual([0, 1, -1, 0]);
      expect(c.dictionary).toEqual(["x", "y"]);
    }
  });
  it("fast path agrees with Number() on many random decimal strings", async () => {
    const vals: string[] = [];
    let s = 12345;
    for (let i = 0; i < 5000; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const digits = (s % 17) + 1;
      const mant = String(s).padStart(10, "0").slice(0, Math.min(digits, 10));
      const e = (s >> 3) % 50 - 25;
      vals.push(i % 3 === 0 ? `${mant}.${String(s).slice(0, 7)}` : i % 3 === 1 ? `-0.${mant}` : `${mant}e${e}`);
    }
    const t = await readCsvBuffer(Buffer.from("v\n" + vals.join("\n")));
    expect(nums(col(t, "v"))).toEqual(vals.map(Number));
  });
  it("16–19 significant digits (double-double path) and near-halfway cases equal Number()", async () => {
    const vals = ["9007199254740993", "9007199254740992.5", "4503599627370496.5", "1.0000000000000002220446", "123456789012345678", "-0.30000000000000004"];
    let s = 987654321;
    for (let i = 0; i < 20000; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const v = ((s / 2147483648) * 2 - 1) * 10 ** ((s % 13) - 6);
      vals.push(i % 4 === 0 ? String(v) : v.toPrecision(16 + (i % 4)));
    }
    const t = await readCsvBuffer(Buffer.from("v\n" + vals.join("\n")));
    expect(nums(col(t, "v"))).toEqual(vals.map(Number));
  });
  it("a column that turns textual after numeric rows keeps the original text", async () => {
    const t = await readCsvBuffer(Buffer.from("zip,v\n007,1\n1.50,2\nA1,3\n"));
    const z = col(t, "zip");
    expect(z.type === "categorical" && z.dictionary).toEqual(["007", "1.50", "A1"]);
  });
  it("quoted fields go through csv-parse", async () => {
    const t = await readCsvBuffer(Buffer.from('name,v\n"Smith, J",1\n"say ""hi""",2\n'));
    const n = col(t, "name");
    expect(n.type === "categorical" && n.dictionary).toEqual(["Smith, J", 'say "hi"']);
    expect(nums(col(t, "v"))).toEqual([1, 2]);
  });
  it("short rows are padded with missing values; blank lines skipped", async () => {
    const t = await readCsvBuffer(Buffer.from("a,b\n1\n\n2,3\n"));
    expect(t.rows).toBe(2);
    expect(nums(col(t, "b"))).toEqual([NaN, 3]);
  });
});

describe("streamed CSV reader (both cores, a block at a time)", () => {
  it("gives the same table as the whole-buffer reader, whatever the block size", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-csv-"));
    const lines = ["\ufeffa,b,seg,d"];
    let s = 7;
    for (let i = 0; i < 3000; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const x = (s / 2147483648) * 200 - 100;
      const row = [String(x), i % 17 === 0 ? "" : (x / 3).toPrecision(17), i % 5 === 0 ? "NA" : `g${i % 7}`, i % 11 === 0 ? "inf" : String(i)];
      if (i === 1500) row[3] = "9".repeat(400) + ".5"; // a line longer than the block
      if (i % 97 === 0) lines.push("");
      lines.push(i % 89 === 0 ? row.slice(0, 2).join(",") : row.join(","));
    }
    const text = lines.map((l, i) => l + (i % 3 === 0 ? "\r\n" : "\n")).join(""); // both line ends
    const file = path.join(dir, "t.csv");
    fs.writeFileSync(file, text);
    const quoted = path.join(dir, "q.csv");
    fs.writeFileSync(quoted, 'a,b\n1,"2"\n');
    try {
      const want = await readCsvBuffer(fs.readFileSync(file));
      expect(want.columns[2].type).toBe("categorical");
      for (const block of [64, 1000, 4096, 1 << 22]) {
        const [got, q] = await readCsvFilesParallel([file, quoted], block);
        expect(q).toBeNull(); // quoted CSV: the csv-parse path
        expect(got!.rows).toBe(want.rows);
        expect(got!.names).toEqual(want.names);
        got!.columns.forEach((c, k) => {
          const w = want.columns[k];
          if (c.type === "numeric" && w.type === "numeric") expect(Array.from(c.values)).toEqual(Array.from(w.values));
          else expect(c).toEqual(w);
        });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("NDJSON reader", () => {
  it("flattens features/cohort and maps API field names", async () => {
    const t = await readNdjsonText(
      [
        JSON.stringify({ requestId: "a", latencyMs: 12, features: { x: 1, plan: "pro" }, cohort: { region: "eu" }, prediction: 0.2 }),
        "",
        JSON.stringify({ requestId: "b", latencyMs: null, features: { x: 2.5, plan: null }, cohort: { region: "us" }, prediction: 0.9 }),
      ].join("\n"),
    );
    expect([...t.names].sort()).toEqual(["latency_ms", "plan", "prediction", "region", "request_id", "x"]);
    const f = tableToFrame(t);
    expect(Array.from(f.latencyMs!)).toEqual([12, NaN]);
    expect(f.requestId!.dictionary).toEqual(["a", "b"]);
    expect(Object.keys(f.features).sort()).toEqual(["plan", "region", "x"]);
  });
  it("reports the line of invalid JSON", async () => {
    await expect(readNdjsonText('{"a":1}\n{oops}\n')).rejects.toThrow(/line 2/);
  });
});

describe("the same data from CSV, NDJSON and Parquet", () => {
  it("gives identical frames", async () => {
    const frames = await Promise.all(["csv", "ndjson", "parquet"].map(async (ext) => tableToFrame(await readTable(path.join(FIX, `current.${ext}`)))));
    for (const f of frames) {
      expect(f.length).toBe(240);
      expect(Object.keys(f.features).sort()).toEqual(["age", "income", "region"]);
    }
    const [csv, nd, pq] = frames;
    for (const other of [nd, pq]) {
      expect(nums(other.features.age)).toEqual(nums(csv.features.age));
      expect(nums(other.features.income)).toEqual(nums(csv.features.income));
      expect(nums(other.prediction!)).toEqual(nums(csv.prediction!));
      expect(nums(other.label!)).toEqual(nums(csv.label!));
      expect(Array.from(other.latencyMs!)).toEqual(Array.from(csv.latencyMs!));
      expect(other.requestId!.dictionary).toEqual(csv.requestId!.dictionary);
    }
    expect(nums(csv.features.age).filter(Number.isNaN).length).toBe(19);
  });
  it("unknown extensions and missing files are clear errors", async () => {
    await expect(readTable("/nope/x.xlsx")).rejects.toThrow(/unknown file type|no such file/);
    await expect(readTable(path.join(FIX, "missing.csv"))).rejects.toThrow(/no such file/);
  });
});

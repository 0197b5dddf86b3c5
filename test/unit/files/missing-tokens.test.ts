/**
 * One list of missing tokens (server/files/missing.ts) for every file reader: the evaluate CSV
 * scanner (inline and parallel chunk code), NDJSON, and the baseline / `evalbook ingest` cells.
 * Before, "N/A" and "None" were text for baselines and missing for `evalbook evaluate`.
 */
import { describe, expect, it } from "vitest";
import type { Column } from "@/plugins/sdk";
import { MISSING_TOKENS } from "@/server/files/missing";
import { readCsvBuffer } from "@/server/files/csv/read";
import { parseCsvChunk } from "@/server/files/csv/chunk";
import { Readable } from "node:stream";
import { readWholeTable } from "@/server/files/read-table";
import { csvText } from "@/server/files/cells";

const readNdjsonText = (text: string) => readWholeTable({ format: "ndjson", stream: Readable.from([Buffer.from(text)]) });

const tokens = [...MISSING_TOKENS];

function missingCount(c: Column): number {
  if (c.type === "numeric") return c.values.filter((v) => Number.isNaN(v)).length;
  return [...c.codes].filter((x) => x < 0).length;
}

describe("missing tokens", () => {
  it("every reader treats the listed tokens as missing and nothing else", async () => {
    expect(tokens).toEqual(expect.arrayContaining(["", "NA", "N/A", "NaN", "null", "None"]));
    const csv = ["v,w", ...tokens.map((tok) => `${tok},1`), "2,1", ""].join("\n");
    const t = await readCsvBuffer(Buffer.from(csv));
    expect(t.rows).toBe(tokens.length + 1);
    expect(t.columns[0]!.type).toBe("numeric");
    expect(missingCount(t.columns[0]!)).toBe(tokens.length);

    const body = Buffer.from(tokens.filter(Boolean).join("\n") + "\n");
    const col = new Float64Array(tokens.length);
    const flags = parseCsvChunk(body, 0, body.length, 1, [col], 0);
    expect(flags[0]).toBe(0);
    expect([...col.subarray(0, tokens.length - 1)].every((v) => Number.isNaN(v))).toBe(true);

    const nd = await readNdjsonText([...tokens.map((s) => JSON.stringify({ v: s })), JSON.stringify({ v: "x" })].join("\n"));
    expect(missingCount(nd.columns[nd.names.indexOf("v")]!)).toBe(tokens.length);

    for (const s of tokens) expect(csvText(` ${s} `)).toBeNull();
    for (const s of ["n/a", "Null", "NONE", "-", "missing"]) {
      expect(csvText(s)).toBe(s);
      expect(MISSING_TOKENS.has(s)).toBe(false);
    }
  });
});

import { describe, expect, it } from "vitest";
import { encodeExport, iso } from "../../../server/export/encode";
import type { ExportBatch, ExportSpec } from "../../../server/export/rows";

describe("export encoding", () => {
  it("formats times exactly as Date.toISOString, across seconds, before 1970 and with fractions", () => {
    const times = [0, 999, 1000, -1, -1001, 1_767_225_600_123, 1_767_225_600_123.5, Date.UTC(1969, 11, 31, 23, 59, 59, 7)];
    for (let k = 0; k < 2000; k++) times.push(Math.round(1.7e12 + Math.random() * 1e10));
    for (const t of times) expect(iso(t)).toBe(new Date(t).toISOString());
    expect(iso(NaN)).toBe("");
  });

  it("writes RFC 4180 CSV: quotes, commas, newlines and leading spaces quoted, missing values empty", async () => {
    const spec = { features: [{ name: "x", type: "numeric" }, { name: "c", type: "text" }], numericLabel: true } as unknown as ExportSpec;
    const batch: ExportBatch = {
      n: 3,
      version: "v1",
      requestId: ["a", 'b,"q"', " c"],
      timestamp: Float64Array.from([0, 1000, NaN]),
      features: [Float64Array.from([1.5, NaN, -0.1]), ["plain", 'say "hi", then\nleave', null]],
      label: Float64Array.from([1, NaN, 0]),
      labelAt: Float64Array.from([5, NaN, NaN]),
    };
    const parts: Uint8Array[] = [];
    for await (const p of encodeExport("csv", spec, (async function* () { yield batch; })())) parts.push(p);
    expect(Buffer.concat(parts).toString("utf8")).toBe(
      "request_id,version,timestamp,x,c,label,label_at\r\n" +
        "a,v1,1970-01-01T00:00:00.000Z,1.5,plain,1,1970-01-01T00:00:00.005Z\r\n" +
        '"b,""q""",v1,1970-01-01T00:00:01.000Z,,"say ""hi"", then\nleave",,\r\n' +
        '" c",v1,,-0.1,,0,\r\n',
    );
  });
});

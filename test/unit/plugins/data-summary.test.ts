import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn, seededRandom } from "@/plugins/sdk";
import dataSummary from "@/plugins/builtin/data.summary";
import { run } from "./harness";

/** Standard normal draws (Box–Muller on a seeded PRNG): chunk statistics vary as real data do. */
function normals(n: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()));
}
const cats = (n: number, start = 0) => categoricalColumn(Array.from({ length: n }, (_, i) => ["a", "b", "c"][(i + start) % 3]));

describe("data.summary (NannyML summary statistics drift)", () => {
  const baseline = createFrame({ features: { x: numericColumn(normals(5000, 1)), c: cats(5000) } });
  it("no alert on data like the reference", async () => {
    const r = await run(dataSummary, { baseline, current: createFrame({ features: { x: numericColumn(normals(3000, 2)), c: cats(3000, 1) } }) });
    expect(r.metrics).toMatchObject({ columns_checked: 2, columns_alerting: 0, chunks: 10 });
    expect(r.status).toBe("pass");
  });
  it("a shifted chunk, missing values and an unseen category alert in their chunk", async () => {
    const x = normals(3000, 2);
    for (let i = 2100; i < 2400; i++) x[i] += 1.5; // chunk 7
    for (let i = 300; i < 420; i++) x[i] = NaN; // chunk 1: 40% missing
    const c = Array.from({ length: 3000 }, (_, i) => (i >= 2700 && i % 2 ? "z" : ["a", "b", "c"][i % 3]));
    const r = await run(dataSummary, { baseline, current: createFrame({ features: { x: numericColumn(x), c: categoricalColumn(c) } }) });
    const xs = r.columns!.find((col) => col.column === "x")!;
    const chunks = xs.details!.chunks as { chunk: number; alerts: string[] }[];
    expect(chunks[7].alerts).toContain("mean");
    expect(chunks[1].alerts).toContain("missing_share");
    expect(chunks.filter((ch) => ch.alerts.length).map((ch) => ch.chunk)).toEqual([1, 7]);
    expect(xs.metrics.alerts).toBe(2);
    const cs = r.columns!.find((col) => col.column === "c")!;
    expect((cs.details!.chunks as { alerts: string[] }[])[9].alerts).toEqual(["unseen_share"]);
    expect(cs.metrics.unseen_share).toBeCloseTo(150 / 3000, 15);
    expect(r.status).toBe("fail");
  });
});

/**
 * The bounds of the streamed summaries: cohort values per key, categories per column, values
 * counted per numeric column — and that a cohort's summaries, fed chunk by chunk, equal those of
 * its rows fed at once.
 */
import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn } from "@/plugins/sdk";
import { CohortSketches, cohortId, ColumnSketches, STREAMED_MAX_CATEGORIES, STREAMED_MAX_COHORTS, ValueCounts } from "@/server/evaluation/streamed-sketches";

function chunk(from: number, n: number, regions: number) {
  const idx = Array.from({ length: n }, (_, k) => from + k);
  return createFrame({
    features: { x: numericColumn(idx.map((i) => (i * 37) % 101)), few: numericColumn(idx.map((i) => i % 4)), id: categoricalColumn(idx.map((i) => `id${i}`)) },
    cohorts: { region: categoricalColumn(idx.map((i) => `r${String(i % regions).padStart(2, "0")}`)) },
  });
}

describe("streamed summaries", () => {
  it("sketch the first STREAMED_MAX_COHORTS values of a key and name the rest", () => {
    const s = new CohortSketches(["region", "absent"], ["x", "few"]);
    for (let from = 0; from < 4000; from += 1000) s.addFrame(chunk(from, 1000, 40));
    expect(s.all.rows).toBe(4000);
    expect(s.values("region")).toHaveLength(STREAMED_MAX_COHORTS);
    expect([...s.dropped.get("region")!].sort()).toEqual(Array.from({ length: 40 - STREAMED_MAX_COHORTS }, (_, k) => `r${STREAMED_MAX_COHORTS + k}`));
    expect(s.keysSeen).toEqual(new Set(["region"]));
    expect(s.cohorts.get(cohortId("region", "r05"))!.rows).toBe(100);
  });

  it("give a cohort, fed chunk by chunk in place, the summaries of its rows fed at once", () => {
    const s = new CohortSketches(["region"], ["x", "few"], () => undefined, 16);
    for (let from = 0; from < 3000; from += 700) s.addFrame(chunk(from, Math.min(700, 3000 - from), 3));
    const whole = chunk(0, 3000, 3);
    const rows = Int32Array.from({ length: 1000 }, (_, k) => 3 * k + 1);
    const direct = new ColumnSketches(16);
    direct.addFrame(whole, ["x", "few"], rows);
    const c = s.cohorts.get(cohortId("region", "r01"))!;
    expect(c.rows).toBe(1000);
    expect(c.numeric.get("x")!.n).toBe(1000);
    expect(c.numeric.get("x")!.exact).toBe(false); // k = 16: compacted
    expect(c.numeric.get("x")!.view()).toEqual(direct.numeric.get("x")!.view());
    expect([...c.values.get("few")!.counts]).toEqual([...direct.values.get("few")!.counts]);
    expect(c.values.get("x")!.overflow).toBe(true); // 101 values: more than 20
  });

  it("count at most STREAMED_MAX_CATEGORIES categories per column, then give the column up", () => {
    const s = new ColumnSketches();
    const n = STREAMED_MAX_CATEGORIES + 10;
    s.addFrame(createFrame({ features: { id: categoricalColumn(Array.from({ length: n }, (_, i) => `id${i}`)), tier: categoricalColumn(Array.from({ length: n }, (_, i) => (i % 2 ? "a" : "b"))) } }));
    expect(s.tooManyCategories).toEqual(new Set(["id"]));
    expect(s.categorical.has("id")).toBe(false);
    expect(s.categorical.get("tier")).toEqual(new Map([["b", (n + 1) >> 1], ["a", n >> 1]]));
    expect(s.nonMissing("tier")).toBe(n);
  });

  it("count a numeric column's values exactly: all while ≤ 20, then the baseline's and the first 20 others, the rest lumped", () => {
    const base = new ValueCounts();
    base.addAll(Float64Array.from([1, 2, 2, NaN, Infinity, 3]));
    expect([...base.counts]).toEqual([[1, 1], [2, 2], [3, 1]]);
    base.addAll(Float64Array.from({ length: 30 }, (_, i) => i));
    expect(base.overflow).toBe(true);
    const cur = new ValueCounts(new Set([1, 2]));
    cur.addAll(Float64Array.from({ length: 100 }, (_, i) => i % 50));
    expect(cur.counts.get(1)).toBe(2);
    expect(cur.counts.size).toBe(2 + 20);
    expect(cur.other).toBe(100 - 4 - 40);
  });
});

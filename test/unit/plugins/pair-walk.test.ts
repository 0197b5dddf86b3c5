import { describe, expect, it } from "vitest";
import { ksStatistic, seededRandom, walkPair, wasserstein1 } from "@/plugins/sdk";

describe("the merge walk over two sorted samples (KS statistic + 1-Wasserstein in one pass)", () => {
  it("gives bit for bit what ksStatistic and wasserstein1 give: ties within and across samples, −0/+0, unequal sizes, one side running out first", () => {
    const r = seededRandom(21);
    const kinds: Array<() => number> = [
      () => r() * 2 - 1, // distinct
      () => Math.round(r() * 20) / 4 - 2, // heavy ties, shared between the samples
      () => (r() < 0.5 ? -0 : 0) + (r() < 0.3 ? 1 : 0), // −0, +0 and 1
      () => Math.floor(r() * 3), // three values
    ];
    let cases = 0;
    for (const make of kinds) {
      for (const [n1, n2, shift] of [
        [1, 1, 0],
        [5, 3, 0],
        [200, 200, 0],
        [1000, 700, 0.1],
        [700, 1000, -0.1],
        [300, 50, 5], // every b above every a
        [50, 300, -5],
      ] as const) {
        const a = Float64Array.from({ length: n1 }, make).sort();
        const b = Float64Array.from({ length: n2 }, () => make() + shift).sort();
        const w = walkPair(a, b);
        expect(Object.is(w.ks, ksStatistic(a, b))).toBe(true);
        expect(Object.is(w.wasserstein, wasserstein1(a, b))).toBe(true);
        cases++;
      }
    }
    expect(cases).toBe(28);
    // a side that ran out reads as +Infinity inside the walk: a real +Infinity (or −Infinity) stays apart from it
    for (const [a, b] of [
      [[1, Infinity], [2]],
      [[2], [1, Infinity]],
      [[Infinity], [Infinity]],
      [[1, Infinity, Infinity], [0, 3, Infinity]],
      [[-Infinity, 0], [1]],
    ]) {
      const w = walkPair(Float64Array.from(a!), Float64Array.from(b!));
      expect(Object.is(w.ks, ksStatistic(Float64Array.from(a!), Float64Array.from(b!)))).toBe(true);
      expect(Object.is(w.wasserstein, wasserstein1(Float64Array.from(a!), Float64Array.from(b!)))).toBe(true);
    }
    // an empty side: KS of nothing is 0 here (callers report n/a first); Wasserstein is NaN
    expect(walkPair(new Float64Array(0), Float64Array.of(1, 2))).toEqual({ ks: 0, wasserstein: NaN });
  });
});

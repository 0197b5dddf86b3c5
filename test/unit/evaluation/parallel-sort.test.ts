import { describe, expect, it } from "vitest";
import { DRIFT_TESTS, createFrame, hasPairDigest, hasSorted, ksAndWasserstein, numericColumn, sortedFinite, walkPair, type DriftTestId } from "@/plugins/sdk";
import { presortPairs, presortFrames } from "@/server/evaluation/parallel-sort";

function sharedColumn(n: number, seed: number, holes = false): Float64Array {
  const v = new Float64Array(new SharedArrayBuffer(n * 8));
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    v[i] = holes && i % 97 === 0 ? NaN : holes && i % 101 === 0 ? Infinity : (s / 2147483648) * 10 - 5 + (i % 3);
  }
  return v;
}

describe("worker-thread pre-sort", () => {
  it("primes sorted columns and KS/Wasserstein walks identical to the inline computation", async () => {
    const b1 = sharedColumn(5000, 1, true);
    const c1 = sharedColumn(4000, 2);
    const b2 = sharedColumn(5000, 3);
    const c2 = sharedColumn(4000, 4, true);
    const baseline = createFrame({ features: { x: numericColumn(b1), y: numericColumn(b2) } });
    const current = createFrame({ features: { x: numericColumn(c1), y: numericColumn(c2) } });
    // reference: plain sorts of copies (different arrays, so no cache is shared)
    const ref = (a: Float64Array) => Float64Array.from(a.filter(Number.isFinite)).sort();
    await presortPairs(baseline, current, 2, 1000, Infinity); // keep the sorted copies too
    for (const [b, c] of [
      [b1, c1],
      [b2, c2],
    ]) {
      expect(hasSorted(b) && hasSorted(c)).toBe(true);
      expect(Array.from(sortedFinite(b).sorted)).toEqual(Array.from(ref(b)));
      expect(Array.from(sortedFinite(c).sorted)).toEqual(Array.from(ref(c)));
      expect(ksAndWasserstein(sortedFinite(b).sorted, sortedFinite(c).sorted)).toEqual(walkPair(ref(b), ref(c)));
    }
    expect(sortedFinite(b1).missing).toBe(52);
    expect(sortedFinite(b1).posInf).toBeGreaterThan(0);
  });
  it("past the byte budget keeps only the digest, and the drift tests read identical numbers off it", async () => {
    const cols = [sharedColumn(6000, 21, true), sharedColumn(5000, 22), sharedColumn(6000, 23), sharedColumn(5000, 24, true)];
    // few distinct values: the binned distances take the per-value path
    const few = [sharedColumn(6000, 25).map((v) => Math.round(v)), sharedColumn(5000, 26).map((v) => Math.round(v))].map((a) => {
      const s = new Float64Array(new SharedArrayBuffer(a.length * 8));
      s.set(a);
      return s;
    });
    const baseline = createFrame({ features: { x: numericColumn(cols[0]), y: numericColumn(cols[2]), z: numericColumn(few[0]) } });
    const current = createFrame({ features: { x: numericColumn(cols[1]), y: numericColumn(cols[3]), z: numericColumn(few[1]) } });
    // the same data in unshared copies: tests there sort lazily, with no digest
    const copy = (f: typeof baseline) =>
      createFrame({ features: Object.fromEntries(Object.entries(f.features).map(([k, c]) => [k, numericColumn(Float64Array.from((c as { values: Float64Array }).values))])) });
    const refBase = copy(baseline);
    const refCur = copy(current);
    await presortPairs(baseline, current, 2, 1000, 0);
    for (const name of ["x", "y", "z"]) {
      const b = baseline.features[name];
      const c = current.features[name];
      if (b.type !== "numeric" || c.type !== "numeric") throw new Error("numeric");
      expect(hasPairDigest(b.values, c.values)).toBe(true);
      expect(hasSorted(b.values) || hasSorted(c.values)).toBe(false);
      for (const test of ["ks", "wasserstein", "psi", "jensenshannon", "hellinger"] as DriftTestId[]) {
        expect(DRIFT_TESTS[test](b, c, {})).toEqual(DRIFT_TESTS[test](refBase.features[name], refCur.features[name], {}));
      }
      // non-default bins are not in the digest: sorted lazily, same answer
      expect(DRIFT_TESTS.psi(b, c, { bins: 7 })).toEqual(DRIFT_TESTS.psi(refBase.features[name], refCur.features[name], { bins: 7 }));
    }
  });
  it("presortFrames sorts single columns; unshared or small columns are left to lazy sorting", async () => {
    const big = sharedColumn(3000, 9);
    const plain = Float64Array.from(sharedColumn(3000, 9));
    await presortFrames([createFrame({ features: { a: numericColumn(big), b: numericColumn(plain) } })], 2, 1000);
    expect(hasSorted(big)).toBe(true);
    expect(hasSorted(plain)).toBe(false);
    expect(Array.from(sortedFinite(big).sorted)).toEqual(Array.from(sortedFinite(plain).sorted));
  });
});

import { describe, expect, it } from "vitest";
import { ks2Samp, kolmogornSf, smirnov } from "@/plugins/sdk";
import { relErr, sorted, tri } from "./gen";

// Expected values: scipy 1.10.1 stats.ks_2samp(a, b) (method='auto', two-sided) and
// stats.kstwo.sf, computed once by test/fixtures/evaluation/expected.py.
const KS: Record<string, [Float64Array, Float64Array, number, number]> = {
  small_exact_unequal: [tri(20), tri(30, 500, 0.8), 0.23333333333333334, 0.4856487293441515],
  equal_n_50: [tri(50), tri(50, 1000, 0.3), 0.08, 0.9977109764909107],
  mid_9000_vs_10000: [tri(9000), tri(10000, 3, 0.03), 0.006866666666666667, 0.9775251288547465],
  asymp_12000_15000: [tri(12000), tri(15000, 11, 0.02), 0.00539999999999996, 0.9894845251912747],
  asymp_small_p: [tri(12000), tri(15000, 11, 0.15), 0.029899999999999982, 1.3013897477451514e-5],
  asymp_unbalanced: [tri(20000), tri(30, 5, 0.5), 0.14153333333333334, 0.5382922702113488],
  asymp_200k: [tri(200000), tri(200000, 13, 0.01), 0.0019500000000000073, 0.8407641080452176],
  identical: [tri(100), tri(100), 0, 1],
};

describe("two-sample KS (scipy ks_2samp, method='auto')", () => {
  for (const [name, [a, b, d, p]] of Object.entries(KS)) {
    it(name, () => {
      const r = ks2Samp(sorted(a), sorted(b));
      expect(relErr(r.statistic, d)).toBeLessThan(1e-12);
      expect(relErr(r.pValue, p)).toBeLessThan(1e-9);
      expect(r.method).toBe(Math.max(a.length, b.length) <= 10000 ? "exact" : "asymp");
    });
  }

  it("ties: rounded samples", () => {
    const a = sorted(Float64Array.from(tri(400), (x) => Math.round(x * 10) / 10));
    const b = sorted(Float64Array.from(tri(500, 7, 0.05), (x) => Math.round(x * 10) / 10));
    // np.round(x, 1) and Math.round(x*10)/10 agree here except on exact .x5 halves, absent in this data
    const r = ks2Samp(a, b);
    expect(r.statistic).toBeCloseTo(0.019, 15);
    expect(relErr(r.pValue, 0.9999949128509732)).toBeLessThan(1e-9);
  });

  it("is symmetric in its arguments", () => {
    const a = sorted(tri(300));
    const b = sorted(tri(173, 9, 0.2));
    const x = ks2Samp(a, b);
    const y = ks2Samp(b, a);
    expect(x.statistic).toBe(y.statistic);
    expect(relErr(x.pValue, y.pValue)).toBeLessThan(1e-12);
  });

  it("single observations and empty input", () => {
    const r = ks2Samp(Float64Array.of(1), Float64Array.of(2));
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBe(1); // scipy: ks_2samp([1],[2]) → (1.0, 1.0)
    expect(() => ks2Samp(new Float64Array(0), Float64Array.of(1))).toThrow();
  });

  it("huge and tiny magnitudes give the same statistic as the unscaled data", () => {
    const a = tri(500);
    const b = tri(600, 3, 0.3);
    const base = ks2Samp(sorted(a), sorted(b));
    for (const s of [1e-300, 1e300]) {
      const r = ks2Samp(sorted(Float64Array.from(a, (x) => x * s)), sorted(Float64Array.from(b, (x) => x * s)));
      expect(r.statistic).toBe(base.statistic);
      expect(r.pValue).toBe(base.pValue);
    }
  });
});

describe("kstwo.sf (Kolmogorov distribution, scipy)", () => {
  const cases: [number, number, number][] = [
    [5, 0.3, 0.664],
    [100, 0.05, 0.9532159710635725],
    [100, 0.2, 0.0005551927327988775],
    [140, 0.1, 0.11353657290090946],
    [1000, 0.02, 0.8108971656895577],
    [1000, 0.06, 0.001428597887952891],
    [50000, 0.004, 0.3994316646755731],
    [50000, 0.01, 9.018048811843602e-5],
    [100000, 0.003, 0.3284563327726956],
    [500000, 0.002, 0.036582179671620585],
    [2000, 0.6, 0],
    [30, 0.04, 0.9999999936081956],
    [10, 0.06, 0.9999999999628411],
    [10, 0.95, 1.9531250000000172e-13],
    // large n, upper tail: Birnbaum–Tingey sum with a stride over a wide peak
    [500000, 0.004, 2.2445978493851467e-7],
    [500000, 0.0025, 0.0038544560212235442],
    [100000, 0.01, 4.093278023549254e-9],
    [7500, 0.03, 2.6814325167063383e-6],
    [1000000, 0.002, 0.0006700277103670718],
    [300000, 0.006, 8.288270001809276e-10],
  ];
  for (const [n, x, p] of cases) {
    it(`n=${n} x=${x}`, () => {
      const got = kolmogornSf(n, x);
      if (p === 0) expect(got).toBe(0);
      else expect(relErr(got, p)).toBeLessThan(1e-9);
    });
  }
  it("smirnov(n=1) and boundaries", () => {
    expect(smirnov(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnov(10, 0)).toBe(1);
    expect(smirnov(10, 1)).toBe(0);
  });
});

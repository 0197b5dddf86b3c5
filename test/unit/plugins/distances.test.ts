import { describe, expect, it } from "vitest";
import {
  chi2Sf,
  chisquare,
  countInEdges,
  gammaincc,
  histogramSorted,
  jensenShannon,
  normalCdf,
  psiFromCounts,
  quantileEdges,
  quantileSorted,
  sturgesEdges,
  wasserstein1,
} from "@/plugins/sdk";
import { relErr, sorted, tri } from "./gen";

// Expected values from scipy 1.10.1 / numpy 1.24 (test/fixtures/evaluation/expected.py) unless a
// comment names the documentation page they are published on.

describe("wasserstein_distance", () => {
  it("scipy docs example: ([0,1,3], [5,6,8]) = 5", () => {
    expect(wasserstein1(Float64Array.of(0, 1, 3), Float64Array.of(5, 6, 8))).toBe(5);
  });
  const a = tri(1000);
  const b = tri(1200, 77, 0.25);
  it("bell-shaped samples", () => {
    expect(relErr(wasserstein1(sorted(a), sorted(b)), 0.2585136781105948)).toBeLessThan(1e-12);
  });
  it("ties", () => {
    const r = wasserstein1(sorted(Float64Array.from(a, Math.round)), sorted(Float64Array.from(b, Math.round)));
    // np.round is half-to-even; these data have no exact halves, so Math.round agrees
    expect(relErr(r, 0.25849999999999984)).toBeLessThan(1e-12);
  });
  it("huge and tiny magnitudes", () => {
    expect(relErr(wasserstein1(sorted(a.map((x) => x * 1e200)), sorted(b.map((x) => x * 1e200))), 2.585136781105948e199)).toBeLessThan(1e-12);
    expect(relErr(wasserstein1(sorted(a.map((x) => x * 1e-200)), sorted(b.map((x) => x * 1e-200))), 2.5851367811059482e-201)).toBeLessThan(1e-12);
  });
  it("identical samples → 0; empty → NaN", () => {
    expect(wasserstein1(sorted(a), sorted(a))).toBe(0);
    expect(wasserstein1(new Float64Array(0), sorted(a))).toBeNaN();
  });
});

describe("jensenshannon", () => {
  it("scipy docs: ([1,0,0], [0,1,0], base 2) = 1 and ([1,0], [.5,.5]) = 0.46450140402245893", () => {
    expect(jensenShannon([1, 0, 0], [0, 1, 0], 2)).toBeCloseTo(1, 15);
    expect(relErr(jensenShannon([1, 0], [0.5, 0.5], Math.E), 0.46450140402245893)).toBeLessThan(1e-14);
  });
  it("unnormalised counts, base 2", () => {
    expect(relErr(jensenShannon([50, 30, 20, 0], [40, 30, 20, 10], 2), 0.23241293654355832)).toBeLessThan(1e-13);
  });
  it("sturges histogram of baseline ∪ current (Evidently binning)", () => {
    const a = sorted(tri(1000));
    const b = sorted(tri(1200, 77, 0.25));
    const edges = sturgesEdges(Math.min(a[0], b[0]), Math.max(a[a.length - 1], b[b.length - 1]), 2200);
    expect(edges.length - 1).toBe(13);
    const d = jensenShannon(histogramSorted(a, edges), histogramSorted(b, edges), 2);
    expect(relErr(d, 0.06880490322194184)).toBeLessThan(1e-12);
  });
  it("sturges bin count follows numpy at a power of two (n = 1024 → 11 bins)", () => {
    expect(sturgesEdges(0, 1023, 1024).length - 1).toBe(11);
  });
  it("constant data: one bin of width 1 (numpy)", () => {
    expect(sturgesEdges(3, 3, 50)).toEqual([2.5, 3.5]);
  });
});

describe("chisquare and special functions", () => {
  it("scipy docs: chisquare([16,18,16,14,12,12]) = (2.0, 0.84914503608460956)", () => {
    const r = chisquare([16, 18, 16, 14, 12, 12], [14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666, 14.666666666666666]);
    expect(r.statistic).toBeCloseTo(2, 12);
    expect(relErr(r.pValue, 0.8491450360846096)).toBeLessThan(1e-10);
  });
  it("current counts vs baseline-scaled expected counts", () => {
    const r = chisquare([230, 160, 110], [250, 150, 100]);
    expect(relErr(r.statistic, 3.2666666666666666)).toBeLessThan(1e-14);
    expect(relErr(r.pValue, 0.19527756283568576)).toBeLessThan(1e-12);
  });
  it("zero expected count with observations → infinite statistic, p = 0", () => {
    const r = chisquare([5, 1], [6, 0]);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });
  const sf: [number, number, number][] = [
    [2.0, 5, 0.8491450360846096],
    [0.5, 1, 0.47950012218695337],
    [30, 3, 1.3800570312932553e-6],
    [150, 100, 0.0009039320423540184],
    [1000, 900, 0.010994608942135844],
    [1e-3, 2, 0.9995001249791693],
    [80, 4, 1.7418252446695558e-16],
  ];
  for (const [x, k, p] of sf) it(`chi2.sf(${x}, ${k})`, () => expect(relErr(chi2Sf(x, k), p)).toBeLessThan(1e-11));
  const gi: [number, number, number][] = [
    [0.5, 0.1, 0.6547208460185768],
    [0.5, 4.0, 0.004677734981047276],
    [3, 2.5, 0.5438131158833297],
    [50, 60, 0.08440668109369177],
    [2500, 2400, 0.9783403121346367],
  ];
  for (const [a, x, q] of gi) it(`gammaincc(${a}, ${x})`, () => expect(relErr(gammaincc(a, x), q)).toBeLessThan(1e-11));
  it("normal cdf: 2(1 − Φ(1.7))", () => expect(relErr(2 * (1 - normalCdf(1.7)), 0.08913092551708601)).toBeLessThan(1e-12));
});

describe("PSI with baseline-quantile bins", () => {
  // Expected: an independent numpy implementation of the documented definition (expected.py: psi()).
  const psi = (a: Float64Array, b: Float64Array) => {
    const sa = sorted(a);
    const sb = sorted(b);
    const edges = quantileEdges(sa, 10);
    return psiFromCounts(countInEdges(sa, edges), countInEdges(sb, edges), 1e-4).psi;
  };
  const a = tri(1000);
  const b = tri(1200, 77, 0.25);
  it("bell-shaped", () => expect(relErr(psi(a, b), 0.01750019354792266)).toBeLessThan(1e-12));
  it("shifted by 1.5", () => expect(relErr(psi(a, a.map((x) => x + 1.5)), 0.5215446980101455)).toBeLessThan(1e-12));
  it("identical → 0", () => expect(psi(a, a)).toBe(0));
  it("discrete values (duplicate edges dropped)", () => expect(relErr(psi(a.map(Math.round), b.map(Math.round)), 0.01535376334284981)).toBeLessThan(1e-12));
});

describe("numpy quantile (method 'linear')", () => {
  it("matches np.quantile", () => {
    const lat = sorted(Float64Array.of(12.0, 15.5, 9.0, 250.0, 33.3, 41.0, 18.2, 7.7, 99.9, 120.0, 15.5));
    expect(quantileSorted(lat, 0.5)).toBe(18.2);
    expect(quantileSorted(lat, 0.95)).toBe(185.0);
    expect(quantileSorted(lat, 0.99)).toBe(237.00000000000006);
  });
  it("edge cases", () => {
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
    expect(quantileSorted(Float64Array.of(4), 0.99)).toBe(4);
  });
});

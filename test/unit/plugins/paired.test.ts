/**
 * Paired-comparison kernels against scipy 1.17 / scikit-learn 1.9 (values pasted as literals).
 * Generating script (python3):
 *
 *   from scipy import stats; import numpy as np
 *   from sklearn.metrics import roc_auc_score
 *   for b,c in [(3,12),(40,25),(0,5),(7,7),(1234,1300)]:
 *       k=min(b,c); print(stats.binomtest(c,b+c,0.5).pvalue, 2*stats.binom.cdf(k,b+c,.5)-stats.binom.pmf(k,b+c,.5))
 *   stats.binomtest(480,1000,0.5).pvalue
 *   x=[1.83,0.50,1.62,2.48,1.68,1.88,1.55,3.06,1.30]; y=[0.878,0.647,0.598,2.05,1.06,1.29,1.06,3.14,1.29]
 *   stats.wilcoxon(x,y)                                    # scipy docs example → 5.0, 0.0390625
 *   i=np.arange(40); d=((i*13)%97)-40+0.001*i; stats.wilcoxon(d)   # exact, no ties
 *   i=np.arange(300); a=(i*37)%101; b=a+((i*53)%23)-8; stats.wilcoxon(b,a,method="asymptotic")
 *   i=np.arange(200); y=((i*7)%5<2).astype(int)
 *   sa=((i*31)%17)/17+0.3*y; sb=((i*11)%13)/13+0.45*y; roc_auc_score(y,sa), roc_auc_score(y,sb)
 *   stats.norm.ppf([0.975, 1e-10, 0.3])
 */
import { describe, expect, it } from "vitest";
import { bootstrapDelta, delong, hodgesLehmann, mcnemarFromCounts, normalPpf, requiredSampleSize, wilcoxonSignedRank, verdictOf } from "@/plugins/sdk";

describe("normalPpf", () => {
  it("equals scipy.stats.norm.ppf", () => {
    expect(normalPpf(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalPpf(1e-10)).toBeCloseTo(-6.361340902404056, 12);
    expect(normalPpf(0.3)).toBeCloseTo(-0.5244005127080409, 14);
  });
});

describe("McNemar (binomtest on discordant pairs)", () => {
  const cases: [number, number, number, number][] = [
    [3, 12, 0.03515625, 0.02127075195312501],
    [40, 25, 0.08168153394154003, 0.06401750413722561],
    [0, 5, 0.0625, 0.03125000000000003],
    [7, 7, 1, 1],
    [1234, 1300, 0.19660747608996218, 0.18989599642040378],
    [520, 480, 0.2174482932041415, NaN],
  ];
  it.each(cases)("b=%i c=%i: exact and mid-p", (b, c, exact, mid) => {
    expect(mcnemarFromCounts(b, c, "exact").pValue).toBeCloseTo(exact, 12);
    if (!Number.isNaN(mid)) expect(mcnemarFromCounts(b, c, "mid-p").pValue).toBeCloseTo(mid, 12);
    expect(mcnemarFromCounts(b, c).statistic).toBeCloseTo(((c - b) * (c - b)) / (b + c), 12);
  });
});

describe("Wilcoxon signed-rank", () => {
  it("scipy docs example (exact)", () => {
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(Float64Array.from(x, (v, i) => v - y[i]));
    expect(r.method).toBe("exact");
    expect(r.statistic).toBe(5);
    expect(r.pValue).toBeCloseTo(0.0390625, 14);
  });
  it("n = 40 without ties (exact)", () => {
    const d = Float64Array.from({ length: 40 }, (_, i) => ((i * 13) % 97) - 40 + 0.001 * i);
    const r = wilcoxonSignedRank(d);
    expect(r.statistic).toBeCloseTo(326, 10);
    expect(r.pValue).toBeCloseTo(0.26487403590545, 12);
  });
  it("n = 300 with ties and zeros (normal approximation with tie correction)", () => {
    const d = Float64Array.from({ length: 300 }, (_, i) => ((i * 53) % 23) - 8);
    const r = wilcoxonSignedRank(d);
    expect(r.method).toBe("asymptotic");
    expect(r.statistic).toBe(11070.5);
    expect(r.pValue / 8.923682426058632e-12).toBeCloseTo(1, 9);
  });
});

describe("Hodges–Lehmann", () => {
  it("equals the median of all Walsh averages computed by brute force", () => {
    const d = Float64Array.from({ length: 201 }, (_, i) => Math.sin(i * 1.7) * 10 + (i % 7) * 0.3);
    const walsh: number[] = [];
    for (let i = 0; i < d.length; i++) for (let j = i; j < d.length; j++) walsh.push((d[i] + d[j]) / 2);
    walsh.sort((p, q) => p - q);
    const M = walsh.length;
    const median = M % 2 ? walsh[(M - 1) / 2] : (walsh[M / 2 - 1] + walsh[M / 2]) / 2;
    const n = d.length;
    const k = Math.floor(M / 2 - 1.959963984540054 * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24));
    const hl = hodgesLehmann(d);
    expect(hl.shift).toBeCloseTo(median, 10);
    expect(hl.low).toBeCloseTo(walsh[k - 1], 10);
    expect(hl.high).toBeCloseTo(walsh[M - k], 10);
  });
});

/** DeLong a second way: the O(m·n) Mann–Whitney kernel ψ(x, y) = 1[x > y] + ½·1[x = y], covariances by definition. */
function delongBruteForce(sa: number[], sb: number[], y: number[]) {
  const pos = y.flatMap((v, i) => (v ? [i] : []));
  const neg = y.flatMap((v, i) => (v ? [] : [i]));
  const psi = (x: number, z: number) => (x > z ? 1 : x === z ? 0.5 : 0);
  const comp = (s: number[]) => ({
    v10: pos.map((i) => neg.reduce((t, j) => t + psi(s[i], s[j]), 0) / neg.length),
    v01: neg.map((j) => pos.reduce((t, i) => t + psi(s[i], s[j]), 0) / pos.length),
  });
  const A = comp(sa), B = comp(sb);
  const mean = (v: number[]) => v.reduce((t, x) => t + x, 0) / v.length;
  const cov = (u: number[], v: number[]) => {
    const mu = mean(u), mv = mean(v);
    return u.reduce((t, x, k) => t + (x - mu) * (v[k] - mv), 0) / (u.length - 1);
  };
  const diff10 = A.v10.map((x, k) => B.v10[k] - x);
  const diff01 = A.v01.map((x, k) => B.v01[k] - x);
  const variance = cov(diff10, diff10) / pos.length + cov(diff01, diff01) / neg.length;
  return { aucA: mean(A.v10), aucB: mean(B.v10), se: Math.sqrt(variance) };
}

describe("DeLong", () => {
  const n = 200;
  const y = Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
  const sa = y.map((v, i) => ((i * 31) % 17) / 17 + 0.3 * v);
  const sb = y.map((v, i) => ((i * 11) % 13) / 13 + 0.45 * v);
  const r = delong(Float64Array.from(sa), Float64Array.from(sb), Uint8Array.from(y));
  it("AUCs equal sklearn roc_auc_score", () => {
    expect(r.aucA).toBeCloseTo(0.7663541666666667, 14);
    expect(r.aucB).toBeCloseTo(0.8294791666666667, 14);
  });
  it("variance of the difference equals an independent O(m·n) implementation", () => {
    const bf = delongBruteForce(sa, sb, y);
    expect(r.se).toBeCloseTo(bf.se, 13);
    expect(r.delta).toBeCloseTo(bf.aucB - bf.aucA, 14);
  });
});

describe("verdicts", () => {
  it("detects a known effect and holds the false-positive rate near α over many seeds (deterministic)", () => {
    const rng = (seed: number) => {
      let t = seed >>> 0;
      return () => ((t = (Math.imul(t, 1664525) + 1013904223) >>> 0) / 4294967296);
    };
    let falsePositives = 0;
    const trials = 400;
    for (let s = 0; s < trials; s++) {
      const r = rng(s + 1);
      let b = 0, c = 0;
      for (let i = 0; i < 500; i++) {
        const a = r() < 0.8, bb = r() < 0.8;
        if (a && !bb) b++;
        else if (!a && bb) c++;
      }
      const m = mcnemarFromCounts(b, c, "exact");
      const delta = (c - b) / 500;
      const se = Math.sqrt(b + c - ((c - b) * (c - b)) / 500) / 500;
      const v = verdictOf({ delta, low: delta - 1.96 * se, high: delta + 1.96 * se, pValue: m.pValue }, 0, true, 0.05);
      if (v !== "no clear difference") falsePositives++;
    }
    expect(falsePositives / trials).toBeGreaterThan(0.01);
    expect(falsePositives / trials).toBeLessThan(0.08);
    // a 5-point improvement on 2,000 pairs is found
    const r = rng(99);
    let b = 0, c = 0;
    for (let i = 0; i < 2000; i++) {
      const a = r() < 0.8, bb = r() < 0.85;
      if (a && !bb) b++;
      else if (!a && bb) c++;
    }
    const delta = (c - b) / 2000;
    const se = Math.sqrt(b + c - ((c - b) * (c - b)) / 2000) / 2000;
    expect(verdictOf({ delta, low: delta - 1.96 * se, high: delta + 1.96 * se, pValue: mcnemarFromCounts(b, c).pValue }, 0, true, 0.05)).toBe("better");
  });
  it("a margin the interval does not clear is no clear difference", () => {
    expect(verdictOf({ delta: 0.02, low: 0.01, high: 0.03, pValue: 0.001 }, 0.015, true, 0.05)).toBe("no clear difference");
    expect(verdictOf({ delta: -0.02, low: -0.03, high: -0.01, pValue: 0.001 }, 0, false, 0.05)).toBe("better");
    expect(verdictOf({ delta: 0.02, low: 0.01, high: 0.03, pValue: 0.001 }, 0, false, 0.05)).toBe("worse");
  });
});

describe("bootstrap and power", () => {
  it("is reproducible for a seed and centred on the observed delta", () => {
    const xa = Float64Array.from({ length: 500 }, (_, i) => (i % 10) / 10);
    const xb = Float64Array.from(xa, (v, i) => v + 0.05 + ((i * 7) % 3) / 100);
    const mean = (x: Float64Array, r: Int32Array | null) => (r ? r.reduce((t, i) => t + x[i], 0) / r.length : x.reduce((t, v) => t + v, 0) / x.length);
    const run = () => bootstrapDelta({ nA: 500, nB: 500, paired: true, statistic: (ra, rb) => [mean(xa, ra), mean(xb, rb)], resamples: 500, seed: 7, alpha: 0.05 });
    const r1 = run(), r2 = run();
    expect(r1).toEqual(r2);
    expect(r1.delta).toBeCloseTo(0.06, 2);
    expect(r1.low).toBeLessThan(r1.delta);
    expect(r1.high).toBeGreaterThan(r1.delta);
    expect(r1.pValue).toBeLessThan(0.01);
  });
  it("n* = n·se²·((z_{1−α/2} + z_power)/effect)²", () => {
    // se of a mean of n=100 unit-variance rows is 0.1; detecting 0.2 at 80% power needs (2.8016/0.2)² ≈ 196.2 rows
    expect(requiredSampleSize({ n: 100, se: 0.1, effect: 0.2, alpha: 0.05, power: 0.8 })).toBe(197);
    expect(requiredSampleSize({ n: 100, se: 0.1, effect: 0, alpha: 0.05, power: 0.8 })).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  RankSketch,
  ksStatistic,
  quantileEdges,
  countInEdges,
  energyTest,
  histogramSorted,
  numericColumn,
  seededRandom,
  sketchHistogram,
  sturgesEdges,
  sketchCdf,
  sketchCountInEdges,
  sketchKsWasserstein,
  sketchQuantile,
  upperBound,
  wasserstein1,
} from "../../../plugins/sdk";

/** Fixed data: n normal-ish values (sum of 4 uniforms) shifted by `shift`, from a seed. */
function sample(n: number, seed: number, shift = 0): Float64Array {
  const rnd = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rnd() + rnd() + rnd() + rnd() - 2 + shift;
  return out;
}

const sorted = (a: Float64Array) => Float64Array.from(a).sort();

function sketchOf(values: Float64Array, k: number): RankSketch {
  const s = new RankSketch(k);
  s.addAll(values);
  return s;
}

describe("RankSketch", () => {
  it("is exact below its capacity: KS, Wasserstein, quantiles and bins equal the exact ones", () => {
    const a = sample(1000, 1);
    const b = sample(800, 2, 0.1);
    const sa = sketchOf(a, 2048);
    const sb = sketchOf(b, 2048);
    expect(sa.exact && sb.exact).toBe(true);
    const r = sketchKsWasserstein(sa.view(), sb.view());
    expect(r.ks).toBe(ksStatistic(sorted(a), sorted(b)));
    expect(r.wasserstein).toBeCloseTo(wasserstein1(sorted(a), sorted(b)), 12);
    const edges = quantileEdges(sorted(a), 10);
    expect(edges.map((_, k) => sketchQuantile(sa.view(), (k + 1) / 10))).toEqual(edges);
    expect(Array.from(sketchCountInEdges(sb.view(), edges))).toEqual(Array.from(countInEdges(sorted(b), edges)));
  });

  it("keeps |F̂(x) − F(x)| ≤ ε at every data point once it compacts, with ε ≈ log2(n/k)/k", () => {
    const a = sample(200_000, 3);
    const s = sketchOf(a, 256);
    expect(s.exact).toBe(false);
    expect(s.n).toBe(200_000);
    expect(s.epsilon).toBeGreaterThan(0);
    expect(s.epsilon).toBeLessThanOrEqual(Math.ceil(Math.log2(200_000 / 256) + 1) / 256);
    const v = s.view();
    expect(v.cumulative[v.cumulative.length - 1]).toBe(200_000); // total weight is n exactly
    const sa = sorted(a);
    let worst = 0;
    for (let i = 0; i < sa.length; i += 97) worst = Math.max(worst, Math.abs(sketchCdf(v, sa[i]!) - upperBound(sa, sa[i]!) / sa.length));
    expect(worst).toBeLessThanOrEqual(s.epsilon);
    expect(s.min).toBe(sa[0]);
    expect(s.max).toBe(sa[sa.length - 1]);
  });

  it("KS and Wasserstein from compacted sketches stay within the stated bounds of the exact values", () => {
    const a = sample(300_000, 4);
    const b = sample(250_000, 5, 0.05);
    const sa = sketchOf(a, 512);
    const sb = sketchOf(b, 512);
    const r = sketchKsWasserstein(sa.view(), sb.view());
    const eps = sa.epsilon + sb.epsilon;
    const ks = ksStatistic(sorted(a), sorted(b));
    expect(Math.abs(r.ks - ks)).toBeLessThanOrEqual(eps);
    const range = Math.max(sa.max, sb.max) - Math.min(sa.min, sb.min);
    expect(Math.abs(r.wasserstein - wasserstein1(sorted(a), sorted(b)))).toBeLessThanOrEqual(eps * range);
    const energy = Number(energyTest(numericColumn(a), numericColumn(b)).metrics.distance);
    expect(Math.abs(r.squared - (energy * energy) / 2)).toBeLessThanOrEqual(eps * (2 * r.wasserstein + eps * range));
    // and the sketch sees the shift: KS ≈ the exact value to a few thousandths in practice
    expect(Math.abs(r.ks - ks)).toBeLessThan(0.01);
  });

  it("Sturges histograms (bins [e_i, e_i+1), the last closed) equal numpy's below capacity and stay within ±2ε·n per bin beyond it", () => {
    const a = Float64Array.from(sample(1500, 8), (x) => Math.round(x * 20) / 20); // ties on the edges
    const edges = sturgesEdges(Math.min(...a), Math.max(...a), a.length);
    expect(Array.from(sketchHistogram(sketchOf(a, 2048).view(), edges))).toEqual(Array.from(histogramSorted(sorted(a), edges)));
    const big = Float64Array.from(sample(200_000, 9), (x) => Math.round(x * 100) / 100);
    const s = sketchOf(big, 256);
    const e = sturgesEdges(s.min, s.max, s.n);
    const got = sketchHistogram(s.view(), e);
    const want = histogramSorted(sorted(big), e);
    expect(got.reduce((x, y) => x + y, 0)).toBe(200_000);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThanOrEqual(2 * s.rankError);
  });

  it("merging sketches of parts gives the sketch of the whole within the summed bound; moments exact", () => {
    const a = sample(120_000, 6);
    const parts = [a.subarray(0, 50_000), a.subarray(50_000, 90_000), a.subarray(90_000)];
    const merged = new RankSketch(256);
    for (const p of parts) merged.merge(sketchOf(p, 256));
    expect(merged.n).toBe(120_000);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    const variance = a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length;
    expect(merged.variance).toBeCloseTo(variance, 10);
    const sa = sorted(a);
    const v = merged.view();
    for (let i = 0; i < sa.length; i += 101) expect(Math.abs(sketchCdf(v, sa[i]!) - upperBound(sa, sa[i]!) / sa.length)).toBeLessThanOrEqual(merged.epsilon);
    expect(() => merged.merge(new RankSketch(512))).toThrow(/capacity 512 and 256/);
  });

  it("counts NaN and ±Infinity as missing and rejects an odd capacity", () => {
    const s = new RankSketch(4);
    s.addAll([1, NaN, Infinity, 2, -Infinity, 3]);
    expect(s.n).toBe(3);
    expect(s.missing).toBe(3);
    expect(() => new RankSketch(7)).toThrow(/even integer/);
  });
});

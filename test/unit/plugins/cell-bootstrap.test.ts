/**
 * The bootstrap over cells gives the row bootstrap's answers: binomial draws with the right moments,
 * and intervals and standard errors that match the row-picking bootstrap (bootstrapDelta) on the same
 * data — counts-only statistics (F1), cost sums from small cells (exact draws) and from large cells
 * (normal limit). Fixed seeds: deterministic.
 */
import { describe, expect, it } from "vitest";
import { binomialSample, bootstrapCells, bootstrapDelta, EXACT_CELL_ROWS, seededRandom, type BootstrapResult, type SideTotals } from "@/plugins/sdk";

function moments(draws: number, f: () => number) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < draws; i++) {
    const x = f();
    s += x;
    s2 += x * x;
  }
  const mean = s / draws;
  return { mean, variance: s2 / draws - mean * mean };
}

describe("binomialSample", () => {
  it.each([
    [20, 0.3], // inversion (n·p < 10)
    [1_000_000, 0.3], // BTRS
    [5_000, 0.002], // inversion, small p
    [200, 0.9], // p > ½ by symmetry
  ])("Binomial(%i, %f) has mean n·p and variance n·p·(1−p)", (n, p) => {
    const rand = seededRandom(7);
    const draws = 20_000;
    const { mean, variance } = moments(draws, () => binomialSample(n, p, rand));
    const v = n * p * (1 - p);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(v / draws));
    expect(variance / v).toBeGreaterThan(0.93);
    expect(variance / v).toBeLessThan(1.07);
  });

  it("stays within 0..n", () => {
    const rand = seededRandom(3);
    for (let i = 0; i < 2000; i++) {
      const x = binomialSample(15, 0.5, rand);
      expect(x >= 0 && x <= 15 && Number.isInteger(x)).toBe(true);
    }
  });
});

/** Paired synthetic rows: per request a label, both versions' predictions and costs. */
function pairs(n: number, seed: number) {
  const r = seededRandom(seed);
  const y = new Uint8Array(n), pa = new Uint8Array(n), pb = new Uint8Array(n);
  const ca = new Float64Array(n), cb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r() < 0.35 ? 1 : 0;
    pa[i] = r() < 0.75 ? y[i] : 1 - y[i];
    pb[i] = r() < (pa[i] === y[i] ? 0.9 : 0.5) ? y[i] : 1 - y[i]; // correlated with A
    ca[i] = 0.001 * (0.2 + 3 * r() ** 3); // skewed costs
    cb[i] = 0.01 * (0.5 + r());
  }
  return { y, pa, pb, ca, cb };
}

const f1Rows = (p: Uint8Array, y: Uint8Array, rows: Int32Array | null) => {
  let tp = 0, fp = 0, fn = 0;
  const n = rows ? rows.length : y.length;
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k] : k;
    if (p[i] && y[i]) tp++;
    else if (p[i]) fp++;
    else if (y[i]) fn++;
  }
  return (2 * tp) / (2 * tp + fp + fn);
};
const f1Cells = (t: SideTotals) => (2 * t.w[3]) / (2 * t.w[3] + t.w[1] + t.w[2]);

const B = 4000;

/** Same point estimates; standard error within 8%, interval ends within 0.15 se (Monte Carlo error of B resamples). */
function expectSameBootstrap(cells: BootstrapResult, rows: BootstrapResult) {
  expect(cells.a).toBeCloseTo(rows.a, 12);
  expect(cells.b).toBeCloseTo(rows.b, 12);
  expect(cells.se / rows.se).toBeGreaterThan(0.92);
  expect(cells.se / rows.se).toBeLessThan(1.08);
  expect(Math.abs(cells.low - rows.low)).toBeLessThan(0.15 * rows.se);
  expect(Math.abs(cells.high - rows.high)).toBeLessThan(0.15 * rows.se);
}
const alpha = 0.05;

describe("bootstrapCells against the row bootstrap", () => {
  it("F1 (counts only): same point, interval and standard error", () => {
    const d = pairs(3000, 11);
    const rows = bootstrapDelta({ nA: 3000, nB: 3000, paired: true, statistic: (ra, rb) => [f1Rows(d.pa, d.y, ra), f1Rows(d.pb, d.y, rb)], resamples: B, seed: 1, alpha });
    const keys = (p: Uint8Array) => Uint8Array.from(p, (v, i) => v + 2 * d.y[i]);
    const cells = bootstrapCells({ a: { keys: keys(d.pa), k: 4, columns: [] }, b: { keys: keys(d.pb), k: 4, columns: [] }, paired: true, statistic: (a, b) => [f1Cells(a), f1Cells(b)], resamples: B, seed: 1, alpha });
    expectSameBootstrap(cells, rows);
    // the pairing matters: resampling the sides independently gives a wider interval here
    const unpaired = bootstrapCells({ a: { keys: keys(d.pa), k: 4, columns: [] }, b: { keys: keys(d.pb), k: 4, columns: [] }, paired: false, statistic: (a, b) => [f1Cells(a), f1Cells(b)], resamples: B, seed: 1, alpha });
    expect(unpaired.se).toBeGreaterThan(1.2 * cells.se);
  });

  it.each([
    ["small cells: exact draws", 1200],
    ["large cells: normal limit", 4 * EXACT_CELL_ROWS],
  ])("cost per correct prediction (%s): same interval and standard error", (_, n) => {
    const d = pairs(n, 5);
    const ka = Uint8Array.from(d.pa, (p, i) => Number(p === d.y[i]));
    const kb = Uint8Array.from(d.pb, (p, i) => Number(p === d.y[i]));
    const ratio = (x: Float64Array, k: Uint8Array, rows: Int32Array | null) => {
      let s = 0, t = 0;
      const m = rows ? rows.length : x.length;
      for (let j = 0; j < m; j++) {
        const i = rows ? rows[j] : j;
        s += x[i];
        t += k[i];
      }
      return s / t;
    };
    const rows = bootstrapDelta({ nA: n, nB: n, paired: true, statistic: (ra, rb) => [ratio(d.ca, ka, ra), ratio(d.cb, kb, rb)], resamples: B, seed: 2, alpha });
    const perCorrect = (t: SideTotals) => (t.s[0] + t.s[1]) / t.w[1];
    const cells = bootstrapCells({ a: { keys: ka, k: 2, columns: [d.ca] }, b: { keys: kb, k: 2, columns: [d.cb] }, paired: true, statistic: (a, b) => [perCorrect(a), perCorrect(b)], resamples: B, seed: 2, alpha });
    expectSameBootstrap(cells, rows);
  });

  it("is seeded: the same seed gives the same interval, another seed another one", () => {
    const d = pairs(5000, 9);
    const run = (seed: number) =>
      bootstrapCells({ a: { keys: d.pa, k: 2, columns: [d.ca] }, b: { keys: d.pb, k: 2, columns: [d.cb] }, paired: true, statistic: (a, b) => [(a.s[0] + a.s[1]) / (a.w[0] + a.w[1]), (b.s[0] + b.s[1]) / (b.w[0] + b.w[1])], resamples: 500, seed, alpha });
    expect(run(4)).toEqual(run(4));
    expect(run(4).low).not.toBe(run(5).low);
  });

  it("rejects paired sides of different lengths", () => {
    expect(() => bootstrapCells({ a: { keys: new Uint8Array(3), k: 1, columns: [] }, b: { keys: new Uint8Array(4), k: 1, columns: [] }, paired: true, statistic: () => [0, 0], resamples: 100, seed: 1, alpha })).toThrow(/as many rows/);
  });
});

describe("the sorts and selections behind DeLong, Wilcoxon and Hodges–Lehmann", () => {
  it("argsort orders like a stable comparator sort (ties, −0, negatives)", async () => {
    const { argsort } = await import("@/plugins/sdk");
    const r = seededRandom(12);
    const v = Float64Array.from({ length: 5000 }, () => Math.round((r() - 0.5) * 200) / 10);
    v[3] = -0;
    v[4] = 0;
    v[5] = -1e-300;
    const expected = Int32Array.from(v.keys()).sort((x, y) => v[x] - v[y] || x - y);
    expect(Array.from(argsort(v))).toEqual(Array.from(expected));
  });

  it("walshKth equals the k-th of all Walsh averages listed and sorted", async () => {
    const { walshKth } = await import("@/plugins/sdk");
    const r = seededRandom(13);
    for (const n of [1, 7, 300, 1500]) {
      const s = Float64Array.from({ length: n }, () => Math.round(r() * 50) / 7 - 3).sort();
      const all: number[] = [];
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) all.push((s[i] + s[j]) / 2);
      all.sort((x, y) => x - y);
      for (const k of [1, Math.ceil(all.length / 4), Math.ceil(all.length / 2), all.length]) expect(walshKth(s, k)).toBeCloseTo(all[k - 1], 12);
    }
  });

  it("walshKth is exact on continuous data too (no ties) across many ranks", async () => {
    const { walshKth } = await import("@/plugins/sdk");
    const r = seededRandom(17);
    const n = 2200;
    const s = Float64Array.from({ length: n }, () => (r() - 0.3) * 1000 + r() ** 4 * 5000).sort();
    const all = new Float64Array((n * (n + 1)) / 2);
    for (let i = 0, m = 0; i < n; i++) for (let j = i; j < n; j++) all[m++] = (s[i] + s[j]) / 2;
    all.sort();
    for (const k of [1, 2, 1000, 123457, all.length >> 1, (all.length >> 1) + 1, all.length - 77, all.length]) expect(walshKth(s, k)).toBe(all[k - 1]);
  });

  it("wilcoxonSignedRank ranks |d| like an argsort of |d| (zeros, −0, ties across signs, ±Infinity, NaN)", async () => {
    const { wilcoxonSignedRank } = await import("@/plugins/sdk");
    // the definition written out: drop zeros and NaN, rank |d| with mid-ranks, sum ranks per sign
    const reference = (d: Float64Array) => {
      const v = Array.from(d).filter((x) => x !== 0 && !Number.isNaN(x));
      const abs = v.map(Math.abs);
      const order = v.map((_, i) => i).sort((x, y) => (abs[x] < abs[y] ? -1 : abs[x] > abs[y] ? 1 : 0));
      let rPlus = 0, rMinus = 0, tie = 0;
      for (let i = 0; i < order.length; ) {
        let j = i;
        while (j + 1 < order.length && Math.abs(v[order[j + 1]]) === Math.abs(v[order[i]])) j++;
        const t = j - i + 1;
        if (t > 1) tie += t * t * t - t;
        for (let k = i; k <= j; k++) (v[order[k]] > 0 ? (rPlus += (i + j + 2) / 2) : (rMinus += (i + j + 2) / 2));
        i = j + 1;
      }
      return { T: Math.min(rPlus, rMinus), n: v.length, tie };
    };
    const r = seededRandom(19);
    for (const n of [0, 5, 40, 3000]) {
      const d = Float64Array.from({ length: n }, () => Math.round((r() - 0.45) * 40) / 4);
      if (n > 10) {
        d[0] = -0;
        d[1] = Infinity;
        d[2] = -Infinity;
        d[3] = NaN;
        d[4] = Infinity;
      }
      const w = wilcoxonSignedRank(d);
      const ref = reference(d);
      expect(w.statistic).toBe(ref.T);
      expect(w.n).toBe(ref.n);
      if (ref.n > 50 || ref.tie > 0) expect(w.method).toBe("asymptotic");
    }
  });
});

import { describe, expect, it } from "vitest";
import { categoricalColumn, chooseDriftTestExtended, createFrame, numericColumn, type Frame } from "@/plugins/sdk";
import driftAuto from "@/plugins/builtin/drift.auto";
import driftAnderson from "@/plugins/builtin/drift.anderson";
import driftCvm from "@/plugins/builtin/drift.cramervonmises";
import driftEnergy from "@/plugins/builtin/drift.energy";
import driftFisher from "@/plugins/builtin/drift.fisher";
import driftHellinger from "@/plugins/builtin/drift.hellinger";
import driftMmd from "@/plugins/builtin/drift.mmd";
import driftTvd from "@/plugins/builtin/drift.tvd";
import { relErr, tri } from "./gen";
import { run } from "./harness";

// Expected values: scipy 1.17.1 via test/fixtures/evaluation/expected_breadth.py (pasted literals).
const f = (features: Frame["features"]) => createFrame({ features });
const pair = (a: Float64Array, b: Float64Array) => ({ baseline: f({ x: numericColumn(a) }), current: f({ x: numericColumn(b) }) });
const round = (a: Float64Array) => a.map((v) => Math.round(v));
const cats = (counts: Record<string, number>) => categoricalColumn(Object.entries(counts).flatMap(([k, n]) => Array<string>(n).fill(k)));

describe("drift.anderson (scipy anderson_ksamp)", () => {
  const cases: [string, Float64Array, Float64Array, number, number][] = [
    ["small, interpolated p", tri(20), tri(30, 500, 0.8), 0.5235077564723367, 0.20177595514947194],
    ["capped at 0.25", tri(300), tri(400, 1000, 0.15), -0.6877636406468113, 0.25],
    ["floored at 0.001", tri(200), tri(200, 100, 3), 97.45313307169837, 0.001],
    ["ties (midranks)", round(tri(200)), round(tri(250, 900, 0.3)), 0.8634935689218878, 0.14445336599933484],
  ];
  for (const [name, a, b, stat, p] of cases)
    it(name, async () => {
      const r = await run(driftAnderson, pair(a, b));
      const c = r.columns![0];
      expect(relErr(c.metrics.statistic!, stat)).toBeLessThan(1e-10);
      expect(relErr(c.metrics.p_value!, p)).toBeLessThan(1e-9);
      expect(c.status).toBe(p < 0.05 ? "fail" : "pass");
    });
  it("says when the p-value is capped or floored", async () => {
    expect((await run(driftAnderson, pair(tri(300), tri(400, 1000, 0.15)))).columns![0].details!.note).toMatch(/capped at 0\.25/);
    expect((await run(driftAnderson, pair(tri(200), tri(200, 100, 3)))).columns![0].details!.note).toMatch(/floored at 0\.001/);
  });
});

describe("drift.cramervonmises (scipy cramervonmises_2samp)", () => {
  const cases: [string, Float64Array, Float64Array, number, number][] = [
    ["exact (n ≤ 20)", tri(12), tri(15, 300, 0.9), 0.21049382716049436, 0.26325551402277747],
    ["exact with ties", round(tri(10)), round(tri(9, 50, 1)), 0.5798245614035089, 0.024724501504687264],
    ["asymptotic", tri(300), tri(400, 1000, 0.15), 0.08959642857142569, 0.6399039990859583],
    ["asymptotic, shifted", tri(100), tri(120, 77, 1), 1.1009393939393988, 0.001418970233417749],
    ["asymptotic, same distribution", tri(2000), tri(2500, 9000), 0.00345276296297925, 0.9999999999999999],
  ];
  for (const [name, a, b, stat, p] of cases)
    it(name, async () => {
      const c = (await run(driftCvm, pair(a, b))).columns![0];
      expect(relErr(c.metrics.statistic!, stat)).toBeLessThan(1e-10);
      expect(Math.abs(c.metrics.p_value! - p)).toBeLessThan(1e-8);
      expect(c.status).toBe(p < 0.05 ? "fail" : "pass");
    });
});

describe("drift.energy (scipy energy_distance)", () => {
  it("distance and normed", async () => {
    const c = (await run(driftEnergy, pair(tri(20), tri(30, 500, 0.8)))).columns![0];
    expect(relErr(c.metrics.distance!, 0.46452292356297886)).toBeLessThan(1e-12);
    expect(relErr(c.metrics.normed!, 0.46452292356297886 / 1.9734216997506435)).toBeLessThan(1e-12);
    expect(c.status).toBe("fail");
    const c2 = (await run(driftEnergy, pair(round(tri(300)), tri(250, 9, 0.5)))).columns![0];
    expect(relErr(c2.metrics.distance!, 0.29997156402109615)).toBeLessThan(1e-12);
  });
  it("no drift on the same data", async () => {
    const c = (await run(driftEnergy, pair(tri(500), tri(500)))).columns![0];
    expect(c.metrics.distance).toBe(0);
    expect(c.status).toBe("pass");
  });
});

describe("drift.fisher (scipy fisher_exact)", () => {
  const cases: [[number, number], [number, number], number | null, number][] = [
    [[8, 2], [1, 5], 20, 0.034965034965034975],
    [[30, 70], [45, 55], 0.5238095238095238, 0.040534006514982644],
    [[3, 0], [0, 4], null, 0.028571428571428567],
    [[1200, 8800], [1330, 8670], 0.8889268626110731, 0.006059579658482849],
    [[5, 5], [5, 5], 1, 1],
  ];
  for (const [[a, b], [c, d], odds, p] of cases)
    it(`[[${a}, ${b}], [${c}, ${d}]]`, async () => {
      const r = await run(driftFisher, { baseline: f({ x: cats({ yes: a, no: b }) }), current: f({ x: cats({ yes: c, no: d }) }) });
      const col = r.columns![0];
      expect(relErr(col.metrics.p_value!, p)).toBeLessThan(1e-10);
      if (odds === null) expect(col.reasons!.odds_ratio).toMatch(/infinite/);
      else expect(relErr(col.metrics.odds_ratio!, odds)).toBeLessThan(1e-12);
      expect(col.status).toBe(p < 0.05 ? "fail" : "pass");
    });
  it("more than two values is n/a with the reason", async () => {
    const r = await run(driftFisher, { baseline: f({ x: cats({ a: 3, b: 3, c: 3 }) }), current: f({ x: cats({ a: 3, b: 3 }) }) });
    expect(r.columns![0].status).toBe("n/a");
    expect(r.columns![0].reasons!.p_value).toMatch(/two-valued/);
  });
});

describe("drift.hellinger and drift.tvd", () => {
  it("numeric: Sturges bins over the pooled sample", async () => {
    const c = (await run(driftHellinger, pair(tri(200), tri(300, 40, 0.4)))).columns![0];
    expect(relErr(c.metrics.distance!, 0.10191588216863592)).toBeLessThan(1e-12);
    expect(c.status).toBe("fail");
  });
  it("categorical shares (a category new in current)", async () => {
    const input = { baseline: f({ x: cats({ a: 50, b: 30, c: 20 }) }), current: f({ x: cats({ a: 40, b: 30, c: 20, d: 10 }) }) };
    expect(relErr((await run(driftHellinger, input)).columns![0].metrics.distance!, 0.22975292054736118)).toBeLessThan(1e-12);
    const tvd = (await run(driftTvd, input)).columns![0];
    expect(relErr(tvd.metrics.distance!, 0.09999999999999999)).toBeLessThan(1e-12);
    expect(tvd.status).toBe("pass"); // 0.0999… < 0.1
    expect((await run(driftTvd, { ...input, config: { threshold: 0.05 } })).columns![0].status).toBe("fail");
  });
  it("tvd: a continuous numeric column is n/a (two samples share no values: distance 1 without drift); a few-valued one is compared", async () => {
    const c = cats({ a: 300, b: 200 });
    const same = await run(driftTvd, { baseline: f({ x: numericColumn(tri(500)), c }), current: f({ x: numericColumn(tri(500, 3000)), c }) });
    expect(same.columns![0].status).toBe("n/a");
    expect(same.columns![0].details!.skipped).toMatch(/continuous numeric column \(> 20 distinct baseline values\)/);
    expect(same.columns![1].status).toBe("pass");
    expect(same.status).toBe("pass");
    const fewValues = (await run(driftTvd, pair(round(tri(200)), round(tri(250, 900, 0.3))))).columns![0];
    expect(fewValues.status).not.toBe("n/a");
    expect(fewValues.metrics.distance).toBeGreaterThan(0);
  });
});

describe("drift.mmd (seeded permutation test)", () => {
  it("detects a known shift and does not fire on none; same seed, same p-value", async () => {
    const shifted = await run(driftMmd, pair(tri(400), tri(400, 3000, 0.6)));
    expect(shifted.columns![0].metrics.p_value!).toBeLessThan(0.01);
    expect(shifted.columns![0].status).toBe("fail");
    const same = await run(driftMmd, pair(tri(400), tri(400, 3000)));
    expect(same.columns![0].metrics.p_value!).toBeGreaterThan(0.05);
    expect(same.columns![0].status).toBe("pass");
    const again = await run(driftMmd, pair(tri(400), tri(400, 3000)));
    expect(again.columns![0].metrics.p_value).toBe(same.columns![0].metrics.p_value);
  });
  it("samples big windows and says so", async () => {
    const r = await run(driftMmd, { ...pair(tri(3000), tri(3000, 5000)), config: { maxSamples: 200, permutations: 50 } });
    expect(r.columns![0].details!.note).toMatch(/sampled 200 baseline and 200 current values/);
  });
  it("bandwidth is the median pairwise distance (two points each: 1, 2, 3, 1, 2, 1 → 1.5)", async () => {
    const r = await run(driftMmd, { ...pair(Float64Array.from([0, 1]), Float64Array.from([2, 3])), config: { permutations: 20 } });
    expect(r.columns![0].metrics.bandwidth).toBe(1.5);
    // K(d) = exp(−d²/(2·1.5²)); XX: {1,1,k1,k1}, YY same, XY: {k2,k3,k1,k2}
    const k = (d: number) => Math.exp(-(d * d) / 4.5);
    const expected = (2 + 2 * k(1)) / 4 + (2 + 2 * k(1)) / 4 - (2 * (k(2) + k(3) + k(1) + k(2))) / 4;
    expect(relErr(r.columns![0].metrics.mmd2!, expected)).toBeLessThan(1e-12);
  });
});

describe("drift.auto rules 'extended'", () => {
  it("picks by type, cardinality and size among every test", () => {
    const bool = (n: number) => categoricalColumn(Array.from({ length: n }, (_, i) => (i % 3 ? "yes" : "no")));
    expect(chooseDriftTestExtended(bool(500), bool(500), 500, 500).test).toBe("fisher");
    expect(chooseDriftTestExtended(bool(60_000), bool(60_000), 60_000, 60_000).test).toBe("z");
    expect(chooseDriftTestExtended(numericColumn(tri(800)), numericColumn(tri(300, 1)), 800, 300).test).toBe("anderson");
    expect(chooseDriftTestExtended(numericColumn(tri(5000)), numericColumn(tri(300, 1)), 5000, 300).test).toBe("wasserstein");
    expect(chooseDriftTestExtended(numericColumn(tri(5000)), numericColumn(tri(300, 1)), 200_000, 300).test).toBe("hellinger");
    const c = (n: number) => categoricalColumn(Array.from({ length: n }, (_, i) => `c${i % 7}`));
    expect(chooseDriftTestExtended(c(900), c(50), 900, 50).test).toBe("chisquare");
    const big = chooseDriftTestExtended(c(5000), c(50), 5000, 50);
    expect(big.test).toBe("hellinger");
    expect(big.why).toMatch(/> 1000/);
  });
  it("runs the picked tests with their own statistics; evidently rules stay the default", async () => {
    const yes = (k: number, n: number) => categoricalColumn(Array.from({ length: n }, (_, i) => (i < k ? "yes" : "no")));
    const input = { baseline: f({ flag: yes(30, 100), x: numericColumn(tri(100)) }), current: f({ flag: yes(45, 100), x: numericColumn(tri(100, 100, 3)) }) };
    const r = await run(driftAuto, { ...input, config: { rules: "extended" } });
    const flag = r.columns!.find((c) => c.column === "flag")!;
    expect(flag.details?.test).toBe("fisher");
    expect(relErr(flag.metrics.p_value!, 0.040534006514982644)).toBeLessThan(1e-10); // fisher_exact([[30, 70], [45, 55]])
    const x = r.columns!.find((c) => c.column === "x")!;
    expect(x.details?.test).toBe("anderson");
    expect(x.metrics.p_value).toBe(0.001);
    expect((await run(driftAuto, input)).columns!.find((c) => c.column === "flag")!.details?.test).toBe("z");
  });
});

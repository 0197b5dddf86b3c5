import { describe, expect, it } from "vitest";
import { categoricalColumn, chooseDriftTest, createFrame, numericColumn, type Frame } from "@/plugins/sdk";
import driftKs from "@/plugins/builtin/drift.ks";
import driftW from "@/plugins/builtin/drift.wasserstein";
import driftPsi from "@/plugins/builtin/drift.psi";
import driftJs from "@/plugins/builtin/drift.jensenshannon";
import driftChi from "@/plugins/builtin/drift.chisquare";
import driftAuto from "@/plugins/builtin/drift.auto";
import driftPred from "@/plugins/builtin/drift.prediction";
import { relErr, tri } from "./gen";
import { run } from "./harness";

// Expected values: scipy 1.10.1 / numpy 1.24 via test/fixtures/evaluation/expected.py.
const f = (features: Frame["features"], extra: Partial<Parameters<typeof createFrame>[0]> = {}) => createFrame({ features, ...extra });

describe("drift.ks", () => {
  it("per column statistic and p-value as ks_2samp; status from p < 0.05", async () => {
    const base = f({ x: numericColumn(tri(12000)), y: numericColumn(tri(12000)) });
    const cur = f({ x: numericColumn(tri(15000, 11, 0.02)), y: numericColumn(tri(15000, 11, 0.15)) });
    const r = await run(driftKs, { baseline: base, current: cur });
    const [x, y] = r.columns!;
    expect(relErr(x.metrics.statistic!, 0.00539999999999996)).toBeLessThan(1e-12);
    expect(relErr(x.metrics.p_value!, 0.9894845251912747)).toBeLessThan(1e-9);
    expect(x.status).toBe("pass");
    expect(relErr(y.metrics.p_value!, 1.3013897477451514e-5)).toBeLessThan(1e-9);
    expect(y.status).toBe("fail");
    expect(r.metrics).toMatchObject({ columns_tested: 2, drifted_columns: 1, drift_share: 0.5, dataset_drift: 1 });
    expect(r.status).toBe("fail");
  });
  it("missing and ±Infinity are excluded (and counted out of n)", async () => {
    const a = tri(20);
    const b = tri(30, 500, 0.8);
    const withGaps = Float64Array.from([...b, NaN, Infinity, -Infinity]);
    const r = await run(driftKs, { baseline: f({ x: numericColumn(a) }), current: f({ x: numericColumn(withGaps) }) });
    expect(relErr(r.columns![0].metrics.p_value!, 0.4856487293441515)).toBeLessThan(1e-12);
    expect(r.columns![0].metrics.n_current).toBe(32); // NaN is missing; infinities are values but not finite
  });
  it("categorical, all-missing and absent columns are n/a with a reason", async () => {
    const base = f({ c: categoricalColumn(["a", "b"]), m: numericColumn([NaN, NaN]), only: numericColumn([1, 2]) });
    const cur = f({ c: categoricalColumn(["a", "a"]), m: numericColumn([NaN, 1]) });
    const r = await run(driftKs, { baseline: base, current: cur, columns: ["c", "m", "only"] });
    expect(r.columns!.map((c) => c.status)).toEqual(["n/a", "n/a", "n/a"]);
    expect(r.columns![1].reasons?.statistic).toMatch(/no finite values/);
    expect(r.status).toBe("n/a");
  });
  it("learned threshold: mean + 3σ of baseline-chunk statistics (NannyML)", async () => {
    const base = f({ x: numericColumn(tri(1000)) });
    const cur = f({ x: numericColumn(tri(500, 3, 0.3)) });
    const r = await run(driftKs, { baseline: base, current: cur, config: { thresholdMode: "learned" } });
    const c = r.columns![0];
    expect(relErr(c.metrics.threshold!, 0.06612223436285647)).toBeLessThan(1e-12);
    expect(c.metrics.statistic).toBeCloseTo(0.064, 15);
    expect(c.details?.drift).toBe(false);
  });
});

describe("drift.wasserstein / psi / jensenshannon / chisquare", () => {
  const a = tri(1000);
  const b = tri(1200, 77, 0.25);
  const base = f({ x: numericColumn(a) });
  const cur = f({ x: numericColumn(b) });
  it("wasserstein distance and normed = distance / std(baseline)", async () => {
    const c = (await run(driftW, { baseline: base, current: cur })).columns![0];
    expect(relErr(c.metrics.distance!, 0.2585136781105948)).toBeLessThan(1e-12);
    expect(relErr(c.metrics.normed!, 0.1287169004349602)).toBeLessThan(1e-12);
    expect(c.status).toBe("fail"); // ≥ 0.1
  });
  it("wasserstein on a constant baseline divides by 0.001 (Evidently)", async () => {
    const c = (await run(driftW, { baseline: f({ x: numericColumn([1, 1, 1]) }), current: f({ x: numericColumn([1, 1, 2]) }) })).columns![0];
    expect(c.metrics.distance).toBeCloseTo(1 / 3, 15);
    expect(c.metrics.normed).toBeCloseTo(1000 / 3, 10);
  });
  it("psi with warn/fail thresholds", async () => {
    const r = await run(driftPsi, { baseline: base, current: cur });
    expect(relErr(r.columns![0].metrics.psi!, 0.01750019354792266)).toBeLessThan(1e-12);
    expect(r.columns![0].status).toBe("pass");
    const shifted = await run(driftPsi, { baseline: base, current: f({ x: numericColumn(a.map((v) => v + 1.5)) }) });
    expect(relErr(shifted.columns![0].metrics.psi!, 0.5215446980101455)).toBeLessThan(1e-12);
    expect(shifted.columns![0].status).toBe("fail");
  });
  it("psi on categories", async () => {
    const r = await run(driftPsi, { baseline: f({ c: categoricalColumn(["a", "a", "b", "c"]) }), current: f({ c: categoricalColumn(["a", "b", "b", "b"]) }) });
    // (0.25−0.5)ln(0.25/0.5) + (0.75−0.25)ln(0.75/0.25) + (1e-4−0.25)ln(1e-4/0.25), by hand
    const expected = -0.25 * Math.log(0.5) + 0.5 * Math.log(3) + (1e-4 - 0.25) * Math.log(1e-4 / 0.25);
    expect(relErr(r.columns![0].metrics.psi!, expected)).toBeLessThan(1e-14);
  });
  it("jensen-shannon (base 2, Evidently sturges histogram)", async () => {
    const c = (await run(driftJs, { baseline: base, current: cur })).columns![0];
    expect(relErr(c.metrics.distance!, 0.06880490322194184)).toBeLessThan(1e-12);
    expect(c.status).toBe("pass");
  });
  it("chisquare: current counts vs scaled baseline counts", async () => {
    const mk = (counts: number[]) => categoricalColumn(counts.flatMap((k, i) => Array(k).fill(["x", "y", "z"][i])));
    const c = (await run(driftChi, { baseline: f({ c: mk([500, 300, 200]) }), current: f({ c: mk([230, 160, 110]) }) })).columns![0];
    expect(relErr(c.metrics.statistic!, 3.2666666666666666)).toBeLessThan(1e-13);
    expect(relErr(c.metrics.p_value!, 0.19527756283568576)).toBeLessThan(1e-11);
    const unseen = (await run(driftChi, { baseline: f({ c: categoricalColumn(["a", "b"]) }), current: f({ c: categoricalColumn(["a", "new"]) }) })).columns![0];
    expect(unseen.metrics.statistic).toBeNull();
    expect(unseen.reasons?.statistic).toMatch(/absent from the baseline/);
    expect(unseen.metrics.p_value).toBe(0);
    expect(unseen.status).toBe("fail");
  });
});

describe("drift.auto (Evidently's test choice)", () => {
  it("picks by type, cardinality and baseline size, and says why", () => {
    const small = numericColumn(tri(500));
    expect(chooseDriftTest(small, numericColumn(tri(300, 1)), 500).test).toBe("ks");
    expect(chooseDriftTest(numericColumn([1, 2, 3, 1]), numericColumn([2, 3]), 4).test).toBe("chisquare");
    expect(chooseDriftTest(categoricalColumn(["a", "b"]), categoricalColumn(["b"]), 2).test).toBe("z");
    expect(chooseDriftTest(numericColumn(tri(2000)), numericColumn(tri(10, 2)), 2000).test).toBe("wasserstein");
    const big = chooseDriftTest(categoricalColumn(Array.from({ length: 2000 }, (_, i) => `c${i % 7}`)), categoricalColumn(["c1"]), 2000);
    expect(big.test).toBe("jensenshannon");
    expect(big.why).toMatch(/> 1000/);
  });
  it("reports test, why and dataset drift share; z-test p-value as Evidently", async () => {
    const yes = (k: number, n: number) => categoricalColumn(Array.from({ length: n }, (_, i) => (i < k ? "yes" : "no")));
    const r = await run(driftAuto, {
      baseline: f({ flag: yes(60, 200), x: numericColumn(tri(200)) }),
      current: f({ flag: yes(45, 100), x: numericColumn(tri(100, 9)) }),
    });
    const flag = r.columns!.find((c) => c.column === "flag")!;
    expect(flag.details?.test).toBe("z");
    expect(String(flag.details?.why)).toMatch(/2 distinct values/);
    expect(relErr(flag.metrics.p_value!, 0.010235712391270635)).toBeLessThan(1e-9);
    expect(flag.status).toBe("fail");
    expect(r.columns!.find((c) => c.column === "x")!.details?.test).toBe("ks");
    expect(r.metrics.drift_share).toBe(0.5);
  });
  it("text columns from the contract are skipped", async () => {
    const r = await run(driftAuto, {
      baseline: f({ t: categoricalColumn(["hello", "x"]) }),
      current: f({ t: categoricalColumn(["bye", "y"]) }),
      contract: { features: [{ name: "t", type: "text", key: false, nullable: true }] },
    });
    expect(r.columns![0].status).toBe("n/a");
    expect(r.status).toBe("n/a");
  });
});

describe("drift.prediction", () => {
  it("tests the prediction column", async () => {
    const r = await run(driftPred, {
      baseline: createFrame({ prediction: numericColumn(tri(12000)) }),
      current: createFrame({ prediction: numericColumn(tri(15000, 11, 0.15)) }),
      config: { test: "ks" },
    });
    expect(relErr(r.metrics.p_value!, 1.3013897477451514e-5)).toBeLessThan(1e-9);
    expect(r.metrics.drift).toBe(1);
    expect(r.status).toBe("fail");
  });
  it("n/a without predictions", async () => {
    const r = await run(driftPred, { baseline: createFrame({ features: {} }, 0), current: createFrame({ features: {} }, 0) });
    expect(r.status).toBe("n/a");
  });
});

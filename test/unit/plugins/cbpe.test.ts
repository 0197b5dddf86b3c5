import path from "node:path";
import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, isotonicFit, isotonicTransform, numericColumn, seededRandom, type Frame } from "@/plugins/sdk";
import cbpe from "@/plugins/builtin/perf.cbpe";
import { readTable } from "@/server/files/read-table";
import { tableToFrame } from "@/server/files/to-frame";
import { run } from "./harness";

const FIX = path.resolve(__dirname, "../../fixtures/cbpe");
const frame = async (name: string) => tableToFrame(await readTable(path.join(FIX, name)));

// Expected values: test/fixtures/cbpe/expected.py — an independent implementation with
// scikit-learn 1.9.1 (IsotonicRegression, roc_auc_score with sample weights) and numpy 2.4.6
// (NannyML itself could not be installed here: no route to PyPI). Tolerance 1e-9: the files hold
// 9 decimals and both sides read the same doubles, so differences are rounding only.
const EXPECTED = {
  binary: {
    brier_raw: 0.15559155221048962,
    brier_isotonic_cv: 0.1468883121615213,
    estimated: { accuracy: 0.8011839328553879, precision: 0.7931158886608102, recall: 0.9099396854897415, f1: 0.8475209303077464, roc_auc: 0.8863284689284111 },
    sampling_error: { accuracy: 0.010678295744171912, precision: 0.014808721943977308, recall: 0.013049904783070592, f1: 0.015198183843099624, roc_auc: 0.00891512182274436 },
    realized: { accuracy: 0.8133333333333334, precision: 0.7964743589743589, recall: 0.9237918215613383, f1: 0.8554216867469879, roc_auc: 0.8993971944381688 },
    gap: { accuracy: 0.006540498332115674, precision: -0.00389133709072631, recall: 0.013660225304365725, f1: 0.0036949850225324044, roc_auc: 0.010108377423929005 },
  },
  multiclass: {
    estimated: { accuracy: 0.7133878952322703, precision: 0.684108717308069, recall: 0.6609584577422409, f1: 0.6649314856965972, roc_auc: 0.8647640058484484 },
    realized: { accuracy: 0.7116666666666667, precision: 0.6780228324254708, recall: 0.6569446187112704, f1: 0.6611622395759674, roc_auc: 0.8545671952754855 },
  },
};
const METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc"] as const;

describe("isotonic regression (PAV)", () => {
  it("equals sklearn IsotonicRegression(out_of_bounds='clip') with ties and weights", () => {
    const m = isotonicFit([3, 1, 2, 2, 4, 5, 5, 6], [0, 1, 0, 1, 0, 0, 1, 1], [1, 1, 2, 1, 1, 1, 3, 1]);
    const got = Array.from(isotonicTransform(m, [0, 1, 1.5, 2, 2.5, 3, 4.5, 5, 5.5, 7]));
    // sklearn 1.9.1
    const want = [1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 0.5416666666666666, 0.75, 0.875, 1];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i], 14));
  });
});

describe("perf.cbpe against an independent implementation (sklearn)", () => {
  it("binary: calibration chosen, estimates, sampling errors, band, realized and gap", async () => {
    const r = await run(cbpe, { baseline: await frame("binary_reference.csv"), current: await frame("binary_current.csv") });
    const e = EXPECTED.binary;
    expect(r.metrics.calibrated).toBe(1);
    expect((r.chart!.cbpe as { brier_raw: number }).brier_raw).toBeCloseTo(e.brier_raw, 9);
    expect((r.chart!.cbpe as { brier_isotonic_cv: number }).brier_isotonic_cv).toBeCloseTo(e.brier_isotonic_cv, 9);
    expect(r.metrics).toMatchObject({ n_reference: 2000, n_estimated: 1500, n_labelled: 900 });
    for (const m of METRICS) {
      expect(r.metrics[m]).toBeCloseTo(e.estimated[m], 9);
      expect(r.columns!.find((c) => c.column === m)!.metrics.sampling_error).toBeCloseTo(e.sampling_error[m], 9);
      expect(r.metrics[`${m}_lower`]).toBeCloseTo(Math.max(0, e.estimated[m] - 3 * e.sampling_error[m]), 9);
      expect(r.metrics[`${m}_upper`]).toBeCloseTo(Math.min(1, e.estimated[m] + 3 * e.sampling_error[m]), 9);
      expect(r.metrics[`${m}_realized`]).toBeCloseTo(e.realized[m], 12);
      expect(r.metrics[`${m}_gap`]).toBeCloseTo(e.gap[m], 9);
    }
    // the calibrated estimates match what the labels later say: no gap is flagged
    expect(r.status).toBe("pass");
    expect(r.columns!.map((c) => c.column)).toEqual([...METRICS]);
  });

  it("multiclass: one-vs-rest calibration, renormalised, macro averages", async () => {
    const r = await run(cbpe, { baseline: await frame("multiclass_reference.csv"), current: await frame("multiclass_current.csv") });
    expect(r.metrics.calibrated).toBe(1);
    for (const m of METRICS) {
      expect(r.metrics[m]).toBeCloseTo(EXPECTED.multiclass.estimated[m], 9);
      expect(r.metrics[`${m}_realized`]).toBeCloseTo(EXPECTED.multiclass.realized[m], 9);
    }
    expect((r.chart!.cbpe as { task: string }).task).toBe("multiclass");
  });

  it("without labels in the current window it reports estimates with their band and says so", async () => {
    const r = await run(cbpe, { baseline: await frame("binary_reference.csv"), current: await frame("binary_current_unlabelled.csv") });
    expect(r.metrics.roc_auc).toBeCloseTo(EXPECTED.binary.estimated.roc_auc, 9);
    expect(r.metrics.n_labelled).toBe(0);
    expect(r.metrics).not.toHaveProperty("roc_auc_realized");
    expect(r.notes).toContain("no labels in the current window yet: values are estimates");
  });
});

/** Binary data: x ~ U(−3, 3), true P(y=1) = σ(x); the model's score is σ(k·x + b). */
function synth(n: number, seed: number, k: number, b: number, xShift = 0): Frame {
  const rand = seededRandom(seed);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (rand() - 0.5) * 6 + xShift;
    y[i] = rand() < 1 / (1 + Math.exp(-x)) ? 1 : 0;
    s[i] = 1 / (1 + Math.exp(-(k * x + b)));
  }
  return createFrame({ features: {}, prediction: numericColumn(s), label: numericColumn(y) });
}

describe("perf.cbpe behaviour", () => {
  it("perfectly calibrated scores: estimates ≈ realized, within the band", async () => {
    const r = await run(cbpe, { baseline: synth(5000, 1, 1, 0), current: synth(5000, 2, 1, 0, 0.7) });
    for (const m of METRICS) {
      const real = r.metrics[`${m}_realized`]!;
      expect(Math.abs(real - r.metrics[m]!)).toBeLessThan(0.02);
      expect(real).toBeGreaterThanOrEqual(r.metrics[`${m}_lower`]!);
      expect(real).toBeLessThanOrEqual(r.metrics[`${m}_upper`]!);
    }
    expect(r.status).toBe("pass");
  });

  it("miscalibrated scores: isotonic calibration is used and beats the raw scores", async () => {
    const baseline = synth(5000, 3, 3, 1);
    const current = synth(5000, 4, 3, 1, -0.5);
    const auto = await run(cbpe, { baseline, current });
    const raw = await run(cbpe, { baseline, current, config: { calibration: "never" } });
    expect(auto.metrics.calibrated).toBe(1);
    expect(raw.metrics.calibrated).toBe(0);
    for (const m of ["accuracy", "precision", "f1"] as const) {
      expect(Math.abs(auto.metrics[`${m}_gap`]!)).toBeLessThan(0.02);
      expect(Math.abs(raw.metrics[`${m}_gap`]!)).toBeGreaterThan(Math.abs(auto.metrics[`${m}_gap`]!) + 0.03);
    }
    // uncalibrated estimates are far off what the labels say: the gap is flagged
    expect(raw.status).toBe("warn");
    expect(raw.notes!.some((n) => n.startsWith("calibration decayed?"))).toBe(true);
    const acc = raw.columns!.find((c) => c.column === "accuracy")!;
    expect(acc.status).toBe("warn");
    expect(String(acc.details!.finding)).toMatch(/^calibration decayed\? realized accuracy 0\.\d{3} vs estimated 0\.\d{3} on the same 5000 labelled rows \(gap [+-]0\.\d{3}, beyond ±0\.\d{3}\)$/);
  });

  it("calibration decayed after the reference: a large gap is a warning", async () => {
    // reference calibrated; in the current window the relation between score and outcome moved
    const baseline = synth(4000, 5, 1, 0);
    const moved = synth(4000, 6, 1, 0);
    const y = moved.label!.type === "numeric" ? moved.label!.values : new Float64Array();
    const flipped = Float64Array.from(y, (v, i) => (i % 3 === 0 ? 1 - v : v));
    const current = createFrame({ features: {}, prediction: moved.prediction, label: numericColumn(flipped) });
    const r = await run(cbpe, { baseline, current });
    expect(r.status).toBe("warn");
    expect(r.metrics.accuracy_gap!).toBeLessThan(-0.1);
  });

  it("says why it cannot estimate", async () => {
    const noLabels = createFrame({ features: {}, prediction: numericColumn([0.1, 0.9]) });
    expect((await run(cbpe, { current: noLabels })).notes).toEqual(["needs a labelled baseline (the reference)"]);
    const r = await run(cbpe, { baseline: noLabels, current: noLabels });
    expect(r.status).toBe("n/a");
    expect(r.notes).toEqual(["needs labels in the reference"]);
    const small = await run(cbpe, { baseline: synth(50, 7, 1, 0), current: noLabels });
    expect(small.notes![0]).toBe("only 50 labelled reference rows with a score (needs ≥ 100)");
    const cat = createFrame({ features: {}, prediction: categoricalColumn(["a"]), label: categoricalColumn(["a"]) });
    expect((await run(cbpe, { baseline: cat, current: cat, config: { task: "multiclass" } })).notes![0]).toMatch(/needs ≥ 2 probability columns/);
  });
});

import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn, seededRandom } from "@/plugins/sdk";
import businessValue from "@/plugins/builtin/quality.business_value";
import calibrationEv from "@/plugins/builtin/quality.calibration";
import fairness from "@/plugins/builtin/quality.fairness";
import ranking from "@/plugins/builtin/quality.ranking";
import regression from "@/plugins/builtin/quality.regression";
import { relErr } from "./gen";
import { runEvaluator } from "@/server/evaluation/runner";
import { chartsForResult } from "@/server/charts/specs";
import { createBuiltinRegistry } from "@/plugins/index";
import { run } from "./harness";

// Expected values: scikit-learn 1.9.1 via test/fixtures/evaluation/expected_quality_breadth.py (pasted literals).
function fairnessData(n = 600) {
  const group: string[] = [];
  const y = new Float64Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = "abc"[i % 3];
    group.push(g);
    y[i] = (i * 7919) % 10 < 4 ? 1 : 0;
    score[i] = ((i * 104729) % 1000) / 1000 + (g === "a" && y[i] === 1 ? 0.25 : 0) - (g === "c" ? 0.2 : 0);
  }
  return createFrame({ features: { region: categoricalColumn(group) }, label: numericColumn(y), prediction: numericColumn(score), cohorts: { segment: categoricalColumn(group) } });
}

describe("quality.fairness (Fairlearn definitions)", () => {
  it("per attribute: parity, disparate impact, equal opportunity, equalized odds", async () => {
    const r = await run(fairness, { current: fairnessData(), config: { attributes: ["segment", "region"] }, columns: [] });
    for (const col of r.columns!) {
      expect(relErr(col.metrics.demographic_parity_difference!, 0.295)).toBeLessThan(1e-12);
      expect(relErr(col.metrics.disparate_impact_ratio!, 0.5)).toBeLessThan(1e-12);
      expect(relErr(col.metrics.equal_opportunity_difference!, 0.4625)).toBeLessThan(1e-12);
      expect(relErr(col.metrics.equalized_odds_difference!, 0.4625)).toBeLessThan(1e-12);
      expect(col.status).toBe("fail");
      expect((col.details!.groups as { n: number }[]).map((g) => g.n)).toEqual([200, 200, 200]);
    }
    expect(r.status).toBe("fail");
  });
  it("groups below the minimum size are left out; fewer than two groups is 'no data'", async () => {
    const r = await run(fairness, { current: fairnessData(), config: { attributes: ["segment"], minGroupSize: 201 }, columns: [] });
    expect(r.columns![0].status).toBe("n/a");
    expect(r.columns![0].reasons!.disparate_impact_ratio).toMatch(/^no data/);
    expect(r.columns![0].details!.too_small).toEqual({ a: 200, b: 200, c: 200 });
  });
  it("an unknown attribute is n/a; no attributes at all says what to set", async () => {
    const r = await run(fairness, { current: fairnessData(), config: { attributes: ["nope"] }, columns: [] });
    expect(r.columns![0].details!.skipped).toMatch(/not a cohort attribute/);
    expect((await run(fairness, { current: fairnessData(), columns: [] })).notes![0]).toMatch(/set attributes/);
  });
});

describe("quality.business_value", () => {
  it("binary: value per TP/FP/TN/FN, per 1,000 predictions", async () => {
    const r = await run(businessValue, {
      current: fairnessData(),
      config: { valueTruePositive: 100, valueFalsePositive: -20, valueFalseNegative: -50, failBelow: 6000 },
      columns: [],
    });
    expect(r.metrics).toMatchObject({ tn: 206, fp: 154, fn: 116, tp: 124, total_value: 3520, n_scored: 600 });
    expect(relErr(r.metrics.value_per_1000!, 5866.666666666666)).toBeLessThan(1e-12);
    expect(r.status).toBe("fail");
  });
  it("multiclass cost matrix (rows actual, columns predicted); unknown classes counted apart", async () => {
    const current = createFrame({ label: categoricalColumn(["a", "a", "b", "c", "z"]), prediction: categoricalColumn(["a", "b", "b", "a", "a"]) });
    const valueMatrix = { classes: ["a", "b", "c"], values: [[10, -5, -5], [-2, 8, -2], [-30, -1, 20]] };
    const r = await run(businessValue, { current, config: { valueMatrix }, columns: [] });
    expect(r.metrics).toMatchObject({ total_value: 10 - 5 + 8 - 30, n_scored: 4, unmatched_rows: 1, value_per_1000: (-17 / 4) * 1000 });
  });
  it("unset values default to the model's economics (correct: +value, error: −cost) and say so", async () => {
    const model = { economics: { valuePerCorrect: 10, costPerError: 30 } };
    const r = await run(businessValue, { current: fairnessData(), config: {}, columns: [], model });
    // tp 124 + tn 206 correct, fp 154 + fn 116 errors
    expect(r.metrics).toMatchObject({ value_tp: 10, value_tn: 10, value_fp: -30, value_fn: -30, total_value: 330 * 10 - 270 * 30 });
    expect(r.notes).toContain("values used: TP 10 (model value per correct), FP -30 (model cost per error), TN 10 (model value per correct), FN -30 (model cost per error)");
    const mixed = await run(businessValue, { current: fairnessData(), config: { valueTruePositive: 100 }, columns: [], model });
    expect(mixed.metrics.total_value).toBe(124 * 100 - 154 * 30 + 206 * 10 - 116 * 30);
    expect(mixed.notes![0]).toMatch(/^values used: TP 100 \(cell config\), FP -30 \(model cost per error\)/);
    const bare = await run(businessValue, { current: fairnessData(), config: {}, columns: [], model: { economics: { valuePerCorrect: null, costPerError: null } } });
    expect(bare.metrics).toMatchObject({ total_value: 0, value_tp: 0 });
    expect(bare.notes![0]).toContain("TP 0 (default 0)");
  });
  it("reaches the evaluator through the runner's model option", async () => {
    const out = await runEvaluator({ pluginRef: "quality.business_value", current: fairnessData(), model: { economics: { valuePerCorrect: 1, costPerError: 2 } }, registry: createBuiltinRegistry() });
    const all = out.cohorts.find((c) => c.cohort === "all")!;
    expect(all.metrics).toMatchObject({ total_value: 330 - 270 * 2, value_fn: -2 });
  });
  it("a matrix that is not square is a config error naming the field", () => {
    expect(() => businessValue.config.parse({ valueMatrix: { classes: ["a", "b"], values: [[1, 2]] } })).toThrow(/classes × classes/);
  });
});

describe("quality.regression additions", () => {
  const current = createFrame({ label: numericColumn([3, -0.5, 2, 7, 0, 4.2, 10, 1.5]), prediction: numericColumn([2.5, 0.0, 2, 8, 0, 3.9, 12.5, 1.0]) });
  it("smape, wape, pinball loss as sklearn mean_pinball_loss", async () => {
    const r = await run(regression, { current, config: { pinballAlpha: 0.9 }, columns: [] });
    expect(relErr(r.metrics.pinball_loss!, 0.19625000000000004)).toBeLessThan(1e-12);
    expect(relErr(r.metrics.smape!, 0.37643097643097645)).toBeLessThan(1e-12);
    expect(relErr(r.metrics.wape!, 0.18794326241134754)).toBeLessThan(1e-12);
    const half = await run(regression, { current, columns: [] });
    expect(relErr(half.metrics.pinball_loss!, 0.33125000000000004)).toBeLessThan(1e-12);
    expect(relErr(half.metrics.pinball_loss!, half.metrics.mae! / 2)).toBeLessThan(1e-12);
  });
  it("error by prediction decile (equal-count groups by ŷ)", async () => {
    const y = Float64Array.from({ length: 100 }, (_, i) => i);
    const yhat = y.map((v) => v + (v >= 90 ? 5 : 1));
    const r = await run(regression, { current: createFrame({ label: numericColumn(y), prediction: numericColumn(yhat) }), columns: [] });
    const d = r.chart!.error_by_decile as { n: number[]; mae: number[]; upper: number[] };
    expect(d.n).toEqual(Array(10).fill(10));
    expect(d.mae).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 5]);
    expect(d.upper[0]).toBe(10);
  });
});

describe("quality.ranking additions (recsys)", () => {
  it("map@k, hit rate@k, coverage, popularity bias, gini", async () => {
    const current = createFrame({
      features: { query_id: categoricalColumn(["q1", "q1", "q1", "q2", "q2", "q3", "q3"]), item_id: categoricalColumn(["a", "b", "c", "a", "d", "e", "b"]) },
      label: numericColumn([1, 0, 1, 0, 1, 0, 0]),
      prediction: numericColumn([0.9, 0.8, 0.1, 0.5, 0.4, 0.3, 0.2]),
    });
    const r = await run(ranking, { current, config: { k: 2 }, columns: [] });
    // expected_quality_breadth.py: map 1/3, hit 2/3, arp 1/6; coverage {a,b,d,e}/{a..e} = 0.8;
    // gini of counts [0,1,1,2,2]: 2·23/(5·6) − 6/5 = 1/3
    expect(relErr(r.metrics.map_at_k!, 0.3333333333333333)).toBeLessThan(1e-12);
    expect(relErr(r.metrics.hit_rate_at_k!, 0.6666666666666666)).toBeLessThan(1e-12);
    expect(r.metrics.coverage).toBe(0.8);
    expect(relErr(r.metrics.popularity_bias!, 0.16666666666666666)).toBeLessThan(1e-12);
    expect(relErr(r.metrics.recommendation_gini!, 1 / 3)).toBeLessThan(1e-12);
  });
});

describe("quality.calibration", () => {
  const p = [0.1, 0.15, 0.3, 0.35, 0.6, 0.62, 0.8, 0.95, 0.05, 0.7];
  const y = [0, 0, 1, 0, 1, 0, 1, 1, 0, 1];
  it("ece and reliability diagram as sklearn calibration_curve (binary)", async () => {
    const r = await run(calibrationEv, { current: createFrame({ label: numericColumn(y), prediction: numericColumn(p) }), config: { bins: 5 }, columns: [] });
    expect(relErr(r.metrics.ece!, 0.12200000000000003)).toBeLessThan(1e-12);
    const cal = r.chart!.calibration as { prob_true: number[]; prob_pred: number[] };
    expect(cal.prob_true).toEqual([0, 0.5, 1, 0.6666666666666666, 1]);
    cal.prob_pred.forEach((v, i) => expect(relErr(v, [0.1, 0.325, 0.6, 0.7066666666666667, 0.95][i])).toBeLessThan(1e-12));
    expect(r.status).toBe("fail"); // 0.122 > 0.1
    expect(r.reasons!.ece_change).toBe("no timestamps");
  });
  it("ece per period: a model that loses calibration in the second half", async () => {
    const n = 2000;
    const rand = seededRandom(5);
    const score = new Float64Array(n), label = new Float64Array(n), ts = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = rand();
      ts[i] = Date.UTC(2026, 0, 1) + i * 3_600_000;
      const truth = i < n / 2 ? score[i] : Math.min(1, score[i] * 0.4);
      label[i] = rand() < truth ? 1 : 0;
    }
    const r = await run(calibrationEv, { current: createFrame({ label: numericColumn(label), prediction: numericColumn(score), timestamp: ts }), config: { periods: 4 }, columns: [] });
    expect(r.columns!.map((c) => c.metrics.n)).toEqual([500, 500, 500, 500]);
    expect(r.columns![0].column).toBe("2026-01-01 00:00");
    expect(r.metrics.ece_first!).toBeLessThan(0.06);
    expect(r.metrics.ece_last!).toBeGreaterThan(0.2);
    expect(r.metrics.ece_change!).toBeGreaterThan(0.15);
  });
  it("multiclass: top-label calibration from probability columns", async () => {
    const current = createFrame({
      features: { proba_a: numericColumn([0.9, 0.8, 0.3, 0.6]), proba_b: numericColumn([0.1, 0.2, 0.7, 0.4]) },
      label: categoricalColumn(["a", "b", "b", "a"]),
    });
    const r = await run(calibrationEv, { current, config: { bins: 2 }, columns: [] });
    // confidences 0.9, 0.8, 0.7, 0.6 all in bin (0.5, 1]; correct 1, 0, 1, 1 → |0.75 − 0.75| = 0
    expect(r.metrics.ece).toBeCloseTo(0, 15);
  });
  it("multiclass: ece and reliability diagram equal sklearn calibration_curve on top-label confidence and correctness", async () => {
    /* scikit-learn 1.2.1:
       P = np.array([[.7,.2,.1],[.5,.3,.2],[.1,.8,.1],[.3,.35,.35],[.2,.2,.6],[.05,.05,.9],[.4,.45,.15],[.6,.1,.3],[.25,.5,.25],[.15,.15,.7],[.9,.05,.05],[.34,.33,.33]])
       y = np.array(["a","b","b","c","c","c","a","a","b","a","a","c"]); classes = np.array(["a","b","c"])
       conf = P.max(axis=1); correct = (classes[P.argmax(axis=1)] == y).astype(int)
       pt, pp = calibration_curve(correct, conf, n_bins=4, strategy="uniform")
       counts = np.bincount(np.searchsorted(np.linspace(0, 1, 5)[1:-1], conf), minlength=4); counts = counts[counts > 0]
       ece = np.sum(counts / len(conf) * np.abs(pt - pp))
       → pt [0.2, 0.75, 1.0], pp [0.42800000000000005, 0.6499999999999999, 0.8666666666666667], counts [5, 4, 3], ece 0.1616666666666667 */
    const rows = [[0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.1, 0.8, 0.1], [0.3, 0.35, 0.35], [0.2, 0.2, 0.6], [0.05, 0.05, 0.9], [0.4, 0.45, 0.15], [0.6, 0.1, 0.3], [0.25, 0.5, 0.25], [0.15, 0.15, 0.7], [0.9, 0.05, 0.05], [0.34, 0.33, 0.33]];
    const current = createFrame({
      features: Object.fromEntries(["a", "b", "c"].map((k, j) => [`proba_${k}`, numericColumn(rows.map((r) => r[j]))])),
      label: categoricalColumn(["a", "b", "b", "c", "c", "c", "a", "a", "b", "a", "a", "c"]),
    });
    const r = await run(calibrationEv, { current, config: { bins: 4 }, columns: [] });
    expect(relErr(r.metrics.ece!, 0.1616666666666667)).toBeLessThan(1e-12);
    const cal = r.chart!.calibration as { prob_true: number[]; prob_pred: number[]; counts: number[] };
    expect(cal.prob_true).toEqual([0.2, 0.75, 1]);
    cal.prob_pred.forEach((v, i) => expect(relErr(v, [0.42800000000000005, 0.6499999999999999, 0.8666666666666667][i])).toBeLessThan(1e-12));
    expect(cal.counts).toEqual([5, 4, 3]);
    // the reliability diagram a notebook draws for it
    const charts = chartsForResult({ plugin: "quality.calibration@1.0.0", cohorts: [{ cohort: "all", status: r.status, metrics: r.metrics, chart: r.chart, columns: r.columns }] });
    expect(charts.map((c) => c.key)).toContain("calibration");
  });
});

import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn } from "@/plugins/sdk";
import binary from "@/plugins/builtin/quality.binary";
import multiclass from "@/plugins/builtin/quality.multiclass";
import regression from "@/plugins/builtin/quality.regression";
import ranking from "@/plugins/builtin/quality.ranking";
import { relErr, seq, tri } from "./gen";
import { run } from "./harness";

// Expected values: scikit-learn 1.2.1 (test/fixtures/evaluation/expected.py) unless a comment
// names the scikit-learn documentation example they come from.

function binaryData() {
  const u = seq(200, 37, 101, 1, 0);
  const y = Float64Array.from(u, (v) => (v > 0.45 ? 1 : 0));
  const noise = seq(200, 53, 97, 0.65, 0);
  const s = Float64Array.from(y, (v, i) => Math.floor(Math.min(1, Math.max(0, 0.35 * v + noise[i])) * 20) / 20);
  return { y, s };
}

describe("quality.binary", () => {
  it("matches sklearn on tied scores", async () => {
    const { y, s } = binaryData();
    const r = await run(binary, { current: createFrame({ label: numericColumn(y), prediction: numericColumn(s) }) });
    const m = r.metrics;
    expect(m.accuracy).toBeCloseTo(0.765, 14);
    expect(relErr(m.precision!, 0.803921568627451)).toBeLessThan(1e-14);
    expect(relErr(m.recall!, 0.7522935779816514)).toBeLessThan(1e-14);
    expect(relErr(m.f1!, 0.7772511848341231)).toBeLessThan(1e-14);
    expect(relErr(m.roc_auc!, 0.8934368383909668)).toBeLessThan(1e-12);
    expect(relErr(m.average_precision!, 0.9044888904393185)).toBeLessThan(1e-12);
    expect(relErr(m.log_loss!, 0.4408513861214846)).toBeLessThan(1e-12);
    expect(relErr(m.brier!, 0.14367500000000002)).toBeLessThan(1e-12);
    expect(relErr(m.ece!, 0.134)).toBeLessThan(1e-9);
    expect([m.tn, m.fp, m.fn, m.tp]).toEqual([71, 20, 27, 82]);
    const cal = (r.chart as { calibration: { prob_true: number[]; prob_pred: number[] } }).calibration;
    expect(cal.prob_true).toEqual([0.0, 0.0, 0.0, 0.5, 0.6, 0.5625, 1.0, 1.0, 1.0, 1.0]);
    const pp = [0.04318181818181818, 0.17307692307692304, 0.2785714285714285, 0.37656249999999997, 0.47166666666666657, 0.5734375000000003, 0.6749999999999999, 0.7764705882352942, 0.8705882352941176, 0.9500000000000001];
    cal.prob_pred.forEach((v, i) => expect(relErr(v, pp[i])).toBeLessThan(1e-12));
  });

  it("sklearn docs: average_precision_score = 0.8333 and roc_auc_score = 0.75 for [0,0,1,1] / [0.1,0.4,0.35,0.8]", async () => {
    const r = await run(binary, { current: createFrame({ label: numericColumn([0, 0, 1, 1]), prediction: numericColumn([0.1, 0.4, 0.35, 0.8]) }) });
    expect(r.metrics.average_precision).toBeCloseTo(0.8333333333333333, 15);
    expect(r.metrics.roc_auc).toBe(0.75);
  });

  it("probabilities 0 and 1 are clipped as sklearn (log_loss = 12.014551129705717)", async () => {
    const r = await run(binary, { current: createFrame({ label: numericColumn([0, 1, 1]), prediction: numericColumn([0, 1, 0]) }) });
    expect(relErr(r.metrics.log_loss!, 12.014551129705717)).toBeLessThan(1e-12);
  });

  it("a single class: roc_auc null with a reason, status n/a", async () => {
    const r = await run(binary, { current: createFrame({ label: numericColumn([1, 1, 1]), prediction: numericColumn([0.2, 0.9, 0.6]) }) });
    expect(r.metrics.roc_auc).toBeNull();
    expect(r.reasons?.roc_auc).toMatch(/one class/);
    expect(r.metrics.recall).toBeCloseTo(2 / 3, 15);
    expect(r.status).toBe("n/a");
  });

  it("empty cohort and all-missing labels", async () => {
    const r = await run(binary, { current: createFrame({ label: numericColumn([NaN, NaN]), prediction: numericColumn([0.2, 0.9]) }) });
    expect(r.status).toBe("n/a");
    expect(r.metrics.n_scored).toBe(0);
    expect(r.metrics.accuracy).toBeNull();
  });

  it("scores outside [0,1] (±Infinity dropped): AUC still, log_loss null", async () => {
    const r = await run(binary, { current: createFrame({ label: numericColumn([0, 1, 0, 1, 1]), prediction: numericColumn([-2, 3, 0.5, Infinity, 1e300]) }) });
    expect(r.metrics.n_scored).toBe(4);
    expect(r.metrics.roc_auc).toBe(1);
    expect(r.metrics.log_loss).toBeNull();
  });

  it("categorical labels with a configured positive class; status thresholds", async () => {
    const r = await run(binary, {
      current: createFrame({ label: categoricalColumn(["spam", "ham", "spam", "ham"]), prediction: numericColumn([0.9, 0.2, 0.4, 0.6]) }),
      config: { positiveLabel: "spam", warnBelow: 0.9, failBelow: 0.6 },
    });
    expect(r.metrics.roc_auc).toBe(0.75);
    expect(r.status).toBe("warn");
  });
});

describe("quality.multiclass", () => {
  const classes = ["cat", "dog", "fish"];
  const yt = Array.from({ length: 60 }, (_, i) => classes[(i * 7) % 3]);
  const yp = Array.from({ length: 60 }, (_, i) => classes[(i * 7 + (i % 4 === 0 ? 1 : 0) + 2 * (i % 5 === 0 ? 1 : 0) * (i % 3 === 1 ? 1 : 0)) % 3]);
  const cols = [seq(60, 13, 31, 1, 0.05), seq(60, 17, 29, 1, 0.05), seq(60, 19, 23, 1, 0.05)];
  for (let i = 0; i < 60; i++) cols[classes.indexOf(yt[i])][i] += 0.8;
  for (let i = 0; i < 60; i++) {
    const z = cols[0][i] + cols[1][i] + cols[2][i];
    for (const c of cols) c[i] = c[i] / z;
  }
  it("matches sklearn (accuracy, macro/weighted f1, per-class, log_loss)", async () => {
    const r = await run(multiclass, {
      current: createFrame({
        label: categoricalColumn(yt),
        prediction: categoricalColumn(yp),
        features: { proba_cat: numericColumn(cols[0]), proba_dog: numericColumn(cols[1]), proba_fish: numericColumn(cols[2]) },
      }),
    });
    expect(relErr(r.metrics.accuracy!, 0.7166666666666667)).toBeLessThan(1e-14);
    expect(relErr(r.metrics.macro_f1!, 0.7170385713837367)).toBeLessThan(1e-14);
    expect(relErr(r.metrics.weighted_f1!, 0.7170385713837367)).toBeLessThan(1e-14);
    expect(relErr(r.metrics.log_loss!, 0.5989363816804306)).toBeLessThan(1e-12);
    const per = Object.fromEntries(r.columns!.map((c) => [c.column, c.metrics]));
    expect(per["class:cat"].precision).toBeCloseTo(0.6521739130434783, 15);
    expect(per["class:dog"].recall).toBeCloseTo(0.65, 15);
    expect(per["class:fish"].f1).toBeCloseTo(0.7692307692307692, 15);
  });
  it("sklearn docs: log_loss(['spam','ham','ham','spam'], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616", async () => {
    const r = await run(multiclass, {
      current: createFrame({
        label: categoricalColumn(["spam", "ham", "ham", "spam"]),
        features: { proba_ham: numericColumn([0.1, 0.9, 0.8, 0.35]), proba_spam: numericColumn([0.9, 0.1, 0.2, 0.65]) },
      }),
    });
    expect(relErr(r.metrics.log_loss!, 0.21616187468057912)).toBeLessThan(1e-13);
    expect(r.metrics.accuracy).toBe(1);
  });
  it("no probability columns: log_loss null with a reason", async () => {
    const r = await run(multiclass, { current: createFrame({ label: categoricalColumn(["a", "b"]), prediction: categoricalColumn(["a", "a"]) }) });
    expect(r.metrics.log_loss).toBeNull();
    expect(r.metrics.accuracy).toBe(0.5);
  });
});

describe("quality.regression", () => {
  it("matches sklearn and numpy", async () => {
    const y = Float64Array.from(tri(100), (v) => v * 10 + 50);
    const noise = seq(100, 29, 53, 6, -2.5);
    const yh = Float64Array.from(y, (v, i) => v + noise[i]);
    const r = await run(regression, { current: createFrame({ label: numericColumn(y), prediction: numericColumn(yh) }) });
    const m = r.metrics;
    expect(relErr(m.mae!, 1.5384905660377357)).toBeLessThan(1e-12);
    expect(relErr(m.rmse!, 1.7895756451393834)).toBeLessThan(1e-12);
    expect(relErr(m.mape!, 0.042984510917212206)).toBeLessThan(1e-12);
    expect(relErr(m.r2!, 0.9926768130995042)).toBeLessThan(1e-12);
    expect(relErr(m.mean_error!, 0.40943396226415063)).toBeLessThan(1e-11);
    const q = [-2.2735849056603783, -1.1415094339622627, 0.4433962264150928, 1.915094339622641, 3.160377358490564];
    ["residual_p5", "residual_p25", "residual_p50", "residual_p75", "residual_p95"].forEach((k, i) => expect(relErr(m[k]!, q[i])).toBeLessThan(1e-11));
  });
  it("sklearn docs example y=[3,-0.5,2,7], ŷ=[2.5,0,2,8]: mae 0.5, r2 0.9486…, mape 0.3273…", async () => {
    const r = await run(regression, { current: createFrame({ label: numericColumn([3, -0.5, 2, 7]), prediction: numericColumn([2.5, 0.0, 2, 8]) }) });
    expect(r.metrics.mae).toBe(0.5);
    expect(relErr(r.metrics.r2!, 0.9486081370449679)).toBeLessThan(1e-14);
    expect(relErr(r.metrics.mape!, 0.3273809523809524)).toBeLessThan(1e-14);
  });
  it("constant labels: r2 = 0 unless perfect (sklearn force_finite); n = 1 → r2 null", async () => {
    const r = await run(regression, { current: createFrame({ label: numericColumn([2, 2, 2]), prediction: numericColumn([2, 2, 3]) }) });
    expect(r.metrics.r2).toBe(0);
    const one = await run(regression, { current: createFrame({ label: numericColumn([2]), prediction: numericColumn([3]) }) });
    expect(one.metrics.r2).toBeNull();
    expect(one.metrics.mae).toBe(1);
  });
  it("status from a threshold", async () => {
    const r = await run(regression, { current: createFrame({ label: numericColumn([0, 0]), prediction: numericColumn([3, 3]) }), config: { warnAbove: 1, failAbove: 2 } });
    expect(r.status).toBe("fail");
  });
});

describe("quality.ranking", () => {
  const frame = (rel: number[], score: number[], q?: string[]) =>
    createFrame({ label: numericColumn(rel), prediction: numericColumn(score), features: { query_id: categoricalColumn(q ?? rel.map(() => "q1")) } });
  it("sklearn docs ndcg_score examples", async () => {
    const rel = [10, 0, 0, 1, 5];
    expect(relErr((await run(ranking, { current: frame(rel, [0.1, 0.2, 0.3, 4, 70]), config: { k: 5 } })).metrics.ndcg_at_k!, 0.6956940443813076)).toBeLessThan(1e-14);
    expect(relErr((await run(ranking, { current: frame(rel, [0.05, 1.1, 1.0, 0.5, 0.0]), config: { k: 4 } })).metrics.ndcg_at_k!, 0.3520241100634488)).toBeLessThan(1e-14);
    // ties in scores are averaged
    expect(relErr((await run(ranking, { current: frame(rel, [1, 0, 0, 0, 1]), config: { k: 5 } })).metrics.ndcg_at_k!, 0.9279733094794905)).toBeLessThan(1e-14);
    expect((await run(ranking, { current: frame(rel, [1, 0, 0, 0, 1]), config: { k: 1 } })).metrics.ndcg_at_k).toBeCloseTo(0.75, 15);
  });
  it("two queries: mean ndcg@3, mrr, precision@3, recall@3", async () => {
    const r = await run(ranking, {
      current: frame([3, 2, 0, 1, 0, 1, 0], [0.9, 0.1, 0.8, 0.5, 0.2, 0.3, 0.9], ["a", "a", "a", "a", "b", "b", "b"]),
      config: { k: 3 },
    });
    expect(relErr(r.metrics.ndcg_at_k!, 0.6829683693551658)).toBeLessThan(1e-14);
    // a: order 0.9(3),0.8(0),0.5(1) → rr 1, hits 2/3, recall 2/3; b: order 0.9(0),0.3(1) → rr 1/2, hits 1/3, recall 1
    expect(r.metrics.mrr).toBeCloseTo(0.75, 15);
    expect(r.metrics.precision_at_k).toBeCloseTo(0.5, 15);
    expect(r.metrics.recall_at_k).toBeCloseTo(5 / 6, 15);
  });
  it("queries without relevant items; missing query column → n/a", async () => {
    const r = await run(ranking, { current: frame([0, 0], [1, 2]), config: { k: 2 } });
    expect(r.metrics.ndcg_at_k).toBe(0);
    expect(r.metrics.recall_at_k).toBeNull();
    const na = await run(ranking, { current: createFrame({ label: numericColumn([1]), prediction: numericColumn([1]) }) });
    expect(na.status).toBe("n/a");
  });
});

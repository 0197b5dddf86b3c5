import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn } from "@/plugins/sdk";
import dataQuality from "@/plugins/builtin/data.quality";
import skew from "@/plugins/builtin/skew.training_serving";
import cost from "@/plugins/builtin/cost.latency";
import { relErr, tri } from "./gen";
import { run } from "./harness";

describe("data.quality", () => {
  const baseline = createFrame({
    features: { age: numericColumn([20, 30, 40, 50]), plan: categoricalColumn(["free", "pro", "free", "pro"]), score: numericColumn([1, 2, 3, 4]) },
  });
  const current = createFrame({
    features: {
      age: numericColumn([25, NaN, 90, NaN, 35]),
      plan: categoricalColumn(["free", "team", "pro", "team", null]),
      score: numericColumn([7, 7, 7, 7, Infinity]),
    },
  });
  it("against the baseline: missing change, new categories, out of range, constant, ±Infinity", async () => {
    const r = await run(dataQuality, { baseline, current });
    const c = Object.fromEntries(r.columns!.map((x) => [x.column, x]));
    expect(c.age.metrics.missing_rate).toBe(0.4);
    expect(c.age.metrics.missing_rate_change).toBe(0.4);
    expect(c.age.metrics.out_of_range).toBe(1); // 90 > baseline max 50
    expect(c.age.status).toBe("fail");
    expect(c.plan.metrics.new_categories).toBe(1);
    expect(c.plan.metrics.new_category_rate).toBe(0.4);
    expect(c.score.metrics.type_violations).toBe(1); // Infinity
    expect(c.score.metrics.constant).toBe(0); // 7 and +Infinity are two values
    expect(r.status).toBe("fail");
    expect(r.metrics.columns_with_issues).toBe(3);
  });
  it("against a contract: bounds, categories, types, nullability, missing columns", async () => {
    const r = await run(dataQuality, {
      current: createFrame({ features: { age: numericColumn([5, 200, NaN]), plan: categoricalColumn(["free", "x", "pro"]), n: categoricalColumn(["1", "two", "3"]) } }),
      contract: {
        features: [
          { name: "age", type: "numeric", key: true, min: 0, max: 120, nullable: false },
          { name: "plan", type: "categorical", key: false, categories: ["free", "pro"], nullable: true },
          { name: "n", type: "numeric", key: false, nullable: true },
          { name: "gone", type: "numeric", key: false, nullable: true },
        ],
      },
    });
    const c = Object.fromEntries(r.columns!.map((x) => [x.column, x]));
    expect(c.age.metrics.out_of_range).toBe(1);
    expect(c.age.metrics.null_violations).toBe(1);
    expect(c.plan.metrics.new_categories).toBe(1);
    expect(c.n.metrics.type_violations).toBe(1);
    expect(c.gone.status).toBe("fail");
  });
  it("all-missing column is constant with missing_rate 1", async () => {
    const r = await run(dataQuality, { current: createFrame({ features: { x: numericColumn([NaN, NaN]) } }) });
    expect(r.columns![0].metrics).toMatchObject({ missing_rate: 1, constant: 1, distinct: 0 });
    expect(r.columns![0].status).toBe("warn");
  });
  it("empty frame: rates null with reasons", async () => {
    const r = await run(dataQuality, { current: createFrame({ features: { x: numericColumn([]) } }) });
    expect(r.columns![0].metrics.missing_rate).toBeNull();
  });
});

describe("skew.training_serving", () => {
  const n = 200;
  const ids = Array.from({ length: n }, (_, i) => `e${i}`);
  const spend30 = Float64Array.from(tri(n), (v) => 100 + 10 * v);
  it("flags a near-constant serving/training ratio as a definition bug (30-day sum over 7 days ≈ 0.23)", async () => {
    const baseline = createFrame({ requestId: categoricalColumn(ids), features: { spend: numericColumn(spend30), country: categoricalColumn(ids.map((_, i) => (i % 2 ? "fr" : "de"))) } });
    const current = createFrame({
      requestId: categoricalColumn(ids.slice(0, 150)),
      features: {
        spend: numericColumn(spend30.slice(0, 150).map((v) => (v * 7) / 30)),
        country: categoricalColumn(ids.slice(0, 150).map((_, i) => (i % 2 ? "fr" : i === 4 ? "it" : "de"))),
      },
    });
    const r = await run(skew, { baseline, current });
    const spend = r.columns!.find((c) => c.column === "spend")!;
    expect(spend.metrics.joined_rows).toBe(150);
    expect(spend.metrics.mismatch_share).toBe(1);
    expect(relErr(spend.metrics.mean_ratio!, 7 / 30)).toBeLessThan(1e-12);
    expect(spend.metrics.ratio_cv!).toBeLessThan(1e-12);
    expect(spend.details?.definition_bug).toBe(true);
    expect(String(spend.details?.finding)).toMatch(/0\.233 × training/);
    expect(spend.status).toBe("fail");
    const country = r.columns!.find((c) => c.column === "country")!;
    expect(country.metrics.mismatch_share).toBeCloseTo(1 / 150, 15);
    expect(r.metrics.key_coverage).toBe(1);
    expect(r.metrics.definition_bugs).toBe(1);
  });
  it("identical features: no mismatch; without a shared key only distribution skew", async () => {
    const baseline = createFrame({ requestId: categoricalColumn(ids), features: { spend: numericColumn(spend30) } });
    const same = await run(skew, { baseline, current: baseline });
    expect(same.columns![0].metrics.mismatch_share).toBe(0);
    expect(same.status).toBe("pass");
    const noKey = await run(skew, { baseline: createFrame({ features: { spend: numericColumn(spend30) } }), current: createFrame({ features: { spend: numericColumn(spend30) } }) });
    expect(noKey.metrics.joined_rows).toBeNull();
    expect(noKey.reasons?.joined_rows).toMatch(/not present/);
  });
});

describe("cost.latency", () => {
  const lat = [12.0, 15.5, 9.0, 250.0, 33.3, 41.0, 18.2, 7.7, 99.9, 120.0, 15.5];
  const frame = createFrame({
    latencyMs: Float64Array.from(lat),
    costUsd: Float64Array.from(lat.map((_, i) => (i === 3 ? NaN : 0.002))),
    label: numericColumn([1, 0, 1, 0, NaN, NaN, 1, 1, 0, 0, 1]),
    prediction: numericColumn([0.9, 0.2, 0.3, 0.1, 0.5, 0.5, 0.8, 0.7, 0.6, 0.4, 0.55]),
    features: { error: categoricalColumn(["", "", "timeout", "", "", "", "", "", "", "", "500"]), tokens_in: numericColumn(lat.map(() => 100)), tokens_out: numericColumn(lat.map((_, i) => i)) },
  });
  it("percentiles as numpy (linear), cost per request and per correct prediction, label coverage", async () => {
    const r = await run(cost, { current: frame, config: { p95WarnMs: 150, p95FailMs: 200 } });
    const m = r.metrics;
    expect(m.requests).toBe(11);
    expect(m.error_rate).toBeCloseTo(2 / 11, 15);
    expect(m.latency_p50_ms).toBe(18.2); // np.quantile(lat, 0.5)
    expect(m.latency_p95_ms).toBe(185.0);
    expect(m.latency_p99_ms).toBe(237.00000000000006);
    expect(m.total_cost).toBeCloseTo(0.02, 15);
    expect(m.cost_per_request).toBeCloseTo(0.002, 15);
    expect(m.tokens_per_request).toBe(105);
    expect(m.labelled_requests).toBe(9);
    // correct at threshold 0.5: rows 0,1,3,6,7,9,10 → 7 (row 2: 0.3 vs 1 wrong, row 8: 0.6 vs 0 wrong)
    expect(m.correct_predictions).toBe(7);
    expect(m.cost_per_correct).toBeCloseTo(0.02 / 7, 15);
    expect(m.label_coverage).toBeCloseTo(9 / 11, 15);
    expect(r.status).toBe("warn");
  });
  it("no columns: nulls with reasons; empty window n/a", async () => {
    const r = await run(cost, { current: createFrame({ features: { x: numericColumn([1]) } }) });
    expect(r.metrics.latency_p95_ms).toBeNull();
    expect(r.reasons?.latency_p95_ms).toMatch(/latency_ms/);
    expect(r.metrics.cost_per_correct).toBeNull();
    const empty = await run(cost, { current: createFrame({ features: {} }, 0) });
    expect(empty.status).toBe("n/a");
  });
  it("class predictions: correct = same label text", async () => {
    const r = await run(cost, {
      current: createFrame({ costUsd: Float64Array.of(1, 1, 1), label: categoricalColumn(["a", "b", null]), prediction: categoricalColumn(["a", "a", "b"]) }),
    });
    expect(r.metrics.correct_predictions).toBe(1);
    expect(r.metrics.cost_per_correct).toBe(3);
  });
});

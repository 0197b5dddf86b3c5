import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn } from "@/plugins/sdk";
import businessValue from "@/plugins/builtin/quality.business_value";
import fairness from "@/plugins/builtin/quality.fairness";
import { relErr } from "./gen";
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
  it("a matrix that is not square is a config error naming the field", () => {
    expect(() => businessValue.config.parse({ valueMatrix: { classes: ["a", "b"], values: [[1, 2]] } })).toThrow(/classes × classes/);
  });
});

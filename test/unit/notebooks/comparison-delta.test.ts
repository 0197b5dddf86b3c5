import { describe, expect, it } from "vitest";
import { comparisonDeltas } from "@/server/charts/specs/deltas";
import { configValueText } from "@/app/w/[workspace]/notebooks/_cells/compute";
import { formatMoneyMetric, isMoneyMetric } from "@/server/format/money";

const side = (cohorts: { cohort: string; metrics: Record<string, number | null> }[]) => ({
  plugin: "quality.binary",
  version: "1.0.0",
  status: "pass" as const,
  cohorts: cohorts.map((c) => ({ ...c, status: "pass" as const, n: 100 })),
});

describe("an unpaired comparison's differences", () => {
  it("gives B − A and B / A for each metric both sides report in the same cohort", () => {
    const a = side([{ cohort: "all", metrics: { roc_auc: 0.8, accuracy: 0.5, n_labelled: 90 } }, { cohort: "tier=smb", metrics: { roc_auc: 0.7 } }]);
    const b = side([{ cohort: "all", metrics: { roc_auc: 0.84, accuracy: 0, n_labelled: 95 } }, { cohort: "tier=gold", metrics: { roc_auc: 0.9 } }]);
    const rows = comparisonDeltas(a as never, b as never);
    expect(rows.map((r) => [r.cohort, r.metric])).toEqual([
      ["all", "roc_auc"],
      ["all", "accuracy"],
    ]);
    expect(rows[0].delta).toBeCloseTo(0.04, 12);
    expect(rows[0].ratio).toBeCloseTo(1.05, 12);
    expect(rows[1].delta).toBe(-0.5);
    expect(rows[1].ratio).toBe(0);
  });

  it("leaves out missing values, prototype names and a ratio over zero", () => {
    const a = side([{ cohort: "all", metrics: { ece: 0, brier: null, toString: 1 } }]);
    const b = side([{ cohort: "all", metrics: { ece: 0.02, brier: 0.1 } }]);
    const rows = comparisonDeltas(a as never, b as never);
    expect(rows).toEqual([{ cohort: "all", metric: "ece", a: 0, b: 0.02, delta: 0.02, ratio: null }]);
  });
});

describe("a cell's config in its summary line", () => {
  it("shows nested objects as key: value pairs, never [object Object]", () => {
    expect(configValueText({ accuracy: 0.01, latency_p95_ms: 50 })).toBe("{accuracy: 0.01, latency_p95_ms: 50}");
    expect(configValueText(["a", { b: 1 }])).toBe("a|{b: 1}");
    expect(configValueText(0.2)).toBe("0.2");
  });
});

describe("value metrics are money", () => {
  it("formats net value per 1k and business value as dollars, never a p-value", () => {
    expect(isMoneyMetric("net_value_per_1k")).toBe(true);
    expect(isMoneyMetric("value_per_1000")).toBe(true);
    expect(isMoneyMetric("total_value")).toBe(true);
    expect(isMoneyMetric("p_value")).toBe(false);
    expect(formatMoneyMetric("net_value_per_1k", -285.6)).toBe("-$286");
    expect(formatMoneyMetric("net_value_per_1k", 17.77)).toBe("$17.77");
  });
});

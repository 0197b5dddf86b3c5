import { describe, expect, it } from "vitest";
import { BUILTIN_METRICS, isProportion, metricDirection } from "@/server/control/guardrails/metrics";
import { BUILTIN_EVALUATORS } from "@/plugins/index";

/** Counts and sizes: no way is bad. */
const NEUTRAL = new Set([
  "n_scored", "queries", "slices_tested", "attributes_tested", "columns_checked", "text_columns", "importance", "rows", "chunks",
  "value", "rest_value", "mean_error", "odds_ratio", "positives", "negatives", "requests", "mean_ratio", "ratio_cv", "support", "terms",
]);

describe("guardrail metric directions for the issue 17 evaluators", () => {
  it("knows which way is bad for the new distances, errors and values", () => {
    for (const m of ["mmd2", "ece", "ece_change", "reconstruction_error", "smape", "wape", "pinball_loss", "demographic_parity_difference", "equalized_odds_difference", "weak_slices", "worst_gap", "auc", "columns_alerting", "drifted_descriptors"])
      expect(metricDirection(m), m).toBe("lower");
    for (const m of ["value_per_1000", "total_value", "value_per_prediction", "map_at_k", "hit_rate_at_k", "coverage", "disparate_impact_ratio"])
      expect(metricDirection(m), m).toBe("higher");
    // hellinger, tvd and energy report "distance" (and energy "normed"), like jensenshannon / wasserstein
    expect(BUILTIN_METRICS["drift.hellinger"]!.column).toEqual(["distance"]);
    expect(BUILTIN_METRICS["drift.energy"]!.column).toEqual(["distance", "normed"]);
    expect(metricDirection("distance")).toBe("lower");
    expect(isProportion("hit_rate_at_k")).toBe(true);
    expect(isProportion("value_per_1000")).toBe(false);
  });

  it("lists every built-in evaluator, and every metric it lists has a direction unless it is a count", () => {
    const ids = BUILTIN_EVALUATORS.map((e) => e.id).filter((id) => !id.startsWith("compare."));
    expect(ids.filter((id) => !BUILTIN_METRICS[id])).toEqual([]);
    const undirected = Object.entries(BUILTIN_METRICS).flatMap(([id, m]) => [...m.cell, ...m.column].filter((x) => !NEUTRAL.has(x) && metricDirection(x) === null).map((x) => `${id}: ${x}`));
    expect(undirected).toEqual([]);
  });
});

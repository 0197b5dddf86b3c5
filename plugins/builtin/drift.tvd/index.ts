import { defineColumnDriftEvaluator, statisticThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.tvd",
  version: "1.0.0",
  title: "Total variation distance drift (categorical)",
  description:
    "Per categorical column (a numeric column counts when its baseline has ≤ 20 distinct values; continuous ones are n/a, use a numeric test), " +
    "categories from baseline ∪ current (numbers compared as values, missing excluded); with p, q the category shares in baseline and current: " +
    "distance = ½ Σ |p_i − q_i|, in [0, 1] — the largest difference in probability any set of categories can have. " +
    "Drift when distance ≥ threshold (default 0.1); learned mode compares it with mean + 3σ of baseline chunks (NannyML).",
  test: "tvd",
  columns: "categorical",
  config: statisticThresholds("distance", 0.1, { max: 1 }),
});

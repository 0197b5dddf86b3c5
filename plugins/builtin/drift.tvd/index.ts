import { defineEvaluator, driftCommonConfig, runColumnDrift, z } from "../../sdk";

export default defineEvaluator({
  id: "drift.tvd",
  version: "1.0.0",
  kind: "drift",
  title: "Total variation distance drift (categorical)",
  description:
    "Per column, categories from baseline ∪ current (numbers compared as values, missing excluded); with p, q the category shares in baseline and current: " +
    "distance = ½ Σ |p_i − q_i|, in [0, 1] — the largest difference in probability any set of categories can have. " +
    "Drift when distance ≥ threshold (default 0.1); learned mode compares it with mean + 3σ of baseline chunks (NannyML).",
  appliesTo: { columns: "categorical" },
  needs: { baseline: true, labels: false },
  config: z.object({
    threshold: z.number().min(0).max(1).default(0.1).describe("drift when distance ≥ threshold"),
    warn: z.number().min(0).max(1).nullable().default(null).describe("warn when distance ≥ warn"),
    ...driftCommonConfig,
  }),
  evaluate: (input) => runColumnDrift(input, "tvd", "any"),
});

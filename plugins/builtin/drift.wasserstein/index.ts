import { defineColumnDriftEvaluator, statisticThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.wasserstein",
  version: "1.0.0",
  title: "Wasserstein distance drift",
  description:
    "Per numeric column (missing and ±Infinity excluded): distance = 1-Wasserstein distance ∫|F_baseline − F_current| dx (scipy.stats.wasserstein_distance); " +
    "normed = distance / max(std_baseline, 0.001), std with ddof=0 (Evidently's wasserstein_distance_norm). Drift when normed ≥ threshold (default 0.1).",
  test: "wasserstein",
  columns: "numeric",
  config: statisticThresholds("normed", 0.1),
});

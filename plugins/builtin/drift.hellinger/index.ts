import { defineColumnDriftEvaluator, statisticThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.hellinger",
  version: "1.0.0",
  title: "Hellinger distance drift",
  description:
    "Per column, baseline vs current (missing and ±Infinity excluded), binned as Evidently: numeric columns with > 20 distinct baseline values → " +
    "numpy.histogram_bin_edges(baseline ∪ current, bins='sturges'); other columns (categorical, few values) one bin per value. " +
    "With p, q the bin shares: distance = sqrt(Σ (√p_i − √q_i)²) / √2, in [0, 1] (0 = same distribution). Drift when distance ≥ threshold (default 0.1); " +
    "learned mode compares it with mean + 3σ of baseline chunks (NannyML).",
  test: "hellinger",
  columns: "any",
  config: statisticThresholds("distance", 0.1, { max: 1 }),
});

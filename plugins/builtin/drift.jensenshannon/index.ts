import { defineColumnDriftEvaluator, statisticThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.jensenshannon",
  version: "1.0.0",
  title: "Jensen–Shannon distance drift",
  description:
    "distance = scipy.spatial.distance.jensenshannon(p, q, base=2) = sqrt(½ KL(p‖m) + ½ KL(q‖m)), m = (p+q)/2, in [0, 1]. " +
    "Histograms as Evidently: numeric columns with > 20 distinct baseline values use numpy.histogram_bin_edges(baseline ∪ current, bins='sturges') " +
    "(bins [e_i, e_i+1), last closed); other columns one bin per value. No smoothing. Drift when distance ≥ threshold (default 0.1).",
  test: "jensenshannon",
  columns: "any",
  config: statisticThresholds("distance", 0.1, { max: 1 }),
});

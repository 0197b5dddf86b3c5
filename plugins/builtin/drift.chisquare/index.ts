import { defineColumnDriftEvaluator, pValueThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.chisquare",
  version: "1.0.0",
  title: "Chi-square drift (categorical)",
  description:
    "Per categorical column (a numeric column counts when its baseline has ≤ 20 distinct values; continuous ones are n/a, use a numeric test), " +
    "categories from baseline ∪ current (numbers compared as their decimal strings): statistic = Σ (O − E)² / E with O the current counts and " +
    "E = baseline counts · n_current / n_baseline, p_value = chi2.sf(statistic, k − 1) (scipy.stats.chisquare, as Evidently's chisquare stattest). " +
    "A category absent from the baseline makes the statistic infinite (reported null with the reason) and p_value 0. Drift when p_value < threshold (0.05).",
  test: "chisquare",
  columns: "categorical",
  config: pValueThresholds(),
});

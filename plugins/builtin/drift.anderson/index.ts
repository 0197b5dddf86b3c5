import { defineColumnDriftEvaluator, pValueThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.anderson",
  version: "1.0.0",
  title: "Anderson–Darling drift (k-sample)",
  description:
    "Per numeric column, baseline vs current (missing and ±Infinity excluded): the k-sample Anderson–Darling test as scipy.stats.anderson_ksamp([baseline, current]) " +
    "(midrank = True, Scholz & Stephens 1987): statistic = (A²akN − (k − 1)) / σ_N, more sensitive in the tails than KS. " +
    "p_value is interpolated from the published critical values (quadratic fit of log significance) and is only defined between 0.001 and 0.25: " +
    "below 0.001 it is floored at 0.001, above 0.25 capped at 0.25 (the column's note says which). Drift when p_value < threshold (default 0.05); " +
    "learned mode compares the statistic with mean + 3σ of baseline chunks (NannyML).",
  test: "anderson",
  columns: "numeric",
  config: pValueThresholds(0.05, { min: 0.001, max: 0.25 }),
});

import { defineColumnDriftEvaluator, pValueThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.fisher",
  version: "1.0.0",
  title: "Fisher's exact drift (booleans)",
  description:
    "Per two-valued (boolean) column, missing excluded: the 2×2 table [[baseline count of value 1, of value 2], [current count of value 1, of value 2]] " +
    "tested with scipy.stats.fisher_exact(table) (two-sided): p_value = Σ of the hypergeometric probabilities (margins fixed) of every table at most as likely " +
    "as the observed one; odds_ratio = (a·d)/(b·c) (null when a cell is 0). Exact at any size, so better than the z-test on small or lopsided samples. " +
    "Columns with more than two values are n/a. Drift when p_value < threshold (default 0.05); learned mode compares |share_current − share_baseline| " +
    "with mean + 3σ of baseline chunks (NannyML).",
  test: "fisher",
  columns: "categorical",
  config: pValueThresholds(),
});

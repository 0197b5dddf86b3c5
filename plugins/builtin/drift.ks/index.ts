import { defineColumnDriftEvaluator, pValueThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.ks",
  version: "1.0.0",
  title: "Kolmogorov–Smirnov drift",
  description:
    "Per numeric column, baseline vs current (missing and ±Infinity excluded): two-sample KS test as scipy.stats.ks_2samp(alternative='two-sided', method='auto'). " +
    "statistic = max_x |F_baseline(x) − F_current(x)| over observed x; p_value exact (Hodges' path counting) when max(n1, n2) ≤ 10 000, " +
    "otherwise kstwo.sf(statistic, round(n1·n2/(n1+n2))). Drift when p_value < threshold (default 0.05); learned mode compares the statistic with mean + 3σ of baseline chunks (NannyML).",
  test: "ks",
  columns: "numeric",
  config: pValueThresholds(),
});

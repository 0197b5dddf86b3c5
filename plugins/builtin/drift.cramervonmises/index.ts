import { defineColumnDriftEvaluator, pValueThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.cramervonmises",
  version: "1.0.0",
  title: "Cramér–von Mises drift",
  description:
    "Per numeric column, baseline vs current (missing and ±Infinity excluded): two-sample Cramér–von Mises test as scipy.stats.cramervonmises_2samp(method='auto'). " +
    "With midranks r_i, s_j of the sorted samples in the pooled sample, U = n Σ (r_i − i)² + m Σ (s_j − j)², statistic T = U / (n·m·(n+m)) − (4nm − 1) / (6(n+m)). " +
    "p_value exact (Xiao, Gordon & Yakovlev 2006) when max(n, m) ≤ 20, otherwise from the limiting distribution of the normalised T (Anderson 1962; Csörgő & Faraway 1996). " +
    "Drift when p_value < threshold (default 0.05); learned mode compares the statistic with mean + 3σ of baseline chunks (NannyML).",
  test: "cramervonmises",
  columns: "numeric",
  config: pValueThresholds(),
});

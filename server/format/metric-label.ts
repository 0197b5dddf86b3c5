/** Metric names as people read them (roc_auc → "AUC", ratio_cv → "variation of the ratio (CV)"): one table for reports, charts and pages. */
export function metricLabel(metric: string): string {
  const known: Record<string, string> = {
    roc_auc: "AUC",
    macro_f1: "macro F1",
    ndcg_at_k: "NDCG@k",
    rmse: "RMSE",
    mae: "MAE",
    psi: "PSI",
    cost_per_request: "cost per request",
    cost_per_correct: "cost per correct prediction",
    label_coverage: "label coverage",
    latency_p95_ms: "p95 latency",
    p95_latency_ms: "p95 latency",
    error_rate: "error rate",
    drifted_features: "drifted features",
    normed: "normalised distance",
    mismatch_share: "mismatch share",
    ratio_cv: "variation of the ratio (CV)",
    mean_ratio: "serving / training ratio",
    distance: "distance",
    drift_share: "share of features drifted",
    accuracy: "accuracy",
    total_cost: "total cost",
    requests: "requests",
    mrr: "mean reciprocal rank",
    precision_at_k: "precision@k",
    recall_at_k: "recall@k",
    hit_rate_at_k: "hit rate@k",
    map_at_k: "MAP@k",
    requests_without_relevant: "requests without a click",
    dataset_drift: "dataset drift",
    cost_per_correct_usd: "cost per correct prediction",
    latency_p50_ms: "p50 latency",
    latency_p99_ms: "p99 latency",
  };
  return Object.hasOwn(known, metric) ? known[metric]! : metric.replaceAll("_", " ");
}

/** Names the same quantity goes by in SLOs and in evaluator output. */
const ALIASES: Record<string, string[]> = {
  p95_latency_ms: ["latency_p95_ms"],
  latency_p95_ms: ["p95_latency_ms"],
  p99_latency_ms: ["latency_p99_ms"],
  p50_latency_ms: ["latency_p50_ms"],
  auc: ["roc_auc"],
  roc_auc: ["auc"],
  f1_macro: ["macro_f1"],
  macro_f1: ["f1_macro"],
  ndcg: ["ndcg_at_k"],
  ndcg_at_k: ["ndcg"],
};
/** A metric and the other names it goes by (p95_latency_ms ↔ latency_p95_ms). */
export const sameMetricNames = (m: string): string[] => [m, ...(Object.hasOwn(ALIASES, m) ? ALIASES[m]! : [])];

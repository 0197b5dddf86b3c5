/** Column names inside a prediction segment (see STORAGE.md). */
/** Features are "f:<name>", cohorts "c:<name>". */
export const COL = {
  ts: "$ts",
  requestId: "$request_id",
  predNum: "$pred_num",
  predClass: "$pred_class",
  predJson: "$pred_json",
  latencyMs: "$latency_ms",
  costUsd: "$cost_usd",
  tokensIn: "$tokens_in",
  tokensOut: "$tokens_out",
  error: "$error",
  /** The client's sample rate, stored only for rows logged at a rate < 1 (sparse; missing = 1). */
  sampleRate: "$sample_rate",
} as const;
export const FEATURE_PREFIX = "f:";
export const COHORT_PREFIX = "c:";

import type { NormalizedPrediction } from "../ingest/validate";

/**
 * A prediction as validation would leave it, from only the fields given: the others empty (NaN
 * numbers, null values), index 0. For generated traffic (the demo, the benchmarks).
 */
export function prediction(p: Partial<NormalizedPrediction> & Pick<NormalizedPrediction, "requestId" | "ts" | "version" | "features">): NormalizedPrediction {
  return {
    index: 0,
    predNum: NaN,
    predClass: null,
    predJson: null,
    label: null,
    latencyMs: NaN,
    costUsd: NaN,
    tokensIn: NaN,
    tokensOut: NaN,
    error: null,
    cohort: null,
    ...p,
  };
}

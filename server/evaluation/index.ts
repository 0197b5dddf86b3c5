export { runEvaluator, resolveEvaluator, DEFAULT_MIN_COHORT_SIZE } from "./runner";
export type { RunEvaluatorOptions, EvaluationResult, CohortResult } from "./runner";
export { sliceCohorts, groupRows, CohortKeyError } from "./cohorts";

export { runEvaluator, resolveEvaluator, DEFAULT_MIN_COHORT_SIZE } from "./runner";
export type { RunEvaluatorOptions, EvaluationResult, CohortResult } from "./runner";
export { sliceCohorts, groupRows, CohortKeyError } from "./cohorts";
export { readTable, formatOf } from "./io/read-table";
export { tableToFrame, DEFAULT_ROLES } from "./io/to-frame";
export type { RoleNames } from "./io/to-frame";
export { readCsvBuffer } from "./io/csv";
export { readNdjsonText } from "./io/ndjson";
export { readParquetFile } from "./io/parquet";

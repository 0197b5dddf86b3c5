import { openSqlite, sharedSqlite } from "../db/sqlite";
import type { PredictionRepository } from "./repository";
import { SqlitePredictionRepository } from "./sqlite-repository";

export type * from "./repository";
export { frameWithServingColumns } from "./window";

const globalForRepo = globalThis as unknown as { evalbookPredictions?: PredictionRepository; evalbookPredictionsReadOnly?: PredictionRepository };

/**
 * The prediction storage of this process: the one way product code reaches it. The default
 * instance shares the process-wide connection (group commit needs one writer connection per
 * process); `readOnly` gives this thread its own read-only connection — what the evaluation
 * threads use, so window reads never queue behind the writer. Both are created on first use.
 */
export function predictionRepository(options: { readOnly?: boolean } = {}): PredictionRepository {
  if (options.readOnly) {
    globalForRepo.evalbookPredictionsReadOnly ??= new SqlitePredictionRepository(openSqlite(undefined, { readonly: true }));
    return globalForRepo.evalbookPredictionsReadOnly;
  }
  globalForRepo.evalbookPredictions ??= new SqlitePredictionRepository(sharedSqlite());
  return globalForRepo.evalbookPredictions;
}

/**
 * The one contract for evaluation results past the runner: a cohort's result (the evaluator's
 * validated result plus cohort, size and id@version), a cell's evaluation output and a comparison
 * of two. The runner produces them, notebooks store them on RunCell.result, reports freeze them;
 * every TypeScript type is inferred from these schemas.
 */
import { z } from "zod";
import { evaluatorResultSchema, STATUSES } from "@/plugins/sdk";

export const statusSchema = z.enum(STATUSES);

/** One feature column's result inside a cohort (the SDK's column result). */
export const columnResultSchema = evaluatorResultSchema.shape.columns.unwrap().element;
export type ColumnResultData = z.infer<typeof columnResultSchema>;

export const cohortResultSchema = evaluatorResultSchema.extend({
  cohort: z.string(),
  /** the cohort attribute the cohort was sliced by (absent for `all`) */
  key: z.string().optional(),
  /** rows of the current window in this cohort */
  n: z.number().int().nonnegative(),
  columns: z.array(columnResultSchema),
  /** id@version of the evaluator that produced this result */
  evaluator: z.string(),
});
export type CohortResult = z.infer<typeof cohortResultSchema>;

export const evaluationOutputSchema = z.object({
  plugin: z.string(),
  version: z.string(),
  status: statusSchema,
  cohorts: z.array(cohortResultSchema),
  /** rows in the current window / reference */
  n: z.object({ current: z.number().int().nonnegative(), reference: z.number().int().nonnegative().nullable() }),
  notes: z.array(z.string()).optional(),
});
export type EvaluationOutput = z.infer<typeof evaluationOutputSchema>;

/** RunCell.result of a comparison cell: the same evaluator on side A and side B. */
export const comparisonOutputSchema = z.object({
  a: evaluationOutputSchema.extend({ label: z.string() }),
  b: evaluationOutputSchema.extend({ label: z.string() }),
  status: statusSchema,
});
export type ComparisonOutput = z.infer<typeof comparisonOutputSchema>;

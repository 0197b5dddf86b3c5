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
  /** label-based evaluators: share of the cohort's predictions whose label has arrived */
  label_coverage: z.number().min(0).max(1).optional(),
  /** label coverage below the runner's threshold: the metrics rest on the labels that arrived first */
  immature: z.boolean().optional(),
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
  /** when the window was sampled: the rows it rests on, the requests they stand for, and the note ("from a 5% sample: 4,812 logged rows") */
  sample: z.object({ rows: z.number(), requests: z.number(), sampledRows: z.number(), note: z.string() }).optional(),
});
export type EvaluationOutput = z.infer<typeof evaluationOutputSchema>;

/** RunCell.result of a comparison cell: the same evaluator on side A and side B. */
export const comparisonOutputSchema = z.object({
  a: evaluationOutputSchema.extend({ label: z.string() }),
  b: evaluationOutputSchema.extend({ label: z.string() }),
  status: statusSchema,
});
export type ComparisonOutput = z.infer<typeof comparisonOutputSchema>;

/** One metric of a paired (or unpaired) comparison: the SDK's MetricComparison. */
export const metricComparisonSchema = z.object({
  metric: z.string(),
  a: z.number().nullable(),
  b: z.number().nullable(),
  delta: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  test: z.string(),
  statistic: z.number().nullable(),
  p_value: z.number().nullable(),
  margin: z.number(),
  verdict: z.enum(["better", "worse", "no clear difference"]).nullable(),
  higher_is_better: z.boolean(),
  ratio: z.number().nullable(),
  n: z.number().int().nonnegative(),
  more_needed: z.number().int().nonnegative().nullable(),
  note: z.string().optional(),
});
export type MetricComparisonData = z.infer<typeof metricComparisonSchema>;

export const pairedCohortSchema = z.object({
  cohort: z.string(),
  key: z.string().optional(),
  /** pairs in this cohort (paired) or rows of A + rows of B (unpaired) */
  n: z.number().int().nonnegative(),
  n_a: z.number().int().nonnegative(),
  n_b: z.number().int().nonnegative(),
  status: statusSchema,
  metrics: z.array(metricComparisonSchema),
  notes: z.array(z.string()).optional(),
});
export type PairedCohort = z.infer<typeof pairedCohortSchema>;

export const routingPointSchema = z.object({
  t: z.number().nullable(),
  escalated_share: z.number(),
  quality: z.number(),
  quality_low: z.number(),
  quality_high: z.number(),
  cost_per_request: z.number(),
  cost_low: z.number(),
  cost_high: z.number(),
});
export type RoutingPointData = z.infer<typeof routingPointSchema>;

/** The tiered-routing what-if on the paired traffic (cohort `all`), or why the data cannot support it. */
export const routingSchema = z.union([
  z.object({
    cheap: z.enum(["a", "b"]),
    measure: z.string(),
    n: z.number().int().nonnegative(),
    cheap_only: z.object({ quality: z.number(), cost_per_request: z.number() }),
    expensive_only: z.object({ quality: z.number(), cost_per_request: z.number() }),
    target: z.number().nullable(),
    points: z.array(routingPointSchema),
    best: routingPointSchema.nullable(),
  }),
  z.object({ reason: z.string() }),
]);
export type RoutingData = z.infer<typeof routingSchema>;

/**
 * RunCell.result of a comparison cell run with a comparison plugin (compare.binary, …): versions
 * A and B joined by request id, per cohort and metric the delta, interval, test and verdict.
 */
export const pairedComparisonOutputSchema = z.object({
  kind: z.literal("paired-comparison"),
  plugin: z.string(),
  version: z.string(),
  /** "paired" (joined by request id) or "unpaired" (two windows, or no shared request) */
  pairing: z.enum(["paired", "unpaired"]),
  paired: z.number().int().nonnegative(),
  only_a: z.number().int().nonnegative(),
  only_b: z.number().int().nonnegative(),
  duplicates: z.object({ a: z.number().int().nonnegative(), b: z.number().int().nonnegative() }),
  labels: z.object({ a: z.string(), b: z.string() }),
  alpha: z.number(),
  status: statusSchema,
  cohorts: z.array(pairedCohortSchema),
  routing: routingSchema.optional(),
  /** the routing what-if in one sentence */
  routing_text: z.string().optional(),
  notes: z.array(z.string()).optional(),
});
export type PairedComparisonOutput = z.infer<typeof pairedComparisonOutputSchema>;

export function isPairedComparison(v: unknown): v is PairedComparisonOutput {
  return !!v && typeof v === "object" && (v as { kind?: unknown }).kind === "paired-comparison";
}

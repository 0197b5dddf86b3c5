/**
 * The result shapes the chart specs read. They mirror what the notebook runner stores
 * (EvaluationOutput / ComparisonOutput / ChartResult / trend) structurally, so the specs stay pure:
 * they import only @observablehq/plot, plugins/sdk types and each other (see .dependency-cruiser.cjs).
 */
import { z } from "zod";
import type { MetricComparison, Status } from "@/plugins/sdk";

export type { Status };
export type MetricMap = Record<string, number | null>;

export interface ColumnLike {
  column: string;
  status: string;
  metrics: MetricMap;
  details?: unknown;
}

export interface CohortLike {
  cohort: string;
  status: string;
  n?: number;
  metrics: MetricMap;
  columns?: ColumnLike[];
  /** what `columns` lists ("feature" when absent): server/format/columns-label.ts */
  columns_label?: string;
  chart?: unknown;
  label_coverage?: number;
  immature?: boolean;
  /** the evaluator's sentences for this cohort (findings, what was sampled) */
  notes?: string[];
}

export interface EvaluationLike {
  plugin: string;
  version?: string;
  status: string;
  cohorts: CohortLike[];
}

export interface ComparisonLike {
  a: EvaluationLike & { label: string };
  b: EvaluationLike & { label: string };
  status: string;
}

/**
 * One point of a chart cell: the one schema for chart points — notebooks store them
 * (server/notebooks/results.ts), reports freeze them, the specs draw them.
 */
export const chartPointSchema = z.object({
  /** comparison cells: the side's label */
  side: z.string().optional(),
  cohort: z.string(),
  /** per-column metrics: the feature column */
  column: z.string().optional(),
  metric: z.string(),
  value: z.number().nullable(),
  status: z.string().optional(),
});
export type ChartPoint = z.infer<typeof chartPointSchema>;
/** A chart cell's stored result (server/notebooks/results.ts ChartResult). */
export type ChartPointLike = ChartPoint;
export interface ChartCellLike {
  sourceCellId: string;
  metric: string | null;
  column: string | null;
  mark: string;
  points: ChartPointLike[];
  charts?: { side?: string; cohort: string; chart: unknown }[];
}

/** notebook.trend's answer. */
export interface TrendLike {
  metric: string | null;
  column?: string | null;
  thresholds: { warn: number | null; fail: number | null } | null;
  /** the model's SLOs on this metric, drawn as target lines */
  slos?: { name: string; op: "<=" | ">="; target: number }[];
  series: {
    cohort: string;
    column: string | null;
    side: string | null;
    /**
     * An estimate's band and, once labels arrived, the realized value (perf.cbpe: `<metric>_lower`,
     * `<metric>_upper`, `<metric>_realized` beside the estimate `<metric>`).
     */
    points: { runId: string; at: string | Date; value: number | null; status: string | null; lower?: number | null; upper?: number | null; realized?: number | null }[];
  }[];
}

/** Histogram counts as the drift tests return them (plugins/sdk/drift.ts DriftOutcome.chart). */
export interface HistogramLike {
  /** numeric: bin edges. `counts.length + 1` edges = closed bins; `counts.length − 1` = open outer bins */
  edges?: number[];
  /** categorical: one bin per category */
  categories?: string[];
  baseline: number[];
  current: number[];
}

/** Options every spec takes. */
export interface SpecOptions {
  width?: number;
  height?: number;
  title?: string;
}

export function isComparison(r: unknown): r is ComparisonLike {
  return !!r && typeof r === "object" && "a" in r && "b" in r && typeof (r as ComparisonLike).a === "object";
}
export function isEvaluation(r: unknown): r is EvaluationLike {
  return !!r && typeof r === "object" && Array.isArray((r as EvaluationLike).cohorts);
}
export function isChartCell(r: unknown): r is ChartCellLike {
  return !!r && typeof r === "object" && Array.isArray((r as ChartCellLike).points) && "sourceCellId" in r;
}

/**
 * A metric of a paired comparison (server/evaluation/result-schema.ts pairedComparisonOutputSchema):
 * the fields of the SDK's MetricComparison a chart draws; the verdict as any word, read back from JSON.
 */
export type PairedMetricLike = Pick<MetricComparison, "metric" | "a" | "b" | "delta" | "ci_low" | "ci_high" | "higher_is_better"> & { verdict: string | null };
export interface RoutingPointLike {
  t: number | null;
  escalated_share: number;
  quality: number;
  quality_low: number;
  quality_high: number;
  cost_per_request: number;
}
export interface RoutingLike {
  cheap: "a" | "b";
  cheap_only: { quality: number; cost_per_request: number };
  expensive_only: { quality: number; cost_per_request: number };
  target: number | null;
  points: RoutingPointLike[];
  best: RoutingPointLike | null;
}
export interface PairedLike {
  kind: "paired-comparison";
  labels: { a: string; b: string };
  cohorts: { cohort: string; n: number; metrics: PairedMetricLike[] }[];
  routing?: RoutingLike | { reason: string };
}
export function isPaired(r: unknown): r is PairedLike {
  return !!r && typeof r === "object" && (r as { kind?: unknown }).kind === "paired-comparison";
}

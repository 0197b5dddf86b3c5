/** A chart cell's points, drawn from its source cell's result (when a run assembles, or again from the source's newer result). */
import type { ChartPoint } from "../../charts/specs/types";
import { isPairedComparison, type ComparisonOutput, type EvaluationOutput, type PairedComparisonOutput } from "../../evaluation/result-schema";
import { pairedAsEvaluation } from "../../evaluation/paired-view";

export type { ChartPoint };

export interface ChartResult {
  sourceCellId: string;
  metric: string | null;
  column: string | null;
  mark: string;
  points: ChartPoint[];
  /** the evaluator's own chart data per cohort (when no metric is chosen) */
  charts?: { side?: string; cohort: string; chart: unknown }[];
}

export interface ChartSpec {
  sourceCellId: string;
  metric?: string;
  column?: string;
  mark?: string;
}

/** Points of `metric` (top-level, or per column) for every cohort of an evaluation. */
export function extractPoints(out: EvaluationOutput, metric: string, column?: string | null, side?: string): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const c of out.cohorts) {
    // Metric names are user input: own keys only, never a lookup through Object.prototype.
    if (!column && c.metrics && Object.hasOwn(c.metrics, metric)) {
      points.push({ ...(side ? { side } : {}), cohort: c.cohort, metric, value: c.metrics[metric] ?? null, status: c.status });
      continue;
    }
    for (const col of c.columns ?? []) {
      if (column && col.column !== column) continue;
      if (Object.hasOwn(col.metrics, metric)) points.push({ ...(side ? { side } : {}), cohort: c.cohort, column: col.column, metric, value: col.metrics[metric] ?? null, status: col.status });
    }
  }
  return points;
}

export function metricNames(out: EvaluationOutput): string[] {
  const names = new Set<string>();
  for (const c of out.cohorts) {
    for (const k of Object.keys(c.metrics ?? {})) names.add(k);
    for (const col of c.columns ?? []) for (const k of Object.keys(col.metrics)) names.add(k);
  }
  return [...names].sort();
}

export function sides(result: EvaluationOutput | ComparisonOutput | PairedComparisonOutput): { side?: string; out: EvaluationOutput }[] {
  if (isPairedComparison(result)) return [{ out: pairedAsEvaluation(result) }];
  return "a" in result && "b" in result ? [{ side: result.a.label, out: result.a }, { side: result.b.label, out: result.b }] : [{ out: result as EvaluationOutput }];
}

export function buildChart(source: EvaluationOutput | ComparisonOutput | PairedComparisonOutput, spec: ChartSpec): ChartResult {
  const parts = sides(source);
  if (spec.metric) {
    return {
      sourceCellId: spec.sourceCellId,
      metric: spec.metric,
      column: spec.column ?? null,
      mark: spec.mark ?? "auto",
      points: parts.flatMap((p) => extractPoints(p.out, spec.metric!, spec.column, p.side)),
    };
  }
  return {
    sourceCellId: spec.sourceCellId,
    metric: null,
    column: null,
    mark: spec.mark ?? "auto",
    points: [],
    charts: parts.flatMap((p) => p.out.cohorts.filter((c) => c.chart !== undefined).map((c) => ({ ...(p.side ? { side: p.side } : {}), cohort: c.cohort, chart: c.chart }))),
  };
}

/**
 * Which metrics a guardrail can watch, which way is bad for each, and how to read one cohort's
 * value (and, when it can be had, a 95% interval) out of a stored cell result.
 */
import type { CohortResult, ComparisonOutput, EvaluationOutput } from "../../notebooks/types";
import { isPairedComparison } from "../../evaluation/result-schema";
import { pairedAsEvaluation } from "../../evaluation/paired-view";

/** "higher" = a higher value is better (a breach is a drop), "lower" = a higher value is worse. */
export type Direction = "higher" | "lower";

const HIGHER_IS_BETTER = new Set([
  "accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "macro_f1", "weighted_f1", "r2",
  "ndcg_at_k", "mrr", "precision_at_k", "recall_at_k", "label_coverage", "p_value", "key_coverage", "joined_rows",
  // issue 11: a CBPE estimate, its band and the realized value
  "estimated", "lower", "upper", "realized",
  // issue 17: q_value (like p_value), money earned, recsys breadth, fairness ratio (1 = parity)
  "q_value", "total_value", "value_per_1000", "value_per_prediction", "map_at_k", "hit_rate_at_k", "coverage", "disparate_impact_ratio",
]);
const LOWER_IS_BETTER = new Set([
  "psi", "statistic", "distance", "normed", "log_loss", "brier", "ece", "mae", "rmse", "mape", "error_rate",
  "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "total_cost", "cost_per_request", "cost_per_correct",
  "tokens_per_request", "mismatch_share", "drift_share", "drifted_columns", "drifted_features", "dataset_drift",
  "missing_rate", "missing_rate_change", "new_category_rate", "out_of_range_rate", "max_missing_rate",
  "type_violations", "null_violations", "definition_bugs", "features_with_mismatch", "drift", "columns_with_issues",
  // issue 17: distances and statistics of the new drift tests, calibration, errors, unfairness, weak slices, alerts
  "mmd2", "auc", "reconstruction_error", "alerting_chunks", "ece_change", "ece_max_period", "ece_last", "smape", "wape", "pinball_loss",
  "demographic_parity_difference", "equal_opportunity_difference", "equalized_odds_difference", "attributes_failing",
  "weak_slices", "worst_gap", "gap", "gap_lower", "columns_alerting", "alerts", "drifted_descriptors", "popularity_bias", "recommendation_gini",
]);

/** Metrics whose value is a share in [0, 1]. */
const PROPORTIONS = new Set([
  "accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "error_rate", "label_coverage", "p_value",
  "mismatch_share", "drift_share", "missing_rate", "new_category_rate", "out_of_range_rate", "ece", "brier", "macro_f1", "weighted_f1",
  "map_at_k", "hit_rate_at_k", "coverage", "auc",
]);

/** The metrics each built-in evaluator reports, per cohort (cell) and per column. */
export const BUILTIN_METRICS: Record<string, { cell: string[]; column: string[] }> = {
  "quality.binary": {
    cell: ["accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "log_loss", "brier", "ece", "n_scored", "positives", "negatives"],
    column: [],
  },
  "quality.multiclass": { cell: ["accuracy", "macro_f1", "weighted_f1", "log_loss", "n_scored"], column: ["precision", "recall", "f1", "support"] },
  "quality.regression": { cell: ["mae", "rmse", "mape", "smape", "wape", "pinball_loss", "r2", "mean_error", "n_scored"], column: [] },
  "quality.business_value": { cell: ["total_value", "value_per_1000", "value_per_prediction", "n_scored"], column: [] },
  // estimates without labels: the cell's metric is the estimate; each metric's column has its band and, later, the realized value
  "perf.cbpe": { cell: ["accuracy", "precision", "recall", "f1", "roc_auc"], column: ["estimated", "lower", "upper", "realized"] },
  "quality.calibration": { cell: ["ece", "ece_last", "ece_change", "ece_max_period", "n_scored"], column: ["ece"] },
  "quality.fairness": {
    cell: ["attributes_failing", "attributes_tested", "n_scored"],
    column: ["demographic_parity_difference", "disparate_impact_ratio", "equal_opportunity_difference", "equalized_odds_difference"],
  },
  "segments.weak": { cell: ["weak_slices", "worst_gap", "gap", "gap_lower", "slices_tested", "n_scored"], column: ["value", "rest_value", "gap", "gap_lower", "p_value", "q_value"] },
  "quality.ranking": {
    cell: ["ndcg_at_k", "mrr", "precision_at_k", "recall_at_k", "map_at_k", "hit_rate_at_k", "coverage", "popularity_bias", "recommendation_gini", "queries"],
    column: [],
  },
  "cost.latency": {
    cell: ["requests", "error_rate", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "total_cost", "cost_per_request", "tokens_per_request", "cost_per_correct", "label_coverage"],
    column: [],
  },
  "drift.psi": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["psi"] },
  "drift.ks": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["statistic", "p_value"] },
  "drift.chisquare": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["statistic", "p_value"] },
  "drift.jensenshannon": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["distance"] },
  "drift.wasserstein": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["distance", "normed"] },
  "drift.hellinger": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["distance"] },
  "drift.tvd": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["distance"] },
  "drift.anderson": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["statistic", "p_value"] },
  "drift.cramervonmises": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["statistic", "p_value"] },
  "drift.energy": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["distance", "normed"] },
  "drift.fisher": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["odds_ratio", "p_value"] },
  "drift.mmd": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["mmd2", "p_value"] },
  // auc here is the domain classifier's (baseline vs current): higher = more drift, unlike roc_auc
  "drift.classifier": { cell: ["auc", "drift"], column: ["importance"] },
  "drift.reconstruction": { cell: ["reconstruction_error", "alerting_chunks", "drift"], column: ["reconstruction_error"] },
  "data.summary": { cell: ["columns_checked", "columns_alerting", "rows", "chunks"], column: ["alerts"] },
  "text.descriptors": { cell: ["text_columns", "drifted_descriptors"], column: ["statistic", "p_value"] },
  "drift.auto": { cell: ["drift_share", "drifted_columns", "dataset_drift"], column: ["statistic", "p_value", "psi", "distance", "normed", "mmd2"] },
  "drift.prediction": { cell: [], column: ["statistic", "p_value", "psi", "distance", "drift"] },
  "data.quality": {
    cell: ["columns_checked", "columns_with_issues", "max_missing_rate"],
    column: ["missing_rate", "missing_rate_change", "new_category_rate", "out_of_range_rate", "type_violations", "null_violations"],
  },
  "skew.training_serving": {
    cell: ["joined_rows", "key_coverage", "features_with_mismatch", "definition_bugs", "drift_share"],
    column: ["mismatch_share", "mean_ratio", "ratio_cv", "statistic", "p_value", "psi"],
  },
};

export function metricDirection(metric: string): Direction | null {
  if (HIGHER_IS_BETTER.has(metric)) return "higher";
  if (LOWER_IS_BETTER.has(metric)) return "lower";
  return null;
}

export function isProportion(metric: string): boolean {
  return PROPORTIONS.has(metric);
}

/** Metric names (cell-level and per column) found in a stored result. */
export function resultMetricNames(result: EvaluationOutput | ComparisonOutput | null): { cell: string[]; column: string[]; columns: string[] } {
  const cell = new Set<string>();
  const column = new Set<string>();
  const columns = new Set<string>();
  for (const out of result ? outputsOf(result) : []) {
    for (const c of out.cohorts) {
      for (const k of Object.keys(c.metrics ?? {})) cell.add(k);
      for (const col of c.columns ?? []) {
        columns.add(col.column);
        for (const k of Object.keys(col.metrics ?? {})) column.add(k);
      }
    }
  }
  return { cell: [...cell], column: [...column], columns: [...columns] };
}

/** A comparison cell's guardrail watches its B side (the challenger). */
function outputsOf(result: EvaluationOutput | ComparisonOutput): EvaluationOutput[] {
  // a paired comparison (compare.*): its metrics as `<metric>_delta`, `_worse`, … (server/evaluation/paired-view.ts)
  if (isPairedComparison(result)) return [pairedAsEvaluation(result)];
  return "a" in result && "b" in result ? [result.b] : [result as EvaluationOutput];
}

export function primaryOutput(result: EvaluationOutput | ComparisonOutput): EvaluationOutput {
  return outputsOf(result)[0]!;
}

export interface Observation {
  cohort: string;
  /** the worst value over the watched columns (or the cell metric); null = not computable */
  value: number | null;
  n: number;
  low: number | null;
  high: number | null;
  /** columns past the fail line (column "*"), worst first */
  breachingColumns: { column: string; value: number }[];
  /** the column the value comes from */
  column: string | null;
  note?: string;
}

const Z95 = 1.959963984540054;

/** Wilson score interval of a proportion p observed on n trials. */
export function wilson(p: number, n: number): [number, number] {
  if (n <= 0) return [0, 1];
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Hanley & McNeil (1982) standard error of an ROC AUC with np positives and nn negatives. */
export function hanleyMcNeilInterval(auc: number, np: number, nn: number): [number, number] | null {
  if (np < 1 || nn < 1) return null;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (np - 1) * (q1 - auc * auc) + (nn - 1) * (q2 - auc * auc)) / (np * nn);
  const se = Math.sqrt(Math.max(0, v));
  return [Math.max(0, auc - Z95 * se), Math.min(1, auc + Z95 * se)];
}

/** The 95% interval of `metric` when the result carries one or it can be derived; else null. */
export function intervalOf(metric: string, value: number, metrics: Record<string, number | null>, n: number): [number, number] | null {
  const lo = metrics[`${metric}_ci_low`];
  const hi = metrics[`${metric}_ci_high`];
  if (typeof lo === "number" && typeof hi === "number") return [lo, hi];
  if (metric === "roc_auc" && typeof metrics.positives === "number" && typeof metrics.negatives === "number")
    return hanleyMcNeilInterval(value, metrics.positives, metrics.negatives);
  if (isProportion(metric) && metric !== "p_value" && n > 0 && value >= 0 && value <= 1) return wilson(value, n);
  return null;
}

function sampleSize(c: CohortResult): number {
  const m = c.metrics ?? {};
  const scored = typeof m.n_scored === "number" ? m.n_scored : null;
  return scored ?? (typeof c.n === "number" ? c.n : 0);
}

/** worse(a, b): is a worse than b for a guardrail whose breach is `value op threshold`? */
export function worse(op: string, a: number, b: number): boolean {
  return op.startsWith(">") ? a > b : a < b;
}

export function breaches(op: string, value: number, threshold: number): boolean {
  switch (op) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    default:
      return value <= threshold;
  }
}

type ColumnResultLike = NonNullable<CohortResult["columns"]>[number];
const columnIndex = new WeakMap<CohortResult, Map<string, ColumnResultLike[]>>();

/** Columns of a cohort by name, built once per result (a thousand guardrails read the same one). */
function columnsByName(c: CohortResult): Map<string, ColumnResultLike[]> {
  let index = columnIndex.get(c);
  if (!index) {
    index = new Map();
    for (const col of c.columns ?? []) index.set(col.column, [...(index.get(col.column) ?? []), col]);
    columnIndex.set(c, index);
  }
  return index;
}

/**
 * A quality metric on an immature cohort (too few labels yet: the runner's label-coverage
 * threshold) is not judged — the labels that arrive first are rarely a random sample, so a
 * breach there would be noise: the observation has no value (state `no data`) and says why.
 * The coverage itself stays watchable.
 */
function immatureNote(c: CohortResult, metric: string): string | null {
  if (c.immature !== true || metric === "label_coverage") return null;
  const coverage = typeof c.label_coverage === "number" ? `${Math.round(c.label_coverage * 1000) / 10}%` : "unknown";
  return `immature, coverage ${coverage}: too few labels yet to judge ${metric}`;
}

/** One observation per cohort the guardrail watches, read from a cell result. */
export function observe(
  result: EvaluationOutput | ComparisonOutput,
  g: { metric: string; column: string | null; cohortMode: string; op: string; fail: number },
): Observation[] {
  const out = primaryOutput(result);
  const cohorts = g.cohortMode === "each" ? out.cohorts : out.cohorts.filter((c) => c.cohort === "all");
  return cohorts.map((c) => {
    const n = sampleSize(c);
    const young = immatureNote(c, g.metric);
    if (young) return { cohort: c.cohort, value: null, n, low: null, high: null, breachingColumns: [], column: null, note: young };
    if (g.column === null) {
      const raw = c.metrics?.[g.metric];
      const value = typeof raw === "number" && Number.isFinite(raw) ? raw : null;
      const ci = value === null ? null : intervalOf(g.metric, value, c.metrics ?? {}, n);
      return { cohort: c.cohort, value, n, low: ci?.[0] ?? null, high: ci?.[1] ?? null, breachingColumns: [], column: null };
    }
    const cols = g.column === "*" ? (c.columns ?? []) : columnsByName(c).get(g.column) ?? [];
    let best: { column: string; value: number; metrics: Record<string, number | null> } | null = null;
    const breachingColumns: { column: string; value: number }[] = [];
    for (const col of cols) {
      const v = col.metrics?.[g.metric];
      if (typeof v !== "number" || !Number.isFinite(v)) continue;
      if (!best || worse(g.op, v, best.value)) best = { column: col.column, value: v, metrics: col.metrics };
      if (breaches(g.op, v, g.fail)) breachingColumns.push({ column: col.column, value: v });
    }
    breachingColumns.sort((a, b) => (worse(g.op, a.value, b.value) ? -1 : 1));
    const colN = best && typeof best.metrics.n_current === "number" ? best.metrics.n_current : n;
    const ci = best ? intervalOf(g.metric, best.value, best.metrics, colN) : null;
    return {
      cohort: c.cohort,
      value: best?.value ?? null,
      n: colN,
      low: ci?.[0] ?? null,
      high: ci?.[1] ?? null,
      breachingColumns,
      column: best?.column ?? null,
      ...(cols.length === 0 ? { note: g.column === "*" ? "the cell has no columns" : `column "${g.column}" is not in the result` } : {}),
    };
  });
}

/** Names people write in SLOs for metrics the evaluators call otherwise. */
const METRIC_ALIASES: Record<string, string> = {
  p50_latency_ms: "latency_p50_ms",
  p95_latency_ms: "latency_p95_ms",
  p99_latency_ms: "latency_p99_ms",
  auc: "roc_auc",
  ndcg: "ndcg_at_k",
};

export function canonicalMetric(metric: string): string {
  return METRIC_ALIASES[metric] ?? metric;
}

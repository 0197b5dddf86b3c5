/**
 * The common body of per-column drift evaluators: run one test (or a chosen test) per column,
 * apply fixed or learned thresholds, and summarise the dataset drift share.
 */
import { z } from "zod";
import type { EvaluateInput } from "./define";
import type { Column } from "./frame";
import { missingCount } from "./frame";
import type { ColumnResult, EvaluatorResult, JsonValue, Status } from "./result";
import { notApplicable } from "./result";
import { DRIFT_TESTS, P_VALUE_TESTS, learnThreshold, type DriftOutcome, type DriftTestId, type DriftTestOptions } from "./drift";

/** Config fields every drift evaluator shares. */
export const driftCommonConfig = {
  thresholdMode: z.enum(["fixed", "learned"]).default("fixed").describe("fixed thresholds, or learned from baseline chunks (NannyML)"),
  chunks: z.number().int().min(2).max(200).default(10).describe("baseline chunks for learned thresholds"),
  sigmas: z.number().positive().max(10).default(3).describe("learned threshold = mean + sigmas·std of the chunk statistics"),
  driftShare: z.number().min(0).max(1).default(0.5).describe("dataset drift when at least this share of columns drift"),
  columns: z.array(z.string()).optional().describe("only these columns (default: all features)"),
};

export interface DriftCommon {
  thresholdMode: "fixed" | "learned";
  chunks: number;
  sigmas: number;
  driftShare: number;
  columns?: string[];
  warn?: number | null;
}

function nonMissing(c: Column): number {
  const n = c.type === "numeric" ? c.values.length : c.codes.length;
  return n - missingCount(c);
}

/**
 * A fixed threshold's verdict: `fail` on drift; else `warn` once the score passes `warn` (below it
 * for p-value tests, at or above it for distances); else `pass`.
 */
export function fixedThresholdStatus(test: DriftTestId, drift: boolean, score: number | null, warn: number | null | undefined): Status {
  if (drift) return "fail";
  if (warn === null || warn === undefined || score === null) return "pass";
  return (P_VALUE_TESTS.has(test) ? score < warn : score >= warn) ? "warn" : "pass";
}

/** Evaluate one column pair with a test, thresholds applied; returns a column result. */
export function driftColumn(
  name: string,
  base: Column,
  cur: Column,
  test: DriftTestId,
  cfg: DriftCommon,
  opts: DriftTestOptions,
  extraDetails: Record<string, JsonValue> = {},
): { column: ColumnResult; outcome: DriftOutcome } {
  const outcome = DRIFT_TESTS[test](base, cur, opts);
  const metrics = { ...outcome.metrics, n_baseline: nonMissing(base), n_current: nonMissing(cur) };
  const details: Record<string, JsonValue> = { test, ...extraDetails };
  let drift = outcome.drift;
  let status: Status;
  if (drift === null) status = "n/a";
  else if (cfg.thresholdMode === "learned") {
    const learned = learnThreshold(test, base, cfg.chunks, cfg.sigmas, opts);
    if (!learned || outcome.statistic === null) {
      details.threshold_mode = "fixed (baseline too small to learn)";
      details.threshold = outcome.threshold;
    } else {
      drift = outcome.statistic > learned.upper;
      Object.assign(metrics, { threshold: learned.upper, chunk_mean: learned.mean, chunk_std: learned.std });
      details.threshold_mode = "learned";
      details.threshold_on = "statistic";
    }
    status = drift ? "fail" : "pass";
  } else {
    details.threshold_mode = "fixed";
    details.threshold = outcome.threshold;
    status = fixedThresholdStatus(test, drift, outcome.score, cfg.warn);
  }
  if (drift !== null) details.drift = drift;
  if (outcome.note) details.note = outcome.note;
  // Baseline vs current histogram (bins or categories) for the distribution chart.
  if (outcome.chart) details.chart = outcome.chart;
  const column: ColumnResult = { column: name, status, metrics, details };
  if (outcome.reasons) column.reasons = { ...outcome.reasons };
  return { column, outcome: { ...outcome, drift } };
}

/** Dataset-level summary: share of tested columns that drift; status from the share. */
export function summariseDrift(columns: ColumnResult[], driftShare: number): EvaluatorResult {
  const tested = columns.filter((c) => c.status !== "n/a");
  const drifted = tested.filter((c) => c.details?.drift === true).length;
  if (tested.length === 0) {
    const r = notApplicable("no column could be tested", { columns_tested: 0, drifted_columns: 0, drift_share: null, dataset_drift: null });
    r.metrics.columns_tested = 0;
    r.metrics.drifted_columns = 0;
    return { ...r, columns };
  }
  const share = drifted / tested.length;
  const datasetDrift = share >= driftShare && drifted > 0;
  const status: Status = datasetDrift ? "fail" : tested.some((c) => c.status !== "pass") ? "warn" : "pass";
  return {
    status,
    metrics: { columns_tested: tested.length, drifted_columns: drifted, drift_share: share, dataset_drift: datasetDrift ? 1 : 0 },
    columns,
  };
}

/** Numeric columns with more distinct baseline values than this are continuous for a categorical test (Evidently's cut-off for binning). */
export const CATEGORICAL_MAX_DISTINCT = 20;

function moreDistinctThan(values: Float64Array, limit: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    seen.add(values[i]);
    if (seen.size > limit) return true;
  }
  return false;
}

/**
 * Evaluate a fixed test over the input's columns. A test that needs numbers (`accepts: "numeric"`)
 * reports other columns as n/a; a categorical test (`"categorical"`) does the same for continuous
 * numeric columns: compared value by value, two samples of a continuous column share no values,
 * so total variation would read 1 (and chi-square explode) on every such column with no drift at all.
 */
export function runColumnDrift(
  input: EvaluateInput<DriftCommon & DriftTestOptions>,
  test: DriftTestId,
  accepts: "numeric" | "categorical" | "any",
): EvaluatorResult {
  const { current, baseline, config } = input;
  if (!baseline) return notApplicable("a baseline is required");
  const names = config.columns ?? input.columns;
  const columns: ColumnResult[] = [];
  for (const name of names) {
    const cur = current.features[name];
    const base = baseline.features[name];
    if (!cur || !base) {
      columns.push({
        column: name,
        status: "n/a",
        metrics: {},
        details: { test, skipped: !cur ? "column not in current data" : "column not in baseline" },
      });
      continue;
    }
    if (accepts === "numeric" && (cur.type !== "numeric" || base.type !== "numeric")) {
      columns.push({ column: name, status: "n/a", metrics: {}, details: { test, skipped: "not a numeric column" } });
      continue;
    }
    if (accepts === "categorical" && base.type === "numeric" && moreDistinctThan(base.values, CATEGORICAL_MAX_DISTINCT)) {
      const skipped = `a continuous numeric column (> ${CATEGORICAL_MAX_DISTINCT} distinct baseline values): ${test} compares categories; use a numeric test (drift.ks, drift.hellinger bins it)`;
      columns.push({ column: name, status: "n/a", metrics: {}, details: { test, skipped } });
      continue;
    }
    const opts = { threshold: config.threshold, bins: config.bins, epsilon: config.epsilon, permutations: config.permutations, seed: config.seed, maxSamples: config.maxSamples };
    columns.push(driftColumn(name, base, cur, test, config, opts).column);
  }
  return summariseDrift(columns, config.driftShare);
}

import type { MetricMap } from "@/server/charts/specs/types";
import { cohortAll } from "../../helpers/results";

/** Metric maps typed as the specs read them (so fixtures with different keys per cohort type-check). */
const m = (metrics: MetricMap): MetricMap => metrics;

/** Results shaped like the notebook runner stores them (EvaluationOutput, ComparisonOutput, ChartResult, trend). */
export const driftResult = {
  plugin: "drift.psi",
  version: "1.0.0",
  status: "fail",
  n: { current: 1000, reference: 1000 },
  cohorts: [
    cohortAll("fail", 1000, m({ columns_tested: 3, drifted_columns: 1, drift_share: 1 / 3, dataset_drift: 0 }), [
      { column: "merchant_risk", status: "pass", metrics: m({ psi: 0.03 }), details: { test: "psi", threshold: 0.25, drift: false } },
      {
        column: "amount_usd",
        status: "fail",
        metrics: m({ psi: 0.62 }),
        details: { test: "psi", threshold: 0.25, drift: true, chart: { edges: [10, 50, 200], baseline: [250, 250, 250, 250], current: [100, 150, 250, 500] } },
      },
      { column: "txn_velocity_1h", status: "warn", metrics: m({ psi: 0.14 }), details: { test: "psi", threshold: 0.25, drift: false } },
      { column: "country", status: "n/a", metrics: m({}), details: { test: "psi", skipped: "not in baseline" } },
    ]),
  ],
};

export const binaryResult = {
  plugin: "quality.binary",
  version: "1.0.0",
  status: "warn",
  n: { current: 1200, reference: null },
  cohorts: [
    {
      cohort: "all",
      status: "pass",
      n: 1200,
      metrics: m({ roc_auc: 0.88, accuracy: 0.91 }),
      chart: {
        roc: { fpr: [0, 0.1, 0.3, 1], tpr: [0, 0.6, 0.9, 1], thresholds: [null, 0.8, 0.5, 0.1] },
        pr: { precision: [1, 0.8, 0.5], recall: [0.2, 0.6, 1], thresholds: [0.8, 0.5, 0.1] },
        calibration: { prob_pred: [0.05, 0.5, 0.9], prob_true: [0.04, 0.45, 0.93], counts: [600, 300, 300] },
        confusion_matrix: [
          [900, 40],
          [60, 200],
        ],
      },
    },
    { cohort: "segment=consumer", status: "pass", n: 800, metrics: m({ roc_auc: 0.9 }) },
    { cohort: "segment=business", status: "warn", n: 400, metrics: m({ roc_auc: 0.74 }) },
  ],
};

export const costResult = {
  plugin: "cost.latency",
  version: "1.0.0",
  status: "pass",
  n: { current: 500, reference: null },
  cohorts: [
    { cohort: "all", status: "pass", n: 500, metrics: m({ latency_p50_ms: 40, latency_p95_ms: 95, latency_p99_ms: 130, cost_per_correct: 0.002, cost_per_request: 0.0015 }) },
    { cohort: "region=eu", status: "warn", n: 200, metrics: m({ latency_p50_ms: 55, latency_p95_ms: 140, latency_p99_ms: 190, cost_per_correct: 0.004, cost_per_request: 0.002 }) },
  ],
};

export const trendResult = {
  cellId: "quality",
  metric: "roc_auc",
  column: null,
  thresholds: { warn: 0.8, fail: 0.7 },
  series: [
    {
      cohort: "all",
      column: null,
      side: null,
      points: [
        { runId: "r1", at: "2026-11-01T09:00:00.000Z", value: 0.9, status: "pass" },
        { runId: "r2", at: "2026-11-08T09:00:00.000Z", value: 0.85, status: "pass" },
        { runId: "r3", at: "2026-11-15T09:00:00.000Z", value: 0.78, status: "warn" },
      ],
    },
    {
      cohort: "segment=business",
      column: null,
      side: null,
      points: [
        { runId: "r1", at: "2026-11-01T09:00:00.000Z", value: 0.8, status: "pass" },
        { runId: "r2", at: "2026-11-08T09:00:00.000Z", value: null, status: "n/a" },
        { runId: "r3", at: "2026-11-15T09:00:00.000Z", value: 0.66, status: "fail" },
      ],
    },
  ],
};

/** A finished run of a fraud notebook, shaped like server/notebooks/runs.ts getRun's answer. */
import type { ModelInput, RunInput } from "@/server/reports/snapshot";
import { barsOfAll, cohortAll } from "../../helpers/results";

export const FRAUD_MODEL: ModelInput = {
  id: "m1",
  slug: "fraud-risk",
  name: "Card fraud risk score",
  task: "binary",
  ownerTeam: "Risk ML",
  onCall: "risk-ml-oncall@acme.example",
  businessMetric: "Fraud losses prevented (USD per week)",
  slos: [
    { name: "AUC ≥ 0.85", metric: "roc_auc", op: ">=", target: 0.85 },
    { name: "p95 latency ≤ 120 ms", metric: "p95_latency_ms", op: "<=", target: 120, unit: "ms" },
    { name: "Error rate ≤ 0.5%", metric: "error_rate", op: "<=", target: 0.005 },
  ],
  versions: [{ label: "v3.2", stage: "production" }],
};

const selection = { versions: ["v3.2"], from: "2025-11-18T00:00:00.000Z", to: "2025-11-25T00:00:00.000Z", reference: { kind: "baseline", baselineId: "b1", baselineName: "training-2025-10" }, cohortKeys: ["merchant_category"], minCohortSize: 30 };

/** A succeeded evaluator cell of `plugin`@1.0.0 over the week's `current` predictions (and `reference` rows, if any). */
export function evaluatorCell(cellId: string, title: string, plugin: string, status: string, reference: number | null, cohorts: unknown[], current = 5000) {
  return {
    cellId,
    type: "evaluator",
    title,
    status: "succeeded",
    resultStatus: status,
    pluginRef: `${plugin}@1.0.0`,
    selection,
    error: null,
    result: { plugin, version: "1.0.0", status, n: { current, reference }, cohorts },
  };
}

export function fraudRun(opts: { auc?: number; costPerCorrect?: number; id?: string } = {}): RunInput {
  const auc = opts.auc ?? 0.83;
  const roc = { fpr: Array.from({ length: 500 }, (_, i) => i / 499), tpr: Array.from({ length: 500 }, (_, i) => Math.sqrt(i / 499)) };
  return {
    id: opts.id ?? "run1",
    notebookId: "nb1",
    notebookTitle: "Weekly health check",
    notebookRevision: 3,
    status: "succeeded",
    resultStatus: "fail",
    trigger: "manual",
    createdAt: "2025-11-25T08:00:00.000Z",
    finishedAt: "2025-11-25T08:00:09.000Z",
    cells: [
      { cellId: "intro", type: "markdown", title: null, html: "<h1>Weekly health</h1>", status: "succeeded", resultStatus: null, pluginRef: null, selection: {}, result: null, error: null },
      {
        ...evaluatorCell("quality", "Quality per cohort", "quality.binary", "fail", null, [
          { cohort: "all", status: "warn", n: 5000, metrics: { roc_auc: auc, accuracy: 0.97 }, chart: { roc } },
          { cohort: "merchant_category=gaming", status: "fail", n: 400, metrics: { roc_auc: 0.61, accuracy: 0.9 } },
          { cohort: "merchant_category=grocery", status: "pass", n: 2100, metrics: { roc_auc: 0.88, accuracy: 0.98 } },
        ]),
        config: {},
      },
      evaluatorCell("skew", "Training/serving skew", "skew.training_serving", "fail", 20000, [
        cohortAll("fail", 5000, { definition_bugs: 1 }, [
          { column: "txn_sum_30d", status: "fail", metrics: { mismatch_share: 0.97, mean_ratio: 0.233 }, details: { definition_bug: true, finding: "serving ≈ 0.233 × training on 97.0% of joined rows: likely a feature definition bug" } },
          { column: "txn_amount", status: "pass", metrics: { mismatch_share: 0 }, details: {} },
        ]),
      ]),
      evaluatorCell("drift", "Drift on key features", "drift.psi", "fail", 20000, [
        cohortAll("fail", 5000, { drift_share: 0.5 }, [
          { column: "txn_sum_30d", status: "fail", metrics: { psi: 1.42 }, details: { drift: true } },
          { column: "txn_amount", status: "pass", metrics: { psi: 0.03 }, details: { drift: false } },
        ]),
      ]),
      {
        cellId: "drift-chart",
        type: "chart",
        title: "PSI per key feature",
        status: "succeeded",
        resultStatus: null,
        pluginRef: null,
        selection: {},
        error: null,
        result: barsOfAll("drift", "psi", [["txn_sum_30d", 1.42, "fail"], ["txn_amount", 0.03, "pass"]]),
      },
      evaluatorCell("cost", "Cost & latency", "cost.latency", "pass", null, [
        {
          cohort: "all",
          status: "pass",
          n: 5000,
          metrics: {
            requests: 5000,
            error_rate: 0.002,
            latency_p50_ms: 41,
            latency_p95_ms: 96,
            latency_p99_ms: 130,
            total_cost: 2.5,
            cost_per_request: 0.0005,
            label_coverage: 0.62,
            correct_predictions: 3000,
            cost_per_correct: opts.costPerCorrect ?? 0.00083,
          },
        },
      ]),
    ],
  };
}

/**
 * The frozen shapes stored on Report.snapshot / Report.summary. A report is built once from a run
 * and never recomputed: these are plain JSON (aggregates only, never prediction rows).
 */
import type { PairedComparisonOutput } from "../evaluation/result-schema";
import type { ChartPoint } from "../charts/specs/types";
import type { Slo } from "../domain/model";

export type ResultStatus = "pass" | "warn" | "fail" | "n/a";

export interface SnapshotCohort {
  cohort: string;
  status: ResultStatus;
  n: number;
  metrics: Record<string, number | null>;
  reasons?: Record<string, string>;
  columns?: { column: string; status: string; metrics: Record<string, number | null>; details?: Record<string, unknown> }[];
  /** what `columns` lists ("feature" when absent) */
  columns_label?: string;
  chart?: unknown;
  notes?: string[];
  /** label-based evaluators: share of predictions labelled, and whether that is below the threshold */
  label_coverage?: number;
  immature?: boolean;
}

export interface SnapshotEvaluation {
  plugin: string;
  version: string;
  status: ResultStatus;
  n: { current: number; reference: number | null };
  cohorts: SnapshotCohort[];
  notes?: string[];
  label?: string;
  /** the sample the results rest on, when the window was sampled (absent in older reports) */
  sample?: { rows: number; requests: number; sampledRows: number; note: string };
}

/** Chart points are frozen as notebooks store them (one schema: server/charts/specs/types.ts). */
export type SnapshotChartPoint = ChartPoint;

export interface SnapshotCell {
  cellId: string;
  type: "markdown" | "evaluator" | "chart" | "comparison";
  title: string | null;
  status: string;
  resultStatus: ResultStatus | null;
  pluginRef: string | null;
  /** sanitized HTML of markdown cells */
  html?: string;
  error?: string | null;
  /** absolute window, versions and reference the cell ran with */
  selection?: unknown;
  /** the evaluator config the cell ran with (thresholds for charts) */
  config?: Record<string, unknown>;
  evaluation?: SnapshotEvaluation;
  comparison?: { a: SnapshotEvaluation; b: SnapshotEvaluation; status: ResultStatus };
  /** a paired comparison (compare.* plugins): deltas, intervals, tests and verdicts per cohort */
  paired?: PairedComparisonOutput;
  chart?: { sourceCellId: string; metric: string | null; column: string | null; mark: string; points: SnapshotChartPoint[] };
}

export interface ReportSnapshot {
  schema: 1;
  frozenAt: string;
  run: {
    id: string;
    notebookId: string;
    notebookTitle: string;
    notebookRevision: number;
    status: string;
    resultStatus: string | null;
    trigger: string;
    createdAt: string;
    finishedAt: string | null;
  };
  model: {
    id: string;
    slug: string;
    name: string;
    task: string;
    ownerTeam: string;
    onCall: string;
    businessMetric: string;
    slos: Slo[];
    versions: { label: string; stage: string }[];
  };
  /** the run's current window (the widest over its cells) */
  window: { from: string; to: string } | null;
  versions: string[];
  /** what results were compared with, in words ("baseline training-2025-10", "window … → …") */
  baselines: string[];
  /** plugin id@version of every evaluator that produced a result */
  plugins: string[];
  cells: SnapshotCell[];
  /** serving traffic of the run's versions over its window, from the rollups (absent in older reports) */
  traffic?: SnapshotTraffic;
}

/** One version's serving figures over the report's window (requests weighted by 1 / sample rate). */
export interface SnapshotTrafficVersion {
  version: string;
  /** stored rows: the sample size */
  predictions: number;
  /** requests the rows stand for (estimated when sampledRows > 0) */
  requests: number;
  sampledRows: number;
  requestsPerMinute: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export type SnapshotTraffic =
  | {
      state: "shown";
      /** the whole UTC days whose rollups were read (inclusive) */
      days: { from: string; to: string };
      sample: { rows: number; requests: number; sampledRows: number };
      versions: SnapshotTrafficVersion[];
      /** per version and UTC day (the serving charts) */
      serving: { day: string; version: string; requests: number; requestsPerMinute: number; errorRate: number | null; latencyP50Ms: number | null; latencyP95Ms: number | null }[];
    }
  | { state: "absent"; reason: string };

export type SloStatus = "met" | "at_risk" | "breached" | "no_data";

export interface SummarySlo {
  name: string;
  metric: string;
  op: "<=" | ">=";
  target: number;
  unit?: string;
  value: number | null;
  status: SloStatus;
  /** cohorts that break the objective even when the overall value meets it */
  cohortBreaches: { cohort: string; value: number }[];
  source: string | null;
  /** where the objective holds: all traffic, or every cohort (absent in older reports: all) */
  scope?: "all" | "each";
  /** the overall value when the objective is judged per cohort (value is then the worst cohort's) */
  overall?: number | null;
  /** the cohort whose value was judged (scope each) */
  judgedCohort?: string | null;
  /** why there is no value (status no_data) */
  reason?: string;
  /** the version the value belongs to when it comes from one side of a comparison (its label, "v3.2 (production)") */
  version?: string;
  /** the comparison's other side against the same objective (a challenger that would breach it is worth a sentence) */
  challenger?: { version: string; value: number; meets: boolean };
}

/** The run a report was made from, as the summary states it at the top. */
export interface SummaryRun {
  /** run lifecycle word (server/format/status.ts): succeeded | partial | failed | cancelled */
  lifecycle: string;
  failedCells: { title: string; error: string | null }[];
  /** a sentence for the top of the report when the run did not fully succeed */
  notice: string | null;
}

/** A version the run compared (comparison cells), with the headline metrics the run has for it. */
export interface SummaryVersion {
  label: string;
  stage: string | null;
  metrics: Record<string, number | null>;
}

export interface SummaryDrift {
  kind: "drift" | "skew";
  column: string;
  cell: string;
  metric: string | null;
  value: number | null;
  status: string;
  finding?: string;
}

/** The report's run as its guardrails saw it: states per guardrail × cohort (not-ok rows only, worst first). */
export interface SummaryGuardrails {
  /** guardrail × cohort observations of the run */
  total: number;
  /** observations per state (ok, warning, alert, flapping, no_data, paused) */
  counts: Record<string, number>;
  rows: { guardrail: string; rule: string; cohort: string; metric: string; state: string; value: number | null; redLine: boolean }[];
}

export interface ReportSummary {
  status: ResultStatus;
  headline: string;
  /** incidents open during the report's window (red lines crossed among them); absent in older reports */
  incidents?: { id: string; title: string; state: string; severity: string; redLine: boolean; openedAt: string; resolvedAt: string | null }[];
  /** guardrail states on the report's run; absent in older reports and for runs no guardrail watched */
  guardrails?: SummaryGuardrails;
  slos: SummarySlo[];
  /** absent in older reports */
  run?: SummaryRun;
  /** versions compared side by side, when the run compares versions (absent in older reports) */
  versions?: { metrics: string[]; rows: SummaryVersion[] } | null;
  primary: { metric: string; label: string; higherIsBetter: boolean; overall: number | null; worst: { cohort: string; value: number; n: number } | null } | null;
  drift: SummaryDrift[];
  cost: {
    requests: number | null;
    totalCost: number | null;
    costPerRequest: number | null;
    costPerCorrect: number | null;
    labelCoverage: number | null;
    latencyP95Ms: number | null;
  } | null;
  /** the numbers compared with the next report of the same notebook */
  keyNumbers: Record<string, number | null>;
  change: {
    previousReportId: string;
    previousTitle: string;
    previousCreatedAt: string;
    deltas: { key: string; label: string; before: number | null; after: number | null }[];
  } | null;
  findings: string[];
}

export interface FrozenRunbook {
  id: string;
  title: string;
  topic: string;
  revision: number;
  body: string;
}

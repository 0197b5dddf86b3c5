/**
 * Chart specs: pure functions from run results to Observable Plot options. Drawn in the browser by
 * app/_components/plot-chart.tsx and rendered to SVG on the server by server/charts/svg.ts.
 *
 * `chartsForResult` picks the charts that suit a cell's evaluator: distributions and the drift
 * statistic for drift/skew, ROC/PR/calibration/confusion for binary quality, latency quantiles and
 * cost per correct prediction for cost, a metric per cohort otherwise.
 */
import type * as Plot from "@observablehq/plot";
import { calibrationSpec, confusionMatrixSpec, prSpec, rocSpec, type CalibrationData, type PrData, type RocData } from "./classification";
import { cohortRows, metricPerCohortSpec, pointRows, type MetricRow, type Thresholds } from "./cohorts";
import { costPerCorrectSpec, latencyQuantilesSpec, latencyRows } from "./cost";
import { distributionSpec, findHistogram } from "./distribution";
import { columnsWorstFirst, driftMetricOf, driftStatisticSpec, driftThresholdOf } from "./drift";
import { metricLabel as metricWords } from "../../format/metric-label";
import { finite } from "./style";
import { isChartCell, isComparison, isEvaluation, isPaired, type CohortLike, type EvaluationLike } from "./types";
import { deltaForestSpec, forestRows } from "./forest";
import { routingFrontierSpec } from "./frontier";
import { estimateRows, estimateSpec } from "./estimate";

export * from "./types";
export * from "./style";
export * from "./distribution";
export * from "./drift";
export * from "./classification";
export * from "./cohorts";
export * from "./cost";
export * from "./trend";
export * from "./guardrail";
export * from "./daily";
export * from "./serving";
export * from "./forest";
export * from "./deltas";
export * from "./frontier";
export * from "./estimate";

export interface ChartSpec {
  /** stable within a cell, e.g. "roc" or "dist:amount" */
  key: string;
  title: string;
  options: Plot.PlotOptions;
}

export interface ChartContext {
  /** the cell's evaluator config (thresholds come from it) */
  config?: Record<string, unknown>;
  /** draw the per-feature distributions of at most this many most-drifted features */
  maxDistributions?: number;
  width?: number;
  /** for chart cells: the result of the cell they draw (its primary chart is drawn when no metric is chosen) */
  source?: unknown;
}

const num = (v: unknown): number | null => (finite(v) ? v : null);

/** The metric that sets a quality evaluator's status, with defaults per task. */
function statusMetric(plugin: string, config: Record<string, unknown>): string {
  if (typeof config.statusMetric === "string") return config.statusMetric;
  if (plugin.startsWith("quality.binary")) return "roc_auc";
  if (plugin.startsWith("quality.multiclass")) return "macro_f1";
  if (plugin.startsWith("quality.regression")) return "rmse";
  if (plugin.startsWith("quality.ranking")) return "ndcg_at_k";
  if (plugin.startsWith("quality.business_value")) return "value_per_1000";
  if (plugin.startsWith("quality.fairness")) return "attributes_failing";
  if (plugin.startsWith("quality.calibration")) return "ece";
  if (plugin.startsWith("segments.weak")) return "weak_slices";
  return "value";
}

function qualityThresholds(config: Record<string, unknown>): Thresholds {
  return { warn: num(config.warnBelow ?? config.warnAbove ?? config.warn), fail: num(config.failBelow ?? config.failAbove ?? config.fail) };
}

function firstMetric(cohorts: CohortLike[]): string | null {
  for (const c of cohorts) for (const [k, v] of Object.entries(c.metrics)) if (finite(v)) return k;
  return null;
}

function all(e: EvaluationLike): CohortLike | undefined {
  return e.cohorts.find((c) => c.cohort === "all") ?? e.cohorts[0];
}

function chartData(c: CohortLike | undefined): Record<string, unknown> | null {
  return c?.chart && typeof c.chart === "object" ? (c.chart as Record<string, unknown>) : null;
}

/** Charts from an evaluator's own chart data (ROC, PR, calibration, confusion matrix, histograms). */
export function chartDataSpecs(chart: Record<string, unknown> | null, prefix = "", width?: number): ChartSpec[] {
  if (!chart) return [];
  const out: ChartSpec[] = [];
  const roc = chart.roc as RocData | undefined;
  if (roc && Array.isArray(roc.fpr)) out.push({ key: `${prefix}roc`, title: "ROC curve", options: rocSpec(roc, { width }) });
  const pr = chart.pr as PrData | undefined;
  if (pr && Array.isArray(pr.recall)) out.push({ key: `${prefix}pr`, title: "Precision–recall", options: prSpec(pr, { width }) });
  const cal = chart.calibration as CalibrationData | null | undefined;
  if (cal && Array.isArray(cal.prob_pred)) out.push({ key: `${prefix}calibration`, title: "Calibration", options: calibrationSpec(cal, { width }) });
  const cm = (chart.confusion_matrix ?? chart.confusionMatrix) as number[][] | undefined;
  if (Array.isArray(cm) && cm.every(Array.isArray)) {
    const labels = Array.isArray(chart.labels) ? (chart.labels as string[]) : Array.isArray(chart.classes) ? (chart.classes as string[]) : undefined;
    out.push({ key: `${prefix}confusion`, title: "Confusion matrix", options: confusionMatrixSpec(cm, { labels }) });
  }
  const deciles = chart.error_by_decile as { upper?: number[]; mae?: number[] } | undefined;
  if (deciles && Array.isArray(deciles.upper) && Array.isArray(deciles.mae)) {
    const rows: MetricRow[] = deciles.mae.map((v, i) => ({ label: `${i + 1}: ŷ ≤ ${Number(deciles.upper![i]).toPrecision(3)}`, cohort: "all", value: v, status: "pass" }));
    out.push({ key: `${prefix}error_by_decile`, title: "MAE by prediction decile", options: metricPerCohortSpec(rows, { metric: "mae", width }) });
  }
  const h = findHistogram(chart);
  if (h) out.push({ key: `${prefix}dist`, title: "Baseline vs current", options: distributionSpec(h, { width }) });
  return out;
}

function evaluationSpecs(e: EvaluationLike, ctx: ChartContext): ChartSpec[] {
  const config = ctx.config ?? {};
  const plugin = e.plugin ?? "";
  const width = ctx.width;
  const out: ChartSpec[] = [];
  const main = all(e);
  if (!main) return out;

  if (plugin.startsWith("drift.") || plugin.startsWith("skew.")) {
    for (const c of e.cohorts.slice(0, 4)) {
      const metric = driftMetricOf(c);
      if (!metric) continue;
      // a domain classifier's threshold is on its AUC, not on the per-feature importance drawn here
      // reconstruction error: the band's upper edge
      const threshold = metric === "importance" ? null : metric === "reconstruction_error" ? num(c.metrics.upper) : (num(config.threshold) ?? driftThresholdOf(c));
      out.push({
        key: `drift:${c.cohort}`,
        title: `${metricWords(metric)} per feature${c.cohort === "all" ? "" : ` — ${c.cohort}`}`,
        options: driftStatisticSpec(c, { metric, threshold, warn: num(config.warn), width }),
      });
    }
    // The feature that failed is charted first, whatever its type or place in the contract.
    const ordered = columnsWorstFirst(main);
    let drawn = 0;
    for (const column of ordered) {
      if (drawn >= (ctx.maxDistributions ?? 3)) break;
      const col = main.columns?.find((c) => c.column === column);
      const h = findHistogram(col?.details) ?? findHistogram(main.chart, column);
      if (!h) continue;
      out.push({ key: `dist:${column}`, title: `${column}: baseline vs current`, options: distributionSpec(h, { feature: column, width: Math.min(width ?? 480, 480) }) });
      drawn++;
    }
    return out;
  }

  if (plugin.startsWith("cost.")) {
    const lat = latencyRows(e.cohorts);
    if (lat.length) out.push({ key: "latency", title: "Latency quantiles", options: latencyQuantilesSpec(lat, { p95Limit: num(config.p95FailMs), width }) });
    if (cohortRows(e.cohorts, "cost_per_correct").length)
      out.push({
        key: "cost_per_correct",
        title: "Cost per correct prediction",
        options: costPerCorrectSpec(e.cohorts, { thresholds: { warn: num(config.costPerCorrectWarn), fail: num(config.costPerCorrectFail) }, width }),
      });
    return out;
  }

  if (plugin.startsWith("perf.")) {
    // performance estimated without labels: the estimate per metric with its band, and what the labels said once they came
    for (const c of e.cohorts.slice(0, 4)) {
      const rows = estimateRows(c.columns);
      if (rows.length) out.push({ key: `estimate:${c.cohort}`, title: `Estimated vs realized — ${c.cohort}`, options: estimateSpec(rows, { width }) });
    }
    return out;
  }

  if (plugin.startsWith("quality.")) {
    const metric = statusMetric(plugin, config);
    const rows = cohortRows(e.cohorts, metric);
    if (rows.length) out.push({ key: `metric:${metric}`, title: `${metricWords(metric)} per cohort`, options: metricPerCohortSpec(rows, { metric, thresholds: qualityThresholds(config), width }) });
    out.push(...chartDataSpecs(chartData(main), "", width));
    // per-class scores (multiclass) or other per-column metrics
    if (main.columns?.length) {
      const cm = (["f1", "disparate_impact_ratio", "gap", "ece"] as const).find((m) => main.columns!.some((c) => finite(c.metrics[m]))) ?? null;
      if (cm) {
        const colRows: MetricRow[] = main.columns.filter((c) => finite(c.metrics[cm])).map((c) => ({ label: c.column, cohort: "all", value: c.metrics[cm] as number, status: c.status }));
        const per = cm === "f1" ? "class" : cm === "gap" ? "slice" : cm === "ece" ? "period" : "attribute";
        out.push({ key: `columns:${cm}`, title: `${metricWords(cm)} per ${per}`, options: metricPerCohortSpec(colRows, { metric: cm, width }) });
      }
    }
    return out;
  }

  // Anything else: per-column first metric (e.g. data quality), else first metric per cohort, plus chart data.
  if (main.columns?.length) {
    const metric = main.columns.flatMap((c) => Object.entries(c.metrics)).find(([, v]) => finite(v))?.[0];
    if (metric) {
      const colRows: MetricRow[] = main.columns
        .filter((c) => finite(c.metrics[metric]))
        .map((c) => ({ label: c.column, cohort: "all", value: c.metrics[metric] as number, status: c.status }))
        .sort((a, b) => b.value - a.value);
      out.push({ key: `columns:${metric}`, title: `${metricWords(metric)} per column`, options: metricPerCohortSpec(colRows, { metric, width }) });
    }
  } else if (e.cohorts.length > 1) {
    const metric = firstMetric(e.cohorts);
    if (metric) out.push({ key: `metric:${metric}`, title: `${metricWords(metric)} per cohort`, options: metricPerCohortSpec(cohortRows(e.cohorts, metric), { metric, width }) });
  }
  out.push(...chartDataSpecs(chartData(main), "", width));
  return out;
}

/** The charts that suit one cell's result (evaluation, comparison or chart cell). */
export function chartsForResult(result: unknown, ctx: ChartContext = {}): ChartSpec[] {
  const width = ctx.width;
  if (isChartCell(result)) {
    if (result.metric) {
      const rows = pointRows(result.points);
      if (!rows.length) return [];
      const perColumn = rows.some((r) => r.column) && new Set(rows.map((r) => r.cohort)).size === 1;
      if (perColumn) rows.sort((a, b) => b.value - a.value);
      const thresholds = ctx.config ? { warn: num(ctx.config.warn), fail: num(ctx.config.threshold ?? ctx.config.fail) } : undefined;
      return [{ key: `metric:${result.metric}`, title: `${metricWords(result.metric)}${perColumn ? " per feature" : " per cohort"}`, options: metricPerCohortSpec(rows, { metric: result.metric, mark: result.mark, thresholds, width }) }];
    }
    if (ctx.source && (isEvaluation(ctx.source) || isComparison(ctx.source))) {
      const primary = chartsForResult(ctx.source, { config: ctx.config, width })[0];
      if (primary) return [{ ...primary, key: `source:${primary.key}` }];
    }
    // Without the source result: the evaluator's own chart data for `all` (each side of a comparison).
    const specs: ChartSpec[] = [];
    for (const c of (result.charts ?? []).filter((x) => x.cohort === "all")) {
      const prefix = `${c.side ? `${c.side}:` : ""}${c.cohort}:`;
      for (const s of chartDataSpecs(c.chart as Record<string, unknown>, prefix, width))
        specs.push({ ...s, title: `${s.title} — ${c.cohort}${c.side ? ` (${c.side})` : ""}` });
      if (specs.length >= 8) break;
    }
    return specs;
  }
  if (isPaired(result)) {
    // a forest plot of the deltas per cohort for each compared metric (first four), then the routing frontier
    const metrics = [...new Set(result.cohorts.flatMap((c) => c.metrics.map((m) => m.metric)))];
    const specs: ChartSpec[] = metrics
      .map((metric) => ({ metric, rows: forestRows(result, metric) }))
      .filter((x) => x.rows.length)
      .slice(0, 4)
      .map(({ metric, rows }) => ({ key: `forest:${metric}`, title: `Δ ${metricWords(metric)}: ${result.labels.b} − ${result.labels.a}`, options: deltaForestSpec(rows, { metric, width }) }));
    const routing = result.routing;
    if (routing && "points" in routing && routing.points.length) {
      const [cheapLabel, expensiveLabel] = routing.cheap === "a" ? [result.labels.a, result.labels.b] : [result.labels.b, result.labels.a];
      specs.unshift({ key: "routing-frontier", title: `Tiered routing: ${cheapLabel} first, ${expensiveLabel} below confidence t`, options: routingFrontierSpec(routing, { cheapLabel, expensiveLabel, width }) });
    }
    return specs;
  }
  if (isComparison(result)) {
    const { a, b } = result;
    const config = ctx.config ?? {};
    const plugin = a.plugin ?? "";
    const out: ChartSpec[] = [];
    if (plugin.startsWith("cost.")) {
      const lat = [...latencyRows(a.cohorts, a.label), ...latencyRows(b.cohorts, b.label)];
      if (lat.length) out.push({ key: "latency", title: "Latency quantiles", options: latencyQuantilesSpec(lat, { p95Limit: num(config.p95FailMs), width }) });
      for (const metric of ["cost_per_correct", "cost_per_request"]) {
        const rows = [...cohortRows(a.cohorts, metric, a.label), ...cohortRows(b.cohorts, metric, b.label)];
        if (rows.length) out.push({ key: `metric:${metric}`, title: `${metricWords(metric)} (USD)`, options: metricPerCohortSpec(rows, { metric, width }) });
      }
      return out;
    }
    const metric = plugin.startsWith("quality.") ? statusMetric(plugin, config) : firstMetric(a.cohorts);
    if (metric) {
      const rows = [...cohortRows(a.cohorts, metric, a.label), ...cohortRows(b.cohorts, metric, b.label)];
      if (rows.length) out.push({ key: `metric:${metric}`, title: `${metricWords(metric)}: ${a.label} vs ${b.label}`, options: metricPerCohortSpec(rows, { metric, thresholds: qualityThresholds(config), width }) });
    }
    const ra = chartData(all(a))?.roc as RocData | undefined;
    const rb = chartData(all(b))?.roc as RocData | undefined;
    if (ra && rb)
      out.push({ key: "roc", title: "ROC curve", options: rocSpec([{ label: a.label, data: ra }, { label: b.label, data: rb }], { width: 360 }) });
    return out;
  }
  if (isEvaluation(result)) return evaluationSpecs(result, ctx);
  return [];
}

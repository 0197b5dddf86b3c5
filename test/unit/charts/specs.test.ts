import { describe, expect, it } from "vitest";
import type * as Plot from "@observablehq/plot";
import type { ColumnLike } from "@/server/charts/specs";
import {
  binLabels,
  calibrationSpec,
  chartsForResult,
  confusionCells,
  confusionMatrixSpec,
  costPerCorrectSpec,
  distributionRows,
  distributionSpec,
  driftRows,
  driftStatisticSpec,
  latencyQuantilesSpec,
  latencyRows,
  metricPerCohortSpec,
  cohortRows,
  prSpec,
  rocSpec,
  trendRows,
  trendSpec,
  trendBandRows,
  trendRealizedRows,
  estimateRows,
} from "@/server/charts/specs";
import { binaryResult, costResult, driftResult, trendResult } from "./fixtures";
import { barsOfAll, cohortAll } from "../../helpers/results";

type AnyMark = { constructor: { name: string }; data?: unknown };
function marks(o: Plot.PlotOptions): AnyMark[] {
  return (o.marks ?? []).flat(Infinity as 1) as unknown as AnyMark[];
}
function kinds(o: Plot.PlotOptions): string[] {
  return marks(o).map((m) => m.constructor.name);
}
function dataOf<T>(o: Plot.PlotOptions, kind: string, index = 0): T[] {
  return marks(o).filter((m) => m.constructor.name === kind)[index]!.data as T[];
}

describe("distribution (baseline vs current)", () => {
  it("labels open outer bins from quantile edges and normalises counts to shares", () => {
    const h = driftResult.cohorts[0]!.columns[1]!.details.chart!;
    expect(binLabels(h)).toEqual(["≤ 10", "10–50", "50–200", "> 200"]);
    const rows = distributionRows(h);
    expect(rows.filter((r) => r.series === "current").map((r) => r.share)).toEqual([0.1, 0.15, 0.25, 0.5]);
    expect(rows.filter((r) => r.series === "baseline").every((r) => r.share === 0.25)).toBe(true);
  });
  it("labels closed bins and categories", () => {
    expect(binLabels({ edges: [0, 1, 2], baseline: [1, 1], current: [1, 1] })).toEqual(["0–1", "1–2"]);
    expect(binLabels({ categories: ["a", "b"], baseline: [1, 2], current: [2, 1] })).toEqual(["a", "b"]);
  });
  it("draws a baseline bar, a current bar and a zero rule over the bin domain", () => {
    const spec = distributionSpec({ categories: ["web", "pos", "atm"], baseline: [5, 3, 2], current: [2, 3, 5] });
    expect(kinds(spec)).toEqual(["BarY", "BarY", "RuleY"]);
    expect((spec.x as { domain: string[] }).domain).toEqual(["web", "pos", "atm"]);
    expect((spec.color as { domain: string[] }).domain).toEqual(["baseline", "current"]);
  });
});

describe("drift statistic per feature", () => {
  const cohort = driftResult.cohorts[0]!;
  it("sorts features most drifted first and skips features without the statistic", () => {
    expect(driftRows(cohort, "psi").map((r) => r.column)).toEqual(["amount_usd", "txn_velocity_1h", "merchant_risk"]);
  });
  it("draws bars coloured by status with the fail threshold and warn lines", () => {
    const spec = driftStatisticSpec(cohort, { warn: 0.1 });
    expect(kinds(spec)).toEqual(["BarX", "Text", "RuleX", "RuleX", "RuleX"]);
    expect(dataOf<number>(spec, "RuleX", 0)).toEqual([0.25]); // threshold from details
    expect(dataOf<number>(spec, "RuleX", 1)).toEqual([0.1]);
    expect((spec.y as { domain: string[] }).domain).toEqual(["amount_usd", "txn_velocity_1h", "merchant_risk"]);
    expect((spec.color as { domain: string[] }).domain).toEqual(["pass", "warn", "fail", "n/a"]);
    const [lo, hi] = (spec.x as { domain: number[] }).domain;
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(0.62);
  });
  it("puts p-values smallest first", () => {
    const c = { cohort: "all", status: "fail", metrics: {}, columns: [
      { column: "a", status: "pass", metrics: { p_value: 0.4 } },
      { column: "b", status: "fail", metrics: { p_value: 0.001 } },
    ] };
    expect(driftRows(c, "p_value").map((r) => r.column)).toEqual(["b", "a"]);
  });
});

describe("classification curves", () => {
  const chart = binaryResult.cohorts[0]!.chart!;
  it("ROC: a chance diagonal and the curve, unit domains", () => {
    const spec = rocSpec(chart.roc);
    expect(kinds(spec)).toEqual(["Line", "Line"]);
    expect(dataOf<{ x: number; y: number }>(spec, "Line", 1)).toHaveLength(4);
    expect((spec.x as { domain: number[] }).domain).toEqual([0, 1]);
  });
  it("ROC for two sides gets a legend and one line per side", () => {
    const spec = rocSpec([{ label: "v3.2", data: chart.roc }, { label: "v3.3", data: chart.roc }]);
    const pts = dataOf<{ series: string }>(spec, "Line", 1);
    expect(new Set(pts.map((p) => p.series))).toEqual(new Set(["v3.2", "v3.3"]));
    expect(spec.color).toEqual({ legend: true });
  });
  it("PR plots recall → precision; calibration adds dots", () => {
    expect(dataOf<{ x: number; y: number }>(prSpec(chart.pr), "Line")[0]).toEqual({ x: 0.2, y: 1, series: "" });
    expect(kinds(calibrationSpec(chart.calibration))).toEqual(["Line", "Line", "Dot"]);
  });
  it("confusion matrix: one cell per entry, counts and shares", () => {
    const cells = confusionCells(chart.confusion_matrix);
    expect(cells).toHaveLength(4);
    expect(cells.find((c) => c.actual === "1" && c.predicted === "0")).toMatchObject({ count: 60, share: 0.05 });
    const spec = confusionMatrixSpec(chart.confusion_matrix);
    expect(kinds(spec)).toEqual(["Cell", "Text", "Text"]);
    expect((spec.x as { domain: string[] }).domain).toEqual(["0", "1"]);
  });
});

describe("metric per cohort, latency, cost", () => {
  it("metric per cohort: all first, threshold rules, status colours", () => {
    const rows = cohortRows(binaryResult.cohorts, "roc_auc");
    const spec = metricPerCohortSpec(rows, { metric: "roc_auc", thresholds: { warn: 0.8, fail: 0.7 } });
    expect(kinds(spec)).toEqual(["BarX", "Text", "RuleX", "RuleX", "RuleX"]);
    expect((spec.y as { domain: string[] }).domain).toEqual(["all", "segment=consumer", "segment=business"]);
    expect(dataOf<number>(spec, "RuleX", 0)).toEqual([0.7]);
  });
  it("comparison sides facet by cohort", () => {
    const rows = [...cohortRows(binaryResult.cohorts, "roc_auc", "A"), ...cohortRows(binaryResult.cohorts, "roc_auc", "B")];
    const spec = metricPerCohortSpec(rows, { metric: "roc_auc" });
    expect((spec.y as { domain: string[] }).domain).toEqual(["A", "B"]);
    expect((spec.fy as { domain: string[] }).domain).toHaveLength(3);
  });
  it("latency quantiles: p50–p99 range per cohort, a dot per quantile, the p95 limit", () => {
    const rows = latencyRows(costResult.cohorts);
    expect(rows).toHaveLength(6);
    const spec = latencyQuantilesSpec(rows, { p95Limit: 120 });
    expect(kinds(spec)).toEqual(["Link", "Dot", "RuleX"]);
    expect(dataOf<{ label: string; lo: number; hi: number }>(spec, "Link")).toEqual([
      { label: "all", lo: 40, hi: 130 },
      { label: "region=eu", lo: 55, hi: 190 },
    ]);
  });
  it("cost per correct prediction per cohort", () => {
    const spec = costPerCorrectSpec(costResult.cohorts, { thresholds: { fail: 0.003 } });
    expect(dataOf<{ value: number }>(spec, "BarX").map((r) => r.value)).toEqual([0.002, 0.004]);
    expect(dataOf<number>(spec, "RuleX", 0)).toEqual([0.003]);
  });
});

describe("trend", () => {
  it("one line per cohort, null points dropped, thresholds as horizontal rules", () => {
    const rows = trendRows(trendResult);
    expect(rows).toHaveLength(5);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    const spec = trendSpec(trendResult);
    expect(kinds(spec)).toEqual(["RuleY", "RuleY", "Line", "Dot", "Dot", "Dot"]);
    expect(dataOf<number>(spec, "RuleY", 0)).toEqual([0.7]);
    expect(dataOf<number>(spec, "RuleY", 1)).toEqual([0.8]);
    expect((spec.color as { domain: string[] }).domain).toEqual(["all", "segment=business"]);
  });
});

describe("estimated vs realized", () => {
  const points = [
    { runId: "r1", at: "2026-11-01T09:00:00.000Z", value: 0.86, status: "pass", lower: 0.83, upper: 0.89, realized: 0.87 },
    { runId: "r2", at: "2026-11-08T09:00:00.000Z", value: 0.84, status: "pass", lower: 0.81, upper: 0.87 },
  ];
  const t = { metric: "roc_auc", thresholds: null, series: [{ cohort: "all", column: null, side: null, points }] };
  it("trend: the estimate's band as an area, the realized values as their own dashed series", () => {
    const spec = trendSpec(t);
    expect(kinds(spec)).toEqual(["Area", "Line", "Dot", "Line", "Dot"]);
    expect(trendBandRows(t).map((b) => [b.lower, b.upper])).toEqual([[0.83, 0.89], [0.81, 0.87]]);
    expect(trendRealizedRows(t).map((r) => [r.series, r.value])).toEqual([["all · realized", 0.87]]);
    expect((spec.color as { domain: string[] }).domain).toEqual(["all", "all · realized"]);
    // a plain metric keeps its chart
    expect(kinds(trendSpec({ ...t, series: [{ ...t.series[0], points: points.map(({ runId, at, value, status }) => ({ runId, at, value, status })) }] }))).toEqual(["Line", "Dot"]);
  });
  it("run page: perf.cbpe draws the estimate per metric with its band, realized and reference", () => {
    const columns: ColumnLike[] = [
      { column: "accuracy", status: "pass", metrics: { estimated: 0.8, lower: 0.77, upper: 0.83, sampling_error: 0.01, reference: 0.78, realized: 0.81, gap: 0.01 } },
      { column: "roc_auc", status: "warn", metrics: { estimated: 0.88, lower: 0.86, upper: 0.9, sampling_error: 0.007, reference: 0.87 } },
      { column: "precision", status: "n/a", metrics: { estimated: null } },
    ];
    expect(estimateRows(columns).map((r) => [r.metric, r.realized])).toEqual([["accuracy", 0.81], ["roc_auc", null]]);
    const result = { plugin: "perf.cbpe", status: "warn", cohorts: [{ cohort: "all", status: "warn", n: 10, metrics: { roc_auc: 0.88 }, columns }] };
    const charts = chartsForResult(result);
    expect(charts.map((c) => c.key)).toEqual(["estimate:all"]);
    expect(kinds(charts[0].options)).toEqual(["Link", "TickX", "Dot", "Dot"]);
    expect((charts[0].options.color as { domain: string[] }).domain).toEqual(["estimated (band)", "realized", "reference"]);
  });
});

describe("chartsForResult picks the charts for the evaluator", () => {
  it("drift: statistic per feature and the distribution of drifted features", () => {
    const keys = chartsForResult(driftResult, { config: { warn: 0.1 } }).map((c) => c.key);
    expect(keys).toEqual(["drift:all", "dist:amount_usd"]);
  });
  it("binary quality: metric per cohort, ROC, PR, calibration, confusion", () => {
    expect(chartsForResult(binaryResult, { config: { warnBelow: 0.8 } }).map((c) => c.key)).toEqual(["metric:roc_auc", "roc", "pr", "calibration", "confusion"]);
  });
  it("cost: latency quantiles and cost per correct", () => {
    expect(chartsForResult(costResult).map((c) => c.key)).toEqual(["latency", "cost_per_correct"]);
  });
  it("comparison of two versions: side-by-side metric and overlaid ROC", () => {
    const cmp = { a: { ...binaryResult, label: "v3.2" }, b: { ...binaryResult, label: "v3.3" }, status: "warn" };
    expect(chartsForResult(cmp).map((c) => c.key)).toEqual(["metric:roc_auc", "roc"]);
  });
  it("chart cell with a metric: per feature bars sorted", () => {
    const cell = barsOfAll("drift", "psi", [["a", 0.1, "warn"], ["b", 0.3, "fail"]]);
    const [spec] = chartsForResult(cell);
    expect(spec!.key).toBe("metric:psi");
    expect((spec!.options.y as { domain: string[] }).domain).toEqual(["b", "a"]);
  });
  it("skew: charts the failing feature first and the normalised distance, never raw distances in mixed units", () => {
    const hist = () => ({ categories: ["x", "y"], baseline: [1, 2], current: [2, 1] });
    const skew = {
      plugin: "skew.training_serving",
      status: "fail",
      cohorts: [
        cohortAll("fail", 100, {}, [
          { column: "merchant_category", status: "pass", metrics: { distance: 0.01, normed: 0.01 }, details: { histogram: hist() } },
          { column: "txn_amount", status: "pass", metrics: { distance: 1560, normed: 0.02 }, details: { histogram: hist() } },
          { column: "txn_sum_30d", status: "fail", metrics: { distance: 5.5, normed: 0.83 }, details: { histogram: hist() } },
        ]),
      ],
    };
    const charts = chartsForResult(skew);
    expect(charts[0]!.title).toBe("normalised distance per feature");
    expect((charts[0]!.options.y as { domain: string[] }).domain[0]).toBe("txn_sum_30d");
    expect(charts.find((c) => c.key.startsWith("dist:"))!.key).toBe("dist:txn_sum_30d");
  });
  it("nothing to draw: no charts", () => {
    expect(chartsForResult(null)).toEqual([]);
    expect(chartsForResult({ plugin: "x.y", status: "n/a", cohorts: [] })).toEqual([]);
  });
});

describe("chart cells without a metric", () => {
  const cell = { sourceCellId: "quality", metric: null, column: null, mark: "bar", points: [], charts: binaryResult.cohorts.map((c) => ({ cohort: c.cohort, chart: c.chart })) };
  it("draw the source cell's primary chart when the source result is at hand", () => {
    expect(chartsForResult(cell, { source: binaryResult }).map((c) => c.key)).toEqual(["source:metric:roc_auc"]);
  });
  it("otherwise draw the evaluator's own charts for `all` only", () => {
    expect(chartsForResult(cell).map((c) => c.key)).toEqual(["all:roc", "all:pr", "all:calibration", "all:confusion"]);
  });
});

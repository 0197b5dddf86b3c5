import * as Plot from "@observablehq/plot";
import type { SpecOptions } from "./types";
import { BASE, CURRENT_COLOR, finite } from "./style";

export interface RocData {
  fpr: number[];
  tpr: number[];
}
export interface PrData {
  precision: number[];
  recall: number[];
}
export interface CalibrationData {
  prob_pred: number[];
  prob_true: number[];
  counts?: number[];
}

type Series = { series?: string };
export type CurveInput<T> = T | { label: string; data: T }[];

function many<T>(input: CurveInput<T>): { label: string; data: T }[] {
  return Array.isArray(input) ? input : [{ label: "", data: input }];
}

function zipPoints(xs: number[], ys: number[], series: string): { x: number; y: number; series: string }[] {
  const out: { x: number; y: number; series: string }[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) if (finite(xs[i]) && finite(ys[i])) out.push({ x: xs[i]!, y: ys[i]!, series });
  return out;
}

function square(opts: SpecOptions, label: string, xLabel: string, yLabel: string, points: (Series & { x: number; y: number })[], extra: Plot.Markish[], multi: boolean): Plot.PlotOptions {
  return {
    ...BASE,
    title: opts.title,
    ariaLabel: label,
    width: opts.width ?? 320,
    height: opts.height ?? 300,
    marginLeft: 44,
    marginBottom: 36,
    x: { domain: [0, 1], label: xLabel, grid: true },
    y: { domain: [0, 1], label: yLabel, grid: true },
    ...(multi ? { color: { legend: true } } : {}),
    marks: [
      ...extra,
      Plot.line(points, { x: "x", y: "y", z: "series", stroke: multi ? "series" : CURRENT_COLOR, strokeWidth: 2 }),
    ],
  };
}

/** ROC curve (fpr → tpr) with the chance diagonal. One curve, or one per cohort/side. */
export function rocSpec(input: CurveInput<RocData>, opts: SpecOptions = {}): Plot.PlotOptions {
  const all = many(input);
  const points = all.flatMap((s) => zipPoints(s.data.fpr, s.data.tpr, s.label));
  const diagonal = Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: "x", y: "y", stroke: "#d4d4d8", strokeDasharray: "4,3" });
  return square(opts, "ROC curve", "false positive rate", "true positive rate", points, [diagonal], all.length > 1);
}

/** Precision–recall curve (recall → precision). */
export function prSpec(input: CurveInput<PrData>, opts: SpecOptions = {}): Plot.PlotOptions {
  const all = many(input);
  const points = all.flatMap((s) => zipPoints(s.data.recall, s.data.precision, s.label));
  return square(opts, "Precision–recall", "recall", "precision", points, [], all.length > 1);
}

/** Calibration curve (mean predicted → observed frequency per bin) with the perfect-calibration diagonal. */
export function calibrationSpec(input: CurveInput<CalibrationData>, opts: SpecOptions = {}): Plot.PlotOptions {
  const all = many(input);
  const points = all.flatMap((s) => zipPoints(s.data.prob_pred, s.data.prob_true, s.label));
  const diagonal = Plot.line([{ x: 0, y: 0 }, { x: 1, y: 1 }], { x: "x", y: "y", stroke: "#d4d4d8", strokeDasharray: "4,3" });
  const spec = square(opts, "Calibration", "mean predicted probability", "observed frequency", points, [diagonal], all.length > 1);
  spec.marks!.push(Plot.dot(points, { x: "x", y: "y", fill: all.length > 1 ? "series" : CURRENT_COLOR, r: 3 }));
  return spec;
}

export interface ConfusionCell {
  actual: string;
  predicted: string;
  count: number;
  share: number;
}

export function confusionCells(matrix: number[][], labels?: string[]): ConfusionCell[] {
  const names = labels ?? (matrix.length === 2 ? ["0", "1"] : matrix.map((_, i) => String(i)));
  const total = matrix.flat().reduce((s, x) => s + (finite(x) ? x : 0), 0);
  const out: ConfusionCell[] = [];
  matrix.forEach((row, i) =>
    row.forEach((count, j) => out.push({ actual: names[i] ?? String(i), predicted: names[j] ?? String(j), count: finite(count) ? count : 0, share: total ? (finite(count) ? count : 0) / total : 0 })),
  );
  return out;
}

/** Confusion matrix as a heat map (rows actual, columns predicted) with the counts written in. */
export function confusionMatrixSpec(matrix: number[][], opts: SpecOptions & { labels?: string[] } = {}): Plot.PlotOptions {
  const cells = confusionCells(matrix, opts.labels);
  const names = [...new Set(cells.map((c) => c.actual))];
  const size = Math.max(200, Math.min(420, 70 * names.length + 80));
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? size,
    height: opts.height ?? size - 20,
    marginLeft: 60,
    marginBottom: 40,
    padding: 0.04,
    x: { domain: names, label: "predicted", axis: "bottom" },
    y: { domain: names, label: "actual" },
    color: { type: "linear", scheme: "blues", domain: [0, Math.max(1, ...cells.map((c) => c.count))] },
    marks: [
      Plot.cell(cells, { x: "predicted", y: "actual", fill: "count", inset: 0.5 }),
      ...[true, false].map((dark) =>
        Plot.text(
          cells.filter((c) => (c.share > 0.3) === dark),
          { x: "predicted", y: "actual", text: (d: ConfusionCell) => `${d.count.toLocaleString("en-US")}\n${(d.share * 100).toFixed(1)}%`, fill: dark ? "white" : "#18181b", fontSize: 11 },
        ),
      ),
    ],
  };
}

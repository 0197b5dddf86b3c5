/**
 * Confidence-based performance estimation (CBPE, as NannyML): with calibrated probabilities p_i
 * of the positive class, each row contributes its expected share of the confusion matrix, so
 * quality can be estimated for rows whose labels have not arrived.
 */
import { brier } from "./binary";
import { isotonicFit, isotonicTransform, type IsotonicModel } from "./isotonic";

export interface ExpectedConfusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Σ over rows of ŷ·p, ŷ·(1−p), (1−ŷ)·p, (1−ŷ)·(1−p). */
export function expectedConfusion(yhat: ArrayLike<number>, p: ArrayLike<number>): ExpectedConfusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < p.length; i++) {
    if (yhat[i]) {
      tp += p[i];
      fp += 1 - p[i];
    } else {
      fn += p[i];
      tn += 1 - p[i];
    }
  }
  return { tp, fp, fn, tn };
}

/**
 * Expected ROC AUC: the trapezoidal AUC over the model's own scores (descending distinct
 * thresholds), each row counting as a positive with weight p and a negative with weight 1 − p —
 * sklearn roc_auc_score on every row duplicated as (1, weight p) and (0, weight 1 − p).
 */
export function expectedRocAuc(scores: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let P = 0;
  for (let i = 0; i < n; i++) P += p[i];
  const N = n - P;
  if (!(P > 0) || !(N > 0)) return NaN;
  let tp = 0;
  let fp = 0;
  let prevT = 0;
  let prevF = 0;
  let area = 0;
  for (let k = 0; k < n; ) {
    const v = scores[order[k]];
    while (k < n && scores[order[k]] === v) {
      tp += p[order[k]];
      fp += 1 - p[order[k]];
      k++;
    }
    const t = tp / P;
    const f = fp / N;
    area += ((f - prevF) * (t + prevT)) / 2;
    prevT = t;
    prevF = f;
  }
  return area;
}

export interface CalibrationChoice {
  /** Isotonic map fitted on every reference row. */
  model: IsotonicModel;
  /** Whether the map is used: its cross-fitted Brier score beats the raw scores'. */
  calibrate: boolean;
  /** Brier score of the raw scores on reference (null when scores leave [0, 1]: they are no probabilities). */
  rawBrier: number | null;
  /** Brier score of out-of-fold isotonic predictions (fold of row i = i mod folds). */
  calibratedBrier: number;
}

/**
 * Fit isotonic calibration of `scores` to 0/1 `labels` and decide whether to use it: K-fold
 * cross-fitting (row i in fold i mod K; each fold calibrated by a map fitted on the others) and
 * use the map when its out-of-fold Brier score is lower than the raw scores' Brier score. Scores
 * outside [0, 1] are always calibrated.
 */
export function chooseCalibration(scores: Float64Array, labels: Uint8Array, folds: number): CalibrationChoice {
  const n = scores.length;
  const y = Float64Array.from(labels);
  const model = isotonicFit(scores, y);
  const held = new Float64Array(n);
  const k = Math.max(2, Math.min(folds, n));
  for (let f = 0; f < k; f++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = i % k === f ? 0 : 1;
    const m = isotonicFit(scores, y, w);
    for (let i = f; i < n; i += k) held[i] = isotonicTransform(m, [scores[i]])[0];
  }
  let inUnit = true;
  for (let i = 0; i < n; i++) if (!(scores[i] >= 0 && scores[i] <= 1)) inUnit = false;
  const calibratedBrier = brier(held, labels);
  const rawBrier = inUnit ? brier(scores, labels) : null;
  return { model, calibrate: rawBrier === null || calibratedBrier < rawBrier, rawBrier, calibratedBrier };
}

function stdOf(values: number[]): number {
  if (values.length === 0) return NaN;
  let m = 0;
  for (const v of values) m += v;
  m /= values.length;
  let s = 0;
  for (const v of values) s += (v - m) * (v - m);
  return Math.sqrt(s / values.length);
}

/**
 * Sampling-error components of accuracy, precision, recall and F1 on the labelled reference
 * (NannyML's): the population std of the per-row contribution and the share of rows that
 * contribute. The standard error on a window of n rows is std / √(share · n).
 *  accuracy: 1[ŷ = y] over all rows; precision: y over rows with ŷ = 1; recall: ŷ over rows with
 *  y = 1; F1: 1 for each TP, 0 for each FP and FN, over TP + FP + FN rows.
 */
export function binarySamplingComponents(y: Uint8Array, yhat: Uint8Array): Record<"accuracy" | "precision" | "recall" | "f1", { std: number; share: number }> {
  const acc: number[] = [];
  const prec: number[] = [];
  const rec: number[] = [];
  const f1: number[] = [];
  for (let i = 0; i < y.length; i++) {
    acc.push(y[i] === yhat[i] ? 1 : 0);
    if (yhat[i]) prec.push(y[i]);
    if (y[i]) rec.push(yhat[i]);
    if (y[i] || yhat[i]) f1.push(y[i] && yhat[i] ? 1 : 0);
  }
  const n = y.length || 1;
  return {
    accuracy: { std: stdOf(acc), share: 1 },
    precision: { std: stdOf(prec), share: prec.length / n },
    recall: { std: stdOf(rec), share: rec.length / n },
    f1: { std: stdOf(f1), share: f1.length / n },
  };
}

/** std / √(share · n): null when undefined (no contributing rows). */
export function componentError(c: { std: number; share: number }, n: number): number | null {
  const e = c.std / Math.sqrt(c.share * n);
  return Number.isFinite(e) ? e : null;
}

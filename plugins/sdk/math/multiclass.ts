/** Multiclass classification statistics (scikit-learn definitions). */
import { LOG_LOSS_EPS } from "./binary";

export interface PerClass {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Whether precision/recall were 0/0 (sklearn sets them to 0 with a warning). */
  precisionUndefined: boolean;
  recallUndefined: boolean;
}

/**
 * Per-class precision/recall/F1 over the labels present in y_true ∪ y_pred (sklearn's default
 * `labels`), sorted as sklearn sorts them (string order). 0/0 → 0 (sklearn zero_division="warn").
 */
export function perClassScores(yTrue: readonly string[], yPred: readonly string[]): PerClass[] {
  const labels = [...new Set([...yTrue, ...yPred])].sort();
  const idx = new Map(labels.map((l, i) => [l, i]));
  const tp = new Float64Array(labels.length);
  const predCount = new Float64Array(labels.length);
  const trueCount = new Float64Array(labels.length);
  for (let i = 0; i < yTrue.length; i++) {
    const t = idx.get(yTrue[i])!;
    const p = idx.get(yPred[i])!;
    trueCount[t]++;
    predCount[p]++;
    if (t === p) tp[t]++;
  }
  return labels.map((label, k) => {
    const precision = predCount[k] > 0 ? tp[k] / predCount[k] : 0;
    const recall = trueCount[k] > 0 ? tp[k] / trueCount[k] : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return {
      label,
      precision,
      recall,
      f1,
      support: trueCount[k],
      precisionUndefined: predCount[k] === 0,
      recallUndefined: trueCount[k] === 0,
    };
  });
}

export function macroF1(per: PerClass[]): number {
  if (per.length === 0) return NaN;
  return per.reduce((s, c) => s + c.f1, 0) / per.length;
}

export function weightedF1(per: PerClass[]): number {
  const total = per.reduce((s, c) => s + c.support, 0);
  if (total === 0) return NaN;
  return per.reduce((s, c) => s + c.f1 * c.support, 0) / total;
}

/**
 * sklearn log_loss for multiclass: each probability clipped to [eps, 1−eps], rows
 * renormalised, loss = −mean(log p_row[true class]). `probs[c]` is the column for classes[c].
 */
export function multiclassLogLoss(trueIndex: Int32Array, probs: Float64Array[]): number {
  const n = trueIndex.length;
  const hi = 1 - LOG_LOSS_EPS;
  let s = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let c = 0; c < probs.length; c++) {
      const p = probs[c][i];
      z += p < LOG_LOSS_EPS ? LOG_LOSS_EPS : p > hi ? hi : p;
    }
    let pt = probs[trueIndex[i]][i];
    pt = pt < LOG_LOSS_EPS ? LOG_LOSS_EPS : pt > hi ? hi : pt;
    s -= Math.log(pt / z);
  }
  return s / n;
}

/**
 * Slice statistics for weak-segment search: a slice's metric and its complement's in one pass
 * over rows pre-sorted by score, with standard errors for a z-test, and Benjamini–Hochberg.
 */
import { normalSf } from "./special";

export interface SliceEstimate {
  value: number;
  se: number;
  n: number;
}

/** Hanley & McNeil (1982) standard error of an AUC with p positives and q negatives. */
export function aucStandardError(auc: number, p: number, q: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  return Math.sqrt(Math.max((auc * (1 - auc) + (p - 1) * (q1 - auc * auc) + (q - 1) * (q2 - auc * auc)) / (p * q), 0));
}

/**
 * ROC AUC of the rows in the slice and of the rest, walking rows in ascending score order
 * (`order`, ties grouped by equal `score`). null when a side lacks positives or negatives.
 */
export function sliceAndRestAuc(order: Int32Array, score: Float64Array, y: Uint8Array, inSlice: Uint8Array): [SliceEstimate | null, SliceEstimate | null] {
  const sum = [0, 0];
  const negBelow = [0, 0];
  const pos = [0, 0];
  const neg = [0, 0];
  const gPos = [0, 0];
  const gNeg = [0, 0];
  let i = 0;
  while (i < order.length) {
    let j = i;
    const s = score[order[i]];
    gPos[0] = gPos[1] = gNeg[0] = gNeg[1] = 0;
    while (j < order.length && score[order[j]] === s) {
      const r = order[j];
      const side = inSlice[r] ? 0 : 1;
      if (y[r]) gPos[side]++;
      else gNeg[side]++;
      j++;
    }
    for (let k = 0; k < 2; k++) {
      sum[k] += gPos[k] * (negBelow[k] + 0.5 * gNeg[k]);
      negBelow[k] += gNeg[k];
      pos[k] += gPos[k];
      neg[k] += gNeg[k];
    }
    i = j;
  }
  return [0, 1].map((k) => {
    if (pos[k] === 0 || neg[k] === 0) return null;
    const auc = sum[k] / (pos[k] * neg[k]);
    return { value: auc, se: aucStandardError(auc, pos[k], neg[k]), n: pos[k] + neg[k] };
  }) as [SliceEstimate | null, SliceEstimate | null];
}

/** Mean of per-row values (accuracy: 0/1 correct; absolute error) in the slice and the rest, with SE = sd/√n. */
export function sliceAndRestMean(values: Float64Array, inSlice: Uint8Array): [SliceEstimate | null, SliceEstimate | null] {
  const n = [0, 0];
  const s = [0, 0];
  const s2 = [0, 0];
  for (let i = 0; i < values.length; i++) {
    const k = inSlice[i] ? 0 : 1;
    n[k]++;
    s[k] += values[i];
    s2[k] += values[i] * values[i];
  }
  return [0, 1].map((k) => {
    if (n[k] < 2) return null;
    const mean = s[k] / n[k];
    const variance = Math.max((s2[k] - n[k] * mean * mean) / (n[k] - 1), 0);
    return { value: mean, se: Math.sqrt(variance / n[k]), n: n[k] };
  }) as [SliceEstimate | null, SliceEstimate | null];
}

/** One-sided p-value that the slice is worse than the rest (z on the difference of independent estimates). */
export function worseThanRestPValue(slice: SliceEstimate, rest: SliceEstimate, higherIsBetter: boolean): number {
  const diff = higherIsBetter ? rest.value - slice.value : slice.value - rest.value;
  const se = Math.sqrt(slice.se ** 2 + rest.se ** 2);
  if (se === 0) return diff > 0 ? 0 : 1;
  return normalSf(diff / se);
}

/** Benjamini–Hochberg adjusted p-values (q-values), in the input order. */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const idx = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const q = new Array<number>(m);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    running = Math.min(running, (p[idx[r]] * m) / (r + 1));
    q[idx[r]] = running;
  }
  return q;
}

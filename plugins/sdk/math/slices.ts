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
 * ROC AUC of the rows in the slice, and of the rest reweighted to the slice's score
 * distribution over score bins (`bin`, e.g. global score deciles): rows of the rest in bin b
 * weigh (slice share of b) / (rest share of b). A slice cut on a feature that drives the score
 * has a narrow score range and so a lower AUC by construction; the reweighted rest has the
 * same narrowing, so only a real loss of ranking quality makes a gap. Rows are walked in
 * ascending score order (`order`, ties grouped, counted ½). SE: Hanley–McNeil with effective
 * sizes (Σw)²/Σw². null when a side lacks positives or negatives.
 */
export function sliceAndRestAuc(order: Int32Array, score: Float64Array, y: Uint8Array, inSlice: Uint8Array, bin?: Int32Array, bins = 0): [SliceEstimate | null, SliceEstimate | null] {
  let weight: Float64Array | null = null;
  if (bin && bins > 0) {
    const cs = new Float64Array(bins);
    const cr = new Float64Array(bins);
    let ns = 0;
    for (let i = 0; i < bin.length; i++)
      if (inSlice[i]) {
        cs[bin[i]]++;
        ns++;
      } else cr[bin[i]]++;
    const nr = bin.length - ns;
    weight = cs.map((c, b) => (cr[b] > 0 && ns > 0 ? c / ns / (cr[b] / nr) : 0));
  }
  const sum = [0, 0];
  const negBelow = [0, 0];
  const pos = [0, 0];
  const neg = [0, 0];
  const pos2 = [0, 0];
  const neg2 = [0, 0];
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
      const w = side === 1 && weight ? weight[bin![r]] : 1;
      if (y[r]) {
        gPos[side] += w;
        pos2[side] += w * w;
      } else {
        gNeg[side] += w;
        neg2[side] += w * w;
      }
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
  const n = [0, 0];
  for (let r = 0; r < inSlice.length; r++) n[inSlice[r] ? 0 : 1]++;
  return [0, 1].map((k) => {
    if (!(pos[k] > 0) || !(neg[k] > 0)) return null;
    const auc = sum[k] / (pos[k] * neg[k]);
    return { value: auc, se: aucStandardError(auc, (pos[k] * pos[k]) / pos2[k], (neg[k] * neg[k]) / neg2[k]), n: n[k] };
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

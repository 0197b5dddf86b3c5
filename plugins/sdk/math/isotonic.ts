/**
 * Isotonic regression (pool adjacent violators) with scikit-learn's IsotonicRegression semantics:
 * increasing, ties in x pooled first (weighted mean of y per distinct x), prediction by linear
 * interpolation between the fitted points, inputs outside the fitted range clipped
 * (out_of_bounds="clip").
 */

export interface IsotonicModel {
  /** Distinct x, ascending. */
  x: Float64Array;
  /** Fitted non-decreasing value at each x. */
  y: Float64Array;
}

/** Fit y ≈ f(x), f non-decreasing (PAV, O(n log n) for the sort then O(n)). Non-finite x or y are skipped. */
export function isotonicFit(x: ArrayLike<number>, y: ArrayLike<number>, weight?: ArrayLike<number>): IsotonicModel {
  if (x.length !== y.length) throw new Error("isotonicFit: x and y must have the same length");
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i]) && (!weight || weight[i] > 0)) keep.push(i);
  const order = Int32Array.from(keep).sort((a, b) => x[a] - x[b]);
  // pool ties in x: weighted mean of y per distinct x
  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const w = weight ? weight[i] : 1;
    const last = ux.length - 1;
    if (last >= 0 && ux[last] === x[i]) {
      uy[last] += w * y[i];
      uw[last] += w;
    } else {
      ux.push(x[i]);
      uy.push(w * y[i]);
      uw.push(w);
    }
  }
  for (let k = 0; k < ux.length; k++) uy[k] /= uw[k];
  // PAV over blocks: mean, weight and the count of distinct x each block covers
  const m = ux.length;
  const bMean = new Float64Array(m);
  const bW = new Float64Array(m);
  const bLen = new Int32Array(m);
  let top = -1;
  for (let k = 0; k < m; k++) {
    top++;
    bMean[top] = uy[k];
    bW[top] = uw[k];
    bLen[top] = 1;
    while (top > 0 && bMean[top - 1] >= bMean[top]) {
      const w = bW[top - 1] + bW[top];
      bMean[top - 1] = (bMean[top - 1] * bW[top - 1] + bMean[top] * bW[top]) / w;
      bW[top - 1] = w;
      bLen[top - 1] += bLen[top];
      top--;
    }
  }
  const fitted = new Float64Array(m);
  for (let b = 0, k = 0; b <= top; b++) for (let j = 0; j < bLen[b]; j++) fitted[k++] = bMean[b];
  return { x: Float64Array.from(ux), y: fitted };
}

/** f(v): linear interpolation between fitted points, clipped to the fitted range; NaN for NaN input or an empty model. */
export function isotonicPredict(model: IsotonicModel, v: number): number {
  const { x, y } = model;
  const n = x.length;
  if (n === 0 || v !== v) return NaN;
  if (v <= x[0]) return y[0];
  if (v >= x[n - 1]) return y[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= v) lo = mid;
    else hi = mid;
  }
  const t = (v - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

/** isotonicPredict over a column. */
export function isotonicTransform(model: IsotonicModel, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = isotonicPredict(model, values[i]);
  return out;
}

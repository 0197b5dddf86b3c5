/** Regression statistics (scikit-learn definitions); residual = prediction − label. */
import { quantileSorted } from "./describe";
import { sortFiniteInPlace } from "./sort";

export const MAPE_EPS = 2.220446049250313e-16;

export interface RegressionStats {
  mae: number;
  rmse: number;
  mape: number;
  r2: number;
  meanError: number;
  residualQuantiles: Record<string, number>;
}

/**
 * mae = mean|y−ŷ|; rmse = sqrt(mean (y−ŷ)²); mape = mean(|y−ŷ| / max(|y|, eps)) (a fraction,
 * as sklearn); r2 = 1 − SS_res/SS_tot (sklearn: constant y → 1 if perfect else 0);
 * mean_error = mean(ŷ − y); residual quantiles of ŷ − y (numpy 'linear').
 */
export function regressionStats(y: Float64Array, yhat: Float64Array, qs: readonly number[]): RegressionStats {
  const n = y.length;
  let abs = 0;
  let sq = 0;
  let ape = 0;
  let err = 0;
  let ysum = 0;
  for (let i = 0; i < n; i++) {
    const r = yhat[i] - y[i];
    abs += Math.abs(r);
    sq += r * r;
    ape += Math.abs(r) / Math.max(Math.abs(y[i]), MAPE_EPS);
    err += r;
    ysum += y[i];
  }
  const ymean = ysum / n;
  let sst = 0;
  for (let i = 0; i < n; i++) sst += (y[i] - ymean) * (y[i] - ymean);
  const r2 = sst === 0 ? (sq === 0 ? 1 : 0) : 1 - sq / sst;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = yhat[i] - y[i];
  sortFiniteInPlace(res);
  const residualQuantiles: Record<string, number> = {};
  for (const q of qs) residualQuantiles[`residual_p${Math.round(q * 100)}`] = quantileSorted(res, q);
  return { mae: abs / n, rmse: Math.sqrt(sq / n), mape: ape / n, r2, meanError: err / n, residualQuantiles };
}

export interface RegressionExtras {
  /** mean(2|ŷ − y| / (|y| + |ŷ|)), a pair with y = ŷ = 0 counting 0. */
  smape: number;
  /** Σ|ŷ − y| / Σ|y| (weighted MAPE); NaN when Σ|y| = 0. */
  wape: number;
  /** sklearn mean_pinball_loss(y, ŷ, alpha). */
  pinball: number;
  /** Rows split into `bins` equal-count groups by prediction (ascending): upper prediction edge, n, mae, mean error per group. */
  byDecile: { upper: number[]; n: number[]; mae: number[]; meanError: number[] };
}

export function regressionExtras(y: Float64Array, yhat: Float64Array, alpha: number, bins = 10): RegressionExtras {
  const n = y.length;
  let s = 0;
  let absErr = 0;
  let absY = 0;
  let pin = 0;
  for (let i = 0; i < n; i++) {
    const r = yhat[i] - y[i];
    const d = Math.abs(y[i]) + Math.abs(yhat[i]);
    if (d > 0) s += (2 * Math.abs(r)) / d;
    absErr += Math.abs(r);
    absY += Math.abs(y[i]);
    const diff = y[i] - yhat[i];
    pin += diff >= 0 ? alpha * diff : (alpha - 1) * diff;
  }
  const order = Int32Array.from(yhat.keys()).sort((a, b) => yhat[a] - yhat[b] || a - b);
  const byDecile = { upper: [] as number[], n: [] as number[], mae: [] as number[], meanError: [] as number[] };
  for (let b = 0; b < bins; b++) {
    const lo = Math.floor((b * n) / bins);
    const hi = Math.floor(((b + 1) * n) / bins);
    if (hi <= lo) continue;
    let a = 0;
    let e = 0;
    for (let k = lo; k < hi; k++) {
      const r = yhat[order[k]] - y[order[k]];
      a += Math.abs(r);
      e += r;
    }
    byDecile.upper.push(yhat[order[hi - 1]]);
    byDecile.n.push(hi - lo);
    byDecile.mae.push(a / (hi - lo));
    byDecile.meanError.push(e / (hi - lo));
  }
  return { smape: s / n, wape: absY > 0 ? absErr / absY : NaN, pinball: pin / n, byDecile };
}

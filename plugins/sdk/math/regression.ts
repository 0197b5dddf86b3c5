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

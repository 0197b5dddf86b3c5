/** Pearson's chi-square goodness of fit (scipy.stats.chisquare), and a two-proportion z-test. */
import { chi2Sf, normalCdf } from "./special";

/**
 * statistic = Σ (obs − exp)² / exp, p = chi2.sf(statistic, k − 1 − ddof).
 * An expected count of 0 with an observed count > 0 gives statistic = +∞, p = 0 (as scipy).
 */
export function chisquare(observed: ArrayLike<number>, expected: ArrayLike<number>, ddof = 0): { statistic: number; pValue: number; df: number } {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const o = observed[i];
    const e = expected[i];
    if (e === 0) {
      if (o !== 0) stat = Infinity;
      continue;
    }
    stat += ((o - e) * (o - e)) / e;
  }
  const df = observed.length - 1 - ddof;
  const pValue = df <= 0 ? NaN : stat === Infinity ? 0 : chi2Sf(stat, df);
  return { statistic: stat, pValue, df };
}

/**
 * Two-proportion z-test as Evidently's z_stat_test: z = (p1 − p2) / sqrt(P(1−P)(1/n1 + 1/n2)),
 * P the pooled proportion; p = 2 · (1 − Φ(|z|)).
 */
export function proportionsZTest(x1: number, n1: number, x2: number, n2: number): { statistic: number; pValue: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const P = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(P * (1 - P) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

/** Fisher's exact test on a 2×2 table, as scipy.stats.fisher_exact(table) (two-sided). */

export interface FisherResult {
  /** Sample odds ratio (a·d)/(b·c); Infinity when b·c = 0 < a·d, NaN when a row or column is empty. */
  oddsRatio: number;
  pValue: number;
}

/**
 * table = [[a, b], [c, d]]. Two-sided p-value: the hypergeometric probability (rows and
 * columns fixed) of every table at most as likely as the observed one (relative tolerance
 * 1e-14, scipy's gamma). Probabilities are walked outward from the mode as ratios, so the
 * work is linear in the table total and nothing underflows before it no longer matters.
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): FisherResult {
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) return { oddsRatio: NaN, pValue: 1 };
  const oddsRatio = c > 0 && b > 0 ? (a * d) / (c * b) : Infinity;
  const n1 = a + b;
  const n2 = c + d;
  const n = a + c;
  const total = n1 + n2;
  const lo = Math.max(0, n - n2);
  const hi = Math.min(n, n1);
  // pmf(x + 1) / pmf(x) for hypergeom(total, n1, n)
  const ratioUp = (x: number) => ((n1 - x) * (n - x)) / ((x + 1) * (n2 - n + x + 1));
  const mode = Math.floor(((n + 1) * (n1 + 1)) / (total + 2));
  const w = new Float64Array(hi - lo + 1);
  w[mode - lo] = 1;
  for (let x = mode; x < hi; x++) w[x + 1 - lo] = w[x - lo] * ratioUp(x);
  for (let x = mode; x > lo; x--) w[x - 1 - lo] = w[x - lo] / ratioUp(x - 1);
  let sumAll = 0;
  for (let i = 0; i < w.length; i++) sumAll += w[i];
  const wObs = w[a - lo];
  if (Math.abs(wObs - 1) / Math.max(wObs, 1) <= 1e-14) return { oddsRatio, pValue: 1 };
  const limit = wObs * (1 + 1e-14);
  let tail = 0;
  for (let i = 0; i < w.length; i++) if (w[i] <= limit) tail += w[i];
  return { oddsRatio, pValue: Math.min(tail / sumAll, 1) };
}

/** Descriptive statistics over finite values (NaN skipped). */

/** Quantile of sorted data, numpy's default method 'linear': index q·(n−1), numpy's lerp. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const idx = q * (n - 1);
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, n - 1);
  const t = idx - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  // numpy._lerp: a + diff*t, but b - diff*(1-t) when t ≥ 0.5
  const r = t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  return a === b ? a : r;
}

/** Kahan–Babuska (Neumaier) summation of finite values. */
export function sum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  return s + c;
}

/** Mean and population variance (ddof=0) by a two-pass algorithm; NaN skipped. */
export function meanVar(values: ArrayLike<number>): { n: number; mean: number; variance: number } {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === 0) return { n: 0, mean: NaN, variance: NaN };
  const mean = sum(values) / n;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    const d = v - mean;
    ss += d * d;
    comp += d;
  }
  return { n, mean, variance: (ss - (comp * comp) / n) / n };
}

/** Population standard deviation (numpy.std, ddof=0). */
export function stdPopulation(values: ArrayLike<number>): number {
  return Math.sqrt(Math.max(0, meanVar(values).variance));
}

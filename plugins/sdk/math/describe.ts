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
  if (values instanceof Float64Array) {
    let finite = true;
    for (let i = 0; i < values.length && finite; i++) if (!Number.isFinite(values[i])) finite = false;
    if (finite) return Math.sqrt(meanVarFinite(values).variance);
  }
  return Math.sqrt(Math.max(0, meanVar(values).variance));
}

/**
 * numpy's pairwise summation (blocks of 128 with 8 accumulators) over a[start, start+n):
 * the same rounding as numpy.sum on contiguous float64 data.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let s = -0;
    for (let i = start; i < start + n; i++) s += a[i];
    return s;
  }
  if (n <= 128) {
    let r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3];
    let r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const k = start + i;
      r0 += a[k];
      r1 += a[k + 1];
      r2 += a[k + 2];
      r3 += a[k + 3];
      r4 += a[k + 4];
      r5 += a[k + 5];
      r6 += a[k + 6];
      r7 += a[k + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/** Mean and population variance of finite values (no NaN), as numpy.mean / numpy.var compute them. */
export function meanVarFinite(a: Float64Array): { n: number; mean: number; variance: number } {
  const n = a.length;
  if (n === 0) return { n: 0, mean: NaN, variance: NaN };
  const mean = pairwiseSum(a, 0, n) / n;
  const BLOCK = 1 << 14;
  const sq = new Float64Array(Math.min(n, BLOCK));
  // numpy: x = a − mean; sum(x·x) pairwise. Done in blocks aligned to the pairwise split.
  let total = 0;
  if (n <= BLOCK) {
    for (let i = 0; i < n; i++) {
      const d = a[i] - mean;
      sq[i] = d * d;
    }
    total = pairwiseSum(sq, 0, n);
  } else {
    total = sqDevPairwise(a, 0, n, mean, sq);
  }
  return { n, mean, variance: total / n };
}

function sqDevPairwise(a: Float64Array, start: number, n: number, mean: number, buf: Float64Array): number {
  if (n <= buf.length) {
    for (let i = 0; i < n; i++) {
      const d = a[start + i] - mean;
      buf[i] = d * d;
    }
    return pairwiseSum(buf, 0, n);
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return sqDevPairwise(a, start, n2, mean, buf) + sqDevPairwise(a, start + n2, n - n2, mean, buf);
}

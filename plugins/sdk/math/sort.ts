/**
 * Sorting numeric columns once and reusing the result across statistics.
 *
 * `sortedFinite(values)` returns the finite values in ascending order (NaN and ±Infinity
 * removed and counted). Results are cached per Float64Array (WeakMap), so KS, Wasserstein,
 * PSI and quantiles on the same column share one sort. A host may sort in parallel
 * (e.g. worker threads) and hand the result in with `primeSorted`.
 */

export interface SortedColumn {
  /** Finite values, ascending. */
  sorted: Float64Array;
  /** Count of NaN (missing). */
  missing: number;
  posInf: number;
  negInf: number;
}

const cache = new WeakMap<Float64Array, SortedColumn>();

/**
 * Sort finite doubles ascending in place: equal-width bucket scatter followed by
 * per-bucket insertion sort (small buckets), recursion (large spread) or native sort.
 * Self-contained (no closures over module state) so it can be shipped to worker threads.
 */
export function sortFiniteInPlace(a: Float64Array, tmp?: Float64Array): void {
  const n = a.length;
  if (n < 2) return;
  if (n <= 64) {
    for (let i = 1; i < n; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= 0 && a[j] > v) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return;
  }
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < mn) mn = v;
    if (v > mx) mx = v;
  }
  if (!(mx > mn)) return; // all equal
  const range = mx - mn;
  if (!Number.isFinite(range)) {
    a.sort();
    return;
  }
  const B = Math.max(2, Math.min(1 << 18, n >>> 3));
  const scale = B / range;
  const ids = new Uint32Array(n);
  const start = new Uint32Array(B + 1);
  for (let i = 0; i < n; i++) {
    let k = ((a[i] - mn) * scale) | 0;
    if (k >= B) k = B - 1;
    ids[i] = k;
    start[k + 1]++;
  }
  for (let k = 0; k < B; k++) start[k + 1] += start[k];
  const out = tmp && tmp.length >= n ? tmp.subarray(0, n) : new Float64Array(n);
  const pos = start.slice(0, B);
  for (let i = 0; i < n; i++) out[pos[ids[i]]++] = a[i];
  for (let k = 0; k < B; k++) {
    const s = start[k];
    const e = start[k + 1];
    const m = e - s;
    if (m < 2) continue;
    if (m <= 48) {
      for (let i = s + 1; i < e; i++) {
        const v = out[i];
        let j = i - 1;
        while (j >= s && out[j] > v) {
          out[j + 1] = out[j];
          j--;
        }
        out[j + 1] = v;
      }
    } else if (m > 4096 && m * 8 > n / B) {
      // A crowded bucket (skewed data): bucket it again on its own range.
      sortFiniteInPlace(out.subarray(s, e));
    } else {
      out.subarray(s, e).sort();
    }
  }
  a.set(out);
}

/**
 * Finite values of `values` sorted ascending into a new array, plus the counts of NaN and
 * ±Infinity — one min/max pass, one bucket pass, one scatter straight from the input.
 * Self-contained (calls only sortFiniteInPlace, which the worker bundles alongside).
 */
export function sortFiniteFrom(values: Float64Array, alloc?: (n: number) => Float64Array): SortedColumn {
  const n = values.length;
  let mn = Infinity;
  let mx = -Infinity;
  let missing = 0;
  let posInf = 0;
  let negInf = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) missing++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else {
      if (v < mn) mn = v;
      if (v > mx) mx = v;
    }
  }
  const finite = n - missing - posInf - negInf;
  const out = alloc ? alloc(finite) : new Float64Array(finite);
  const range = mx - mn;
  if (finite <= 64 || !(mx > mn) || !Number.isFinite(range)) {
    if (finite === n) out.set(values);
    else {
      let j = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === v && v !== Infinity && v !== -Infinity) out[j++] = v;
      }
    }
    sortFiniteInPlace(out);
    return { sorted: out, missing, posInf, negInf };
  }
  const B = Math.max(2, Math.min(1 << 18, finite >>> 3));
  const scale = B / range;
  const ids = new Uint32Array(n);
  const start = new Uint32Array(B + 1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v && v !== Infinity && v !== -Infinity) {
      let k = ((v - mn) * scale) | 0;
      if (k >= B) k = B - 1;
      ids[i] = k;
      start[k + 1]++;
    } else ids[i] = 0xffffffff;
  }
  for (let k = 0; k < B; k++) start[k + 1] += start[k];
  const pos = start.slice(0, B);
  for (let i = 0; i < n; i++) {
    const k = ids[i];
    if (k !== 0xffffffff) out[pos[k]++] = values[i];
  }
  for (let k = 0; k < B; k++) {
    const s = start[k];
    const e = start[k + 1];
    const m = e - s;
    if (m < 2) continue;
    if (m <= 48) {
      for (let i = s + 1; i < e; i++) {
        const v = out[i];
        let j = i - 1;
        while (j >= s && out[j] > v) {
          out[j + 1] = out[j];
          j--;
        }
        out[j + 1] = v;
      }
    } else sortFiniteInPlace(out.subarray(s, e));
  }
  return { sorted: out, missing, posInf, negInf };
}

/** Copy the finite values of `values` (dropping NaN/±Infinity) and count the others. */
export function finiteCopy(values: Float64Array): SortedColumn {
  let missing = 0;
  let posInf = 0;
  let negInf = 0;
  let finite = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) missing++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else finite++;
  }
  const out = new Float64Array(finite);
  if (finite === values.length) out.set(values);
  else {
    let j = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === v && v !== Infinity && v !== -Infinity) out[j++] = v;
    }
  }
  return { sorted: out, missing, posInf, negInf };
}

/** Finite values of a column in ascending order, cached per array. */
export function sortedFinite(values: Float64Array): SortedColumn {
  const hit = cache.get(values);
  if (hit) return hit;
  const r = sortFiniteFrom(values);
  cache.set(values, r);
  return r;
}

/** Hand in a sort computed elsewhere (e.g. on a worker thread). Trusted: must be correct. */
export function primeSorted(values: Float64Array, sorted: SortedColumn): void {
  cache.set(values, sorted);
}

export function hasSorted(values: Float64Array): boolean {
  return cache.has(values);
}

/** Number of elements ≤ x in a sorted array (numpy searchsorted side='right'). */
export function upperBound(sorted: Float64Array, x: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of elements < x in a sorted array (numpy searchsorted side='left'). */
export function lowerBound(sorted: Float64Array, x: number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorting numeric columns once and reusing the result across statistics.
 *
 * `sortedFinite(values)` returns the finite values in ascending order (NaN and ±Infinity
 * removed and counted), sorted by an LSD radix sort on the IEEE-754 bit pattern. Results are cached per Float64Array (WeakMap), so KS, Wasserstein,
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
 * Sort doubles ascending in place: an LSD radix sort on the IEEE-754 bit pattern (six passes of
 * 11-bit digits over the 64 bits, all six histograms counted in one read pass; a pass is skipped
 * when every value shares its digit, e.g. the top one for data of one sign and a narrow exponent
 * range). Sorting the raw patterns as unsigned integers orders the non-negative values, then the
 * negative ones by magnitude; the last pass therefore writes the buckets of negative values
 * first, in descending digit order, each filled from its end — so the negatives come out
 * reversed (numeric order), -0 just before +0, ±Infinity at the ends, with no pass of its own.
 * NaNs (any payload, either sign) go to the end, like TypedArray.prototype.sort; `noNaN` (the
 * caller knows there are none) skips looking for them. Up to 64 elements: insertion sort. `tmp`,
 * when given and long enough, is the scratch buffer (else one is allocated). Self-contained (no
 * closures over module state) so it can be shipped to worker threads as source.
 */
export function sortFiniteInPlace(a: Float64Array, tmp?: Float64Array, noNaN = false): void {
  const len = a.length;
  if (len < 2) return;
  // NaNs to the end first (stable for the others); n = number of non-NaN values.
  let n = noNaN ? len : 0;
  while (n < len && a[n] === a[n]) n++; // read-only up to the first NaN
  if (n < len) {
    for (let i = n + 1; i < len; i++) {
      const v = a[i];
      if (v === v) a[n++] = v;
    }
    for (let i = n; i < len; i++) a[i] = NaN;
  }
  if (n < 2) return;
  if (n <= 64) {
    for (let i = 1; i < n; i++) {
      const v = a[i];
      let j = i - 1;
      while (j >= 0 && (a[j] > v || (a[j] === v && v === 0 && 1 / a[j] > 1 / v))) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
    return;
  }
  const data = a.subarray(0, n);
  const buf = tmp && tmp.length >= n ? tmp.subarray(0, n) : new Float64Array(n);
  // Digits are read through little-endian word views (every platform Node runs on): [2i] holds
  // the low 32 bits, [2i + 1] the high ones; values move as whole doubles.
  const hist = new Uint32Array(6 * 2048);
  const w0 = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = w0[2 * i];
    const hi = w0[2 * i + 1];
    hist[lo & 2047]++;
    hist[2048 + ((lo >>> 11) & 2047)]++;
    hist[4096 + ((lo >>> 22) | ((hi & 1) << 10))]++;
    hist[6144 + ((hi >>> 1) & 2047)]++;
    hist[8192 + ((hi >>> 12) & 2047)]++;
    hist[10240 + (hi >>> 23)]++;
  }
  // Passes to run: those whose digit is not shared by every value.
  const passes: number[] = [];
  for (let p = 0; p < 6; p++) {
    let shared = false;
    for (let d = p * 2048; d < p * 2048 + 2048; d++) {
      const c = hist[d];
      if (c === n) shared = true;
      if (c !== 0) break;
    }
    if (!shared) passes.push(p);
  }
  // Unsigned order of the bit patterns is ascending for non-negative values, then the negative
  // ones (sign bit set) by ascending magnitude, -0 first. The last pass writes numeric order
  // directly: buckets of negative values first, in descending digit order, each filled from its
  // end (so -0 lands just before +0). When the top digit is shared by all (one sign), no bucket
  // holds both signs and all-negative data fills every bucket that way.
  const topShared = passes.length === 0 || passes[passes.length - 1] !== 5;
  let allNegative = false;
  if (topShared) for (let d = 10240 + 256; d < 10240 + 512; d++) if (hist[d] === n) allNegative = true;
  const off = new Int32Array(2048);
  const step = new Int32Array(2048);
  let src = data;
  let dst = buf;
  for (let q = 0; q < passes.length; q++) {
    const p = passes[q];
    const base = p * 2048;
    const reversing = q === passes.length - 1 && !(topShared && !allNegative);
    if (!reversing) {
      let sum = 0;
      for (let d = 0; d < 2048; d++) {
        off[d] = sum;
        sum += hist[base + d];
      }
    } else {
      // reversed buckets: negative digits (p = 5, the top 9 bits: 256…511; all-negative data: every digit), highest first
      const firstNeg = p === 5 ? 256 : 0;
      let sum = 0;
      for (let d = 2047; d >= firstNeg; d--) {
        sum += hist[base + d];
        off[d] = sum - 1;
        step[d] = -1;
      }
      for (let d = 0; d < firstNeg; d++) {
        off[d] = sum;
        step[d] = 1;
        sum += hist[base + d];
      }
    }
    const words = new Uint32Array(src.buffer, src.byteOffset, 2 * n);
    // digit from one word: the low word for passes 0–1, the high one (bits 33…63) for 3–5; pass 2 spans both
    const w = p < 2 ? 0 : 1;
    const shift = p === 0 ? 0 : p === 1 ? 11 : p === 3 ? 1 : p === 4 ? 12 : 23;
    if (p === 2) {
      if (reversing) {
        for (let i = 0; i < n; i++) {
          const d = (words[2 * i] >>> 22) | ((words[2 * i + 1] & 1) << 10);
          const k = off[d];
          off[d] = k + step[d];
          dst[k] = src[i];
        }
      } else for (let i = 0; i < n; i++) dst[off[(words[2 * i] >>> 22) | ((words[2 * i + 1] & 1) << 10)]++] = src[i];
    } else if (reversing) {
      for (let i = 0; i < n; i++) {
        const d = (words[2 * i + w] >>> shift) & 2047;
        const k = off[d];
        off[d] = k + step[d];
        dst[k] = src[i];
      }
    } else for (let i = 0; i < n; i++) dst[off[(words[2 * i + w] >>> shift) & 2047]++] = src[i];
    const t = src;
    src = dst;
    dst = t;
  }
  if (src !== data) data.set(src);
}

/**
 * Finite values of `values` sorted ascending into a new array, plus the counts of NaN and
 * ±Infinity — one counting pass, one copy of the finite values, one radix sort (`alloc` makes
 * the output array, `tmp` is the sort's scratch buffer when long enough).
 * Self-contained (calls only sortFiniteInPlace, which the worker bundles alongside).
 */
export function sortFiniteFrom(values: Float64Array, alloc?: (n: number) => Float64Array, tmp?: Float64Array): SortedColumn {
  const n = values.length;
  let missing = 0;
  let posInf = 0;
  let negInf = 0;
  // one test per value (v − v is 0 only for finite v); the kinds are told apart only when some are not finite
  let nonFinite = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) nonFinite++;
  }
  if (nonFinite > 0) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== v) missing++;
      else if (v === Infinity) posInf++;
      else if (v === -Infinity) negInf++;
    }
  }
  const finite = n - missing - posInf - negInf;
  const out = alloc ? alloc(finite) : new Float64Array(finite);
  if (finite === n) out.set(values);
  else {
    let j = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === v && v !== Infinity && v !== -Infinity) out[j++] = v;
    }
  }
  sortFiniteInPlace(out, tmp, true);
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

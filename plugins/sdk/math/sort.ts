/**
 * Sorting numeric columns once and reusing the result across statistics.
 *
 * `sortedFinite(values)` returns the finite values in ascending order (NaN and ±Infinity
 * removed and counted), sorted by a radix sort on the IEEE-754 bit pattern. Results are cached per Float64Array (WeakMap), so KS, Wasserstein,
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
 * Sort doubles ascending in place: a most-significant-digit radix sort on the IEEE-754 bit
 * pattern. The first pass splits the whole array by the sign and the 15 bits below the highest
 * bit that varies (bits every value shares are skipped); each bucket is then sorted while it
 * sits in cache — by the next 3–11 bits (fewer for small buckets) and so on down, insertion sort
 * up to 24 values, and a bucket whose remaining bits are all equal is done. An LSD sort moved
 * the whole 8 MB of a 1M column six times; this one moves it once, then works in cache (~15%
 * less CPU on the bench's 1M columns, warm). Buckets of negative values are laid out in
 * descending digit order (larger magnitude first), so -0 lands just before +0 and the order is
 * numeric.
 * NaNs (any payload, either sign) go to the end, like TypedArray.prototype.sort; `noNaN` (the
 * caller knows there are none) skips looking for them. Up to 64 elements: insertion sort. `tmp`,
 * when given and long enough, is the scratch buffer (else one is allocated).
 *
 * `makeSortFiniteInPlace` builds the function with its helpers and count buffers created once:
 * helpers made anew on every call made V8 drop the optimized code of each sort ("wrong call
 * target") and run the next 1M-value loops interpreted again. Self-contained (no references to
 * module state) so worker threads build their copy from its source.
 */
export function makeSortFiniteInPlace() {
  const ROOT_BITS = 16; // first pass: the sign and 15 bits (65,536 buckets)
  const BITS = 11; // later passes: at most 11 bits
  const LEAF = 24; // insertion sort up to this many
  const clz = Math.clz32;
  // counts and running offsets per depth (a bucket's children use the next depth's)
  const cnts: Int32Array[] = [];
  const offs: Int32Array[] = [];

  /** Highest bit (0…63; of the high word, only those in `hiMask`) in which the values of [lo, hi) differ; -1 when all are equal. */
  const topVarying = (w: Uint32Array, lo: number, hi: number, hiMask: number): number => {
    const l0 = w[2 * lo];
    const h0 = w[2 * lo + 1];
    let mh = 0;
    let ml = 0;
    for (let i = lo + 1; i < hi; i++) {
      mh |= w[2 * i + 1] ^ h0;
      ml |= w[2 * i] ^ l0;
    }
    mh &= hiMask;
    // Both counts on every call and one test (31 − clz32(0) is −1: all equal): a test or call
    // reached only when the high words agree had no type feedback in code compiled earlier, and
    // that code went back to the interpreter on every such bucket, hundreds of times a run.
    const hiBit = 63 - clz(mh);
    const loBit = 31 - clz(ml);
    return mh !== 0 ? hiBit : loBit;
  };
  /**
   * The first pass over values of both signs, digit = (sign << sub) | the `sub` bits up to `top`:
   * counts into `cnt`, or (cnt null) moves S into D by the running offsets `off`.
   */
  const signedDigits = (w: Uint32Array, n: number, top: number, sub: number, cnt: Int32Array | null, S: Float64Array | null, D: Float64Array | null, off: Int32Array | null) => {
    const low = top - sub + 1;
    const mask = (1 << sub) - 1;
    if (cnt) {
      if (low >= 32) {
        const s = low - 32;
        for (let i = 0; i < n; i++) {
          const h = w[2 * i + 1];
          cnt[((h >>> 31) << sub) | ((h >>> s) & mask)]++;
        }
      } else if (top < 32) {
        for (let i = 0; i < n; i++) cnt[((w[2 * i + 1] >>> 31) << sub) | ((w[2 * i] >>> low) & mask)]++;
      } else {
        const s = 32 - low;
        for (let i = 0; i < n; i++) {
          const h = w[2 * i + 1];
          cnt[((h >>> 31) << sub) | (((h << s) | (w[2 * i] >>> low)) & mask)]++;
        }
      }
      return;
    }
    const src = S as Float64Array;
    const dst = D as Float64Array;
    const o = off as Int32Array;
    if (low >= 32) {
      const s = low - 32;
      for (let i = 0; i < n; i++) {
        const h = w[2 * i + 1];
        dst[o[((h >>> 31) << sub) | ((h >>> s) & mask)]++] = src[i];
      }
    } else if (top < 32) {
      for (let i = 0; i < n; i++) dst[o[((w[2 * i + 1] >>> 31) << sub) | ((w[2 * i] >>> low) & mask)]++] = src[i];
    } else {
      const s = 32 - low;
      for (let i = 0; i < n; i++) {
        const h = w[2 * i + 1];
        dst[o[((h >>> 31) << sub) | (((h << s) | (w[2 * i] >>> low)) & mask)]++] = src[i];
      }
    }
  };
  /** Insertion sort of S[lo, hi) into T (S itself or the other buffer); the values share a sign. */
  const insertion = (S: Float64Array, T: Float64Array, lo: number, hi: number) => {
    if (T !== S) T[lo] = S[lo];
    for (let i = lo + 1; i < hi; i++) {
      const v = S[i];
      let j = i - 1;
      while (j >= lo && T[j] > v) {
        T[j + 1] = T[j];
        j--;
      }
      T[j + 1] = v;
    }
  };
  // The digit of `width` bits whose highest bit is `top`: within the high word, the low word, or across both.
  const count = (w: Uint32Array, lo: number, hi: number, top: number, width: number, cnt: Int32Array) => {
    const low = top - width + 1;
    const mask = (1 << width) - 1;
    if (low >= 32) {
      const s = low - 32;
      for (let i = lo; i < hi; i++) cnt[(w[2 * i + 1] >>> s) & mask]++;
    } else if (top < 32) {
      for (let i = lo; i < hi; i++) cnt[(w[2 * i] >>> low) & mask]++;
    } else {
      const s = 32 - low;
      for (let i = lo; i < hi; i++) cnt[((w[2 * i + 1] << s) | (w[2 * i] >>> low)) & mask]++;
    }
  };
  const scatter = (S: Float64Array, w: Uint32Array, D: Float64Array, lo: number, hi: number, top: number, width: number, off: Int32Array) => {
    const low = top - width + 1;
    const mask = (1 << width) - 1;
    if (low >= 32) {
      const s = low - 32;
      for (let i = lo; i < hi; i++) D[off[(w[2 * i + 1] >>> s) & mask]++] = S[i];
    } else if (top < 32) {
      for (let i = lo; i < hi; i++) D[off[(w[2 * i] >>> low) & mask]++] = S[i];
    } else {
      const s = 32 - low;
      for (let i = lo; i < hi; i++) D[off[((w[2 * i + 1] << s) | (w[2 * i] >>> low)) & mask]++] = S[i];
    }
  };
  /**
   * Sort A[lo, hi) — values of one sign (`desc`: negative) that share every bit above `top` —
   * into A (`toA`) or B; B is the scratch space for the same range.
   */
  const sortRange = (A: Float64Array, wA: Uint32Array, B: Float64Array, wB: Uint32Array, lo: number, hi: number, top: number, desc: boolean, toA: boolean, depth: number, maxWidth: number): void => {
    const size = hi - lo;
    if (size <= LEAF) return insertion(A, toA ? A : B, lo, hi);
    const width = Math.min(maxWidth, top + 1, Math.max(3, 30 - clz(size)));
    if (!cnts[depth] || cnts[depth].length < 1 << maxWidth) {
      cnts[depth] = new Int32Array(1 << maxWidth);
      offs[depth] = new Int32Array(1 << maxWidth);
    }
    const cnt = cnts[depth];
    const off = offs[depth];
    const nb = 1 << width;
    cnt.fill(0, 0, nb);
    count(wA, lo, hi, top, width, cnt);
    let d0 = 0;
    while (cnt[d0] === 0) d0++;
    if (cnt[d0] === size) {
      // every value has this digit: go straight to the highest bit that varies
      const t = topVarying(wA, lo, hi, -1);
      if (t >= 0) return sortRange(A, wA, B, wB, lo, hi, t, desc, toA, depth, BITS);
      if (!toA) B.set(A.subarray(lo, hi), lo);
      return;
    }
    let sum = lo;
    if (desc)
      for (let d = nb - 1; d >= 0; d--) {
        off[d] = sum;
        sum += cnt[d];
      }
    else
      for (let d = 0; d < nb; d++) {
        off[d] = sum;
        sum += cnt[d];
      }
    scatter(A, wA, B, lo, hi, top, width, off);
    sortBuckets(B, wB, A, wA, cnt, off, nb, top - width, desc ? 0 : nb, toA, depth + 1);
  };
  /** After a scatter into S: sort each bucket (ends in `off`; digits from `negFrom` up hold negative values) into T (`toT`) or S. */
  const sortBuckets = (S: Float64Array, wS: Uint32Array, T: Float64Array, wT: Uint32Array, cnt: Int32Array, off: Int32Array, nb: number, next: number, negFrom: number, toT: boolean, depth: number) => {
    for (let d = 0; d < nb; d++) {
      const c = cnt[d];
      if (c === 0) continue;
      const end = off[d];
      const lo = end - c;
      if (c === 1 || next < 0) {
        // one value, or no bits left (all equal)
        if (toT) T.set(S.subarray(lo, end), lo);
      } else if (c <= LEAF) insertion(S, toT ? T : S, lo, end);
      else sortRange(S, wS, T, wT, lo, end, next, d >= negFrom, !toT, depth, BITS);
    }
  };

  return function sortFiniteInPlace(a: Float64Array, tmp?: Float64Array, noNaN = false): void {
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
    // Bits are read through little-endian word views (every platform Node runs on): [2i] holds
    // the low 32 bits, [2i + 1] the high ones; values move as whole doubles.
    const wData = new Uint32Array(data.buffer, data.byteOffset, 2 * n);
    const wBuf = new Uint32Array(buf.buffer, buf.byteOffset, 2 * n);
    // the first pass over the whole array (its loops are in the helpers, compiled on their own)
    const t = topVarying(wData, 0, n, -1);
    if (t < 0) return;
    if (t < 63) {
      // one sign: the first pass starts at the highest bit that varies
      sortRange(data, wData, buf, wBuf, 0, n, t, wData[1] >>> 31 === 1, true, 0, ROOT_BITS);
      return;
    }
    // Both signs: digit = sign bit, then up to 15 bits from the highest non-sign bit that varies.
    const tr = topVarying(wData, 0, n, 0x7fffffff);
    const sub = Math.min(Math.min(ROOT_BITS, Math.max(3, 30 - clz(n))) - 1, tr + 1); // fewer bits for a short array
    const half = 1 << sub;
    const cnt = new Int32Array(2 * half);
    const off = new Int32Array(2 * half);
    signedDigits(wData, n, tr, sub, cnt, null, null, null);
    // negative buckets first, largest magnitude first; then the non-negative ones
    let sum = 0;
    for (let d = 2 * half - 1; d >= half; d--) {
      off[d] = sum;
      sum += cnt[d];
    }
    for (let d = 0; d < half; d++) {
      off[d] = sum;
      sum += cnt[d];
    }
    signedDigits(wData, n, tr, sub, null, data, buf, off);
    sortBuckets(buf, wBuf, data, wData, cnt, off, 2 * half, tr - sub, half, true, 0);
  };
}

const sortImpl = makeSortFiniteInPlace();

/** See makeSortFiniteInPlace. A function declaration: workers bind their copy to this name, which a bundler may shorten. */
export function sortFiniteInPlace(a: Float64Array, tmp?: Float64Array, noNaN = false): void {
  sortImpl(a, tmp, noNaN);
}

/**
 * 0 when every value is finite, else NaN: v · 0 is ±0 for a finite v and NaN otherwise, summed
 * over four lanes (no branch, no long chain: ~0.8 ms per 1M values; a test per value took 1.9).
 * A function of its own so that it is compiled while small columns warm it up: as a loop inside
 * sortFiniteFrom, the first 1M column ran it interpreted until that whole function was compiled
 * (~40 ms instead of ~2). Self-contained (a helper thread builds it from its source).
 */
export function finiteProbe(values: Float64Array): number {
  const n = values.length;
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    p0 += values[i] * 0;
    p1 += values[i + 1] * 0;
    p2 += values[i + 2] * 0;
    p3 += values[i + 3] * 0;
  }
  for (; i < n; i++) p0 += values[i] * 0;
  return p0 + p1 + p2 + p3;
}

/**
 * Finite values of `values` sorted ascending into a new array, plus the counts of NaN and
 * ±Infinity — one counting pass, one copy of the finite values, one radix sort (`alloc` makes
 * the output array, `tmp` is the sort's scratch buffer when long enough).
 * Self-contained (calls only sortFiniteInPlace and finiteProbe, which the worker builds alongside).
 */
export function sortFiniteFrom(values: Float64Array, alloc?: (n: number) => Float64Array, tmp?: Float64Array): SortedColumn {
  const n = values.length;
  let missing = 0;
  let posInf = 0;
  let negInf = 0;
  // the kinds are counted only when some value is not finite
  const probe = finiteProbe(values);
  if (probe !== probe) {
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

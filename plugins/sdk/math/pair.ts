/**
 * One merge walk over two sorted samples gives both the KS statistic and the 1-Wasserstein
 * distance (same floating-point steps as ksStatistic and wasserstein1); cached per pair of
 * sorted arrays so drift.ks and drift.wasserstein on the same columns walk once.
 */
export interface PairStats {
  ks: number;
  wasserstein: number;
}

const cache = new WeakMap<Float64Array, WeakMap<Float64Array, PairStats>>();

/**
 * The walk itself; self-contained so hosts can run it on worker threads. While both samples
 * have values left, one comparison decides which side holds the next distinct value (or both),
 * so the other side's run is never tested — one unpredictable branch per value instead of three;
 * each side's share (i / n1, j / n2) is divided again only when that side moved.
 *
 * One loop to the end of both samples (a side that ran out reads as +Infinity), not a second loop
 * for the rest of the other: V8 optimizes the walk while the first call is still in its loop, so
 * code that only runs after it had no type feedback then, and each call deoptimized there and ran
 * its next walks unoptimized (a `evalbook evaluate` thread's 10 walks of 200k + 200k: ~170 ms of
 * CPU, ~110 ms as one loop). The first values are read before the loop for the same reason.
 */
export function walkPair(a: Float64Array, b: Float64Array): PairStats {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  let total = 0;
  let absDiff = 0;
  let fa = 0 / n1; // i / n1 (NaN for an empty side, as i / n1 is)
  let fb = 0 / n2; // j / n2
  // both first values read on every call: a load only one branch makes has no type feedback when
  // V8 optimizes the first walk, and deoptimizes the walk the first time the other branch runs
  const a0 = n1 ? a[0] : 0;
  const b0 = n2 ? b[0] : 0;
  let prev = n1 && n2 ? (a0 < b0 ? a0 : b0) : 0;
  while (i < n1 || j < n2) {
    const ai = i < n1 ? a[i] : Infinity;
    const bj = j < n2 ? b[j] : Infinity;
    let x: number;
    // (a side that ran out reads as +Infinity; the tests on i and j keep a real +Infinity apart from it)
    if (ai < bj || j >= n2) {
      x = ai;
      i++;
      while (i < n1 && a[i] === x) i++;
      fa = i / n1;
    } else if (bj < ai || i >= n1) {
      x = bj;
      j++;
      while (j < n2 && b[j] === x) j++;
      fb = j / n2;
    } else {
      x = ai; // equal (−0 and +0 too): the same value as a[i] <= b[j] picks
      i++;
      j++;
      while (i < n1 && a[i] === x) i++;
      while (j < n2 && b[j] === x) j++;
      fa = i / n1;
      fb = j / n2;
    }
    total += absDiff * (x - prev);
    prev = x;
    const diff = fa - fb;
    if (diff > maxS) maxS = diff;
    else if (-diff > minS) minS = -diff;
    absDiff = diff < 0 ? -diff : diff;
  }
  minS = minS > 1 ? 1 : minS;
  return { ks: minS > maxS ? minS : maxS, wasserstein: n1 && n2 ? total : NaN };
}

export function ksAndWasserstein(a: Float64Array, b: Float64Array): PairStats {
  const hit = cache.get(a)?.get(b);
  if (hit) return hit;
  const r = walkPair(a, b);
  primePair(a, b, r);
  return r;
}

export function hasPair(a: Float64Array, b: Float64Array): boolean {
  return cache.get(a)?.has(b) ?? false;
}

/** Hand in a walk computed elsewhere (trusted). */
export function primePair(a: Float64Array, b: Float64Array, r: PairStats): void {
  let inner = cache.get(a);
  if (!inner) cache.set(a, (inner = new WeakMap()));
  inner.set(b, r);
}

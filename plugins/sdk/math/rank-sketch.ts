/**
 * A mergeable quantile sketch with a deterministic rank-error bound (the compactor hierarchy of
 * Manku–Rajagopalan–Lindsay / KLL with equal capacities and no sampling): level h holds values of
 * weight 2^h in a buffer of `k`; a full buffer is sorted and every other value (alternating the
 * offset per level) moves up with double weight. One compaction of level h moves the estimated
 * rank R̂(x) = Σ weight of kept values ≤ x by at most 2^h for every x, so the sketch tracks
 * `rankError` = Σ 2^h over its compactions and guarantees |R̂(x) − R(x)| ≤ rankError for all x.
 * ε = rankError / n ≈ log2(n/k) / k (k = 8192 at 50M values: ε ≈ 0.0016). Until the first
 * compaction (n ≤ k) the sketch is exact. Total weight equals n exactly (a full even buffer keeps
 * half its values at double weight). Only finite values enter; NaN and ±Infinity are counted as
 * missing. Count, min, max, mean and variance (ddof=0) are exact.
 */

export const DEFAULT_SKETCH_K = 8192;

export class RankSketch {
  readonly k: number;
  private levels: Float64Array[] = [];
  private fill: number[] = [];
  private parity: number[] = [];
  /** Finite values seen. */
  n = 0;
  missing = 0;
  /** Σ 2^h over compactions: the bound on |R̂(x) − R(x)|. */
  rankError = 0;
  min = Infinity;
  max = -Infinity;
  private mean = 0;
  private m2 = 0;

  constructor(k: number = DEFAULT_SKETCH_K) {
    if (!Number.isInteger(k) || k < 2 || k % 2) throw new Error(`sketch capacity k must be an even integer ≥ 2, got ${k}`);
    this.k = k;
  }

  /** ε: the bound on |F̂(x) − F(x)| for every x (0 while exact). */
  get epsilon(): number {
    return this.n ? this.rankError / this.n : 0;
  }

  get exact(): boolean {
    return this.rankError === 0;
  }

  /** Population variance (ddof=0) of the finite values. */
  get variance(): number {
    return this.n ? this.m2 / this.n : NaN;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.missing++;
      return;
    }
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    this.push(0, x);
  }

  addAll(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.add(values[i]);
  }

  /** Folds `other` (same k) into this sketch; bounds add. */
  merge(other: RankSketch): void {
    if (other.k !== this.k) throw new Error(`cannot merge sketches of capacity ${other.k} and ${this.k}`);
    if (other.n === 0) {
      this.missing += other.missing;
      return;
    }
    const n = this.n + other.n;
    const d = other.mean - this.mean;
    this.m2 += other.m2 + (d * d * this.n * other.n) / n;
    this.mean += (d * other.n) / n;
    this.n = n;
    this.missing += other.missing;
    this.rankError += other.rankError;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (let h = 0; h < other.levels.length; h++) {
      const buf = other.levels[h]!;
      for (let i = 0; i < other.fill[h]!; i++) this.push(h, buf[i]!);
    }
  }

  private push(h: number, x: number): void {
    while (h >= this.levels.length) {
      this.levels.push(new Float64Array(this.k));
      this.fill.push(0);
      this.parity.push(0);
    }
    const buf = this.levels[h]!;
    buf[this.fill[h]!++] = x;
    if (this.fill[h] === this.k) this.compact(h);
  }

  private compact(h: number): void {
    const buf = this.levels[h]!;
    buf.sort();
    const offset = this.parity[h]!;
    this.parity[h] = 1 - offset;
    this.fill[h] = 0;
    this.rankError += 2 ** h;
    for (let i = offset; i < this.k; i += 2) this.push(h + 1, buf[i]!);
  }

  /** The sketch as a weighted sorted sample: values ascending and the cumulative weight up to each. */
  view(): SketchView {
    let size = 0;
    for (const f of this.fill) size += f;
    const pairs = new Float64Array(size);
    const weights = new Float64Array(size);
    const order: { v: number; w: number }[] = [];
    for (let h = 0; h < this.levels.length; h++) {
      const buf = this.levels[h]!;
      for (let i = 0; i < this.fill[h]!; i++) order.push({ v: buf[i]!, w: 2 ** h });
    }
    order.sort((a, b) => a.v - b.v);
    let acc = 0;
    for (let i = 0; i < order.length; i++) {
      pairs[i] = order[i]!.v;
      acc += order[i]!.w;
      weights[i] = acc;
    }
    return { values: pairs, cumulative: weights, n: this.n, epsilon: this.epsilon };
  }
}

export interface SketchView {
  values: Float64Array;
  /** cumulative[i] = estimated rank of values[i] (weight of values ≤ values[i]). */
  cumulative: Float64Array;
  n: number;
  epsilon: number;
}

/** F̂(x) of a view: estimated share of values ≤ x. */
export function sketchCdf(v: SketchView, x: number): number {
  return sketchRank(v, x) / v.n;
}

/** R̂(x) of a view: estimated count of values ≤ x. */
export function sketchRank(v: SketchView, x: number): number {
  let lo = 0;
  let hi = v.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.values[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : v.cumulative[lo - 1]!;
}

/**
 * KS statistic, 1-Wasserstein distance and ∫ (F_a − F_b)² dx (`squared`: energy distance =
 * sqrt(2·squared)) between the step CDFs of two views, walking both once. With ε = ε_a + ε_b and
 * range = (max − min) of the pooled values: |ks − exact| ≤ ε; |wasserstein − exact| ≤ ε · range;
 * |squared − exact| ≤ ε · (2 · wasserstein + ε · range).
 */
export function sketchKsWasserstein(a: SketchView, b: SketchView): { ks: number; wasserstein: number; squared: number } {
  let i = 0;
  let j = 0;
  let fa = 0;
  let fb = 0;
  let ks = 0;
  let w = 0;
  let sq = 0;
  let prev = NaN;
  while (i < a.values.length || j < b.values.length) {
    const x = j >= b.values.length || (i < a.values.length && a.values[i]! <= b.values[j]!) ? a.values[i]! : b.values[j]!;
    if (!Number.isNaN(prev)) {
      w += Math.abs(fa - fb) * (x - prev);
      sq += (fa - fb) * (fa - fb) * (x - prev);
    }
    while (i < a.values.length && a.values[i] === x) fa = a.cumulative[i++]! / a.n;
    while (j < b.values.length && b.values[j] === x) fb = b.cumulative[j++]! / b.n;
    const d = Math.abs(fa - fb);
    if (d > ks) ks = d;
    prev = x;
  }
  return { ks, wasserstein: w, squared: sq };
}

/**
 * Quantile q of a view: the smallest value whose estimated rank reaches q·n (rank error ≤ ε·n).
 * When the view is exact, numpy's 'linear' quantile of its values.
 */
export function sketchQuantile(v: SketchView, q: number): number {
  if (v.values.length === 0) return NaN;
  if (v.epsilon === 0) {
    const pos = q * (v.n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, v.n - 1);
    return v.values[lo]! + (v.values[hi]! - v.values[lo]!) * (pos - lo);
  }
  const target = q * v.n;
  for (let i = 0; i < v.values.length; i++) if (v.cumulative[i]! >= target) return v.values[i]!;
  return v.values[v.values.length - 1]!;
}

/** Estimated counts per right-closed bin (−∞, e1], (e1, e2], …, (e_last, +∞); each within ±2·ε·n. */
export function sketchCountInEdges(v: SketchView, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let prev = 0;
  for (let k = 0; k < edges.length; k++) {
    const c = sketchRank(v, edges[k]!);
    counts[k] = c - prev;
    prev = c;
  }
  counts[edges.length] = v.n - prev;
  return counts;
}

/** R̂(x⁻) of a view: estimated count of values < x (within the same ±ε·n as sketchRank). */
export function sketchRankBelow(v: SketchView, x: number): number {
  let lo = 0;
  let hi = v.values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v.values[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : v.cumulative[lo - 1]!;
}

/**
 * Estimated numpy.histogram counts for explicit edges: bins [e_i, e_{i+1}), the last one closed
 * (histogramSorted on a sketch); each within ±2·ε·n, exact while the view is.
 */
export function sketchHistogram(v: SketchView, edges: readonly number[]): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  let prev = sketchRankBelow(v, edges[0]!);
  for (let k = 1; k <= nb; k++) {
    const c = k === nb ? sketchRank(v, edges[k]!) : sketchRankBelow(v, edges[k]!);
    counts[k - 1] = c - prev;
    prev = c;
  }
  return counts;
}

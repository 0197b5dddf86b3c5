/** Distances between two samples or two histograms. */
import { quantileSorted } from "./describe";
import { upperBound } from "./sort";

/**
 * 1-Wasserstein distance between two empirical distributions (scipy.stats.wasserstein_distance):
 * ∫ |F_u(x) − F_v(x)| dx, evaluated as Σ |F_u − F_v| · Δx over the merged sorted values.
 */
export function wasserstein1(u: Float64Array, v: Float64Array): number {
  const nu = u.length;
  const nv = v.length;
  if (nu === 0 || nv === 0) return NaN;
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = u[0] < v[0] ? u[0] : v[0];
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u[i] <= v[j]) ? u[i] : v[j];
    // |F_u − F_v| on [prev, x) times its width; counts are of values ≤ prev
    total += Math.abs(i / nu - j / nv) * (x - prev);
    prev = x;
    while (i < nu && u[i] === x) i++;
    while (j < nv && v[j] === x) j++;
  }
  return total;
}

/**
 * Jensen–Shannon distance (scipy.spatial.distance.jensenshannon): sqrt of the JS divergence,
 * both histograms normalised to sum 1 first; `base` of the logarithm (2 → result in [0, 1]).
 */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>, base = 2): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  if (!(sp > 0) || !(sq > 0)) return NaN;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] / sp;
    const qi = q[i] / sq;
    const m = (pi + qi) / 2;
    if (pi > 0) js += pi * Math.log(pi / m);
    if (qi > 0) js += qi * Math.log(qi / m);
  }
  js /= 2;
  js /= Math.log(base);
  return Math.sqrt(Math.max(0, js));
}

/**
 * Bin edges from baseline quantiles: the interior cut points quantile(k/bins), k=1..bins−1
 * (numpy 'linear'), duplicates removed. Bins are (−∞, e1], (e1, e2], …, (e_last, +∞).
 */
export function quantileEdges(sortedBaseline: Float64Array, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = quantileSorted(sortedBaseline, k / bins);
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Counts of sorted values in the open-ended bins defined by `edges` (right-closed). */
export function countInEdges(sorted: Float64Array, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  let prev = 0;
  for (let k = 0; k < edges.length; k++) {
    const c = upperBound(sorted, edges[k]);
    counts[k] = c - prev;
    prev = c;
  }
  counts[edges.length] = sorted.length - prev;
  return counts;
}

/**
 * Population Stability Index Σ (c − b) · ln(c / b) over bins, with b, c the baseline and
 * current proportions; a proportion of 0 is replaced by `epsilon` before the sum (smoothing).
 */
export function psiFromCounts(base: ArrayLike<number>, cur: ArrayLike<number>, epsilon: number): { psi: number; terms: number[] } {
  let nb = 0;
  let nc = 0;
  for (let i = 0; i < base.length; i++) {
    nb += base[i];
    nc += cur[i];
  }
  const terms: number[] = [];
  let psi = 0;
  for (let i = 0; i < base.length; i++) {
    const b = Math.max(base[i] / nb, epsilon);
    const c = Math.max(cur[i] / nc, epsilon);
    const t = (c - b) * Math.log(c / b);
    terms.push(t);
    psi += t;
  }
  return { psi, terms };
}

/**
 * numpy.histogram_bin_edges(data, bins='sturges') for sorted finite data:
 * ceil(log2(n) + 1) equal-width bins between min and max (±0.5 around a constant).
 */
export function sturgesEdges(min: number, max: number, n: number): number[] {
  // numpy: width = ptp / (log2(n) + 1); bins = ceil((last − first) / width), or 1 when width is 0
  const width = n > 0 ? (max - min) / (Math.log2(n) + 1) : 0;
  let lo = min;
  let hi = max;
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const nb = width > 0 ? Math.ceil((hi - lo) / width) : 1;
  const edges: number[] = [];
  // numpy.linspace: start + i*step, last edge set exactly to stop
  const step = (hi - lo) / nb;
  for (let i = 0; i <= nb; i++) edges.push(i === nb ? hi : lo + i * step);
  return edges;
}

/** numpy.histogram counts for sorted data and explicit edges: [e_i, e_{i+1}), last bin closed. */
export function histogramSorted(sorted: Float64Array, edges: readonly number[]): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  let prev = lowerBoundF(sorted, edges[0]);
  for (let k = 1; k <= nb; k++) {
    const c = k === nb ? upperBound(sorted, edges[k]) : lowerBoundF(sorted, edges[k]);
    counts[k - 1] = c - prev;
    prev = c;
  }
  return counts;
}

function lowerBoundF(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

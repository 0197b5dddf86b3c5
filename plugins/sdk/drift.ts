/**
 * Per-column drift tests shared by the drift, prediction-drift and skew evaluators.
 * Missing values (NaN / empty) are excluded; ±Infinity are excluded from numeric tests and
 * counted. Each test returns its metrics, whether drift was detected, and the statistic
 * used for learned thresholds.
 */
import type { Column } from "./frame";
import { categoryCounts, toCategorical } from "./frame";
import type { Metrics } from "./result";
import { chisquare, proportionsZTest } from "./math/chisquare";
import { countInEdges, histogramSorted, jensenShannon, psiFromCounts, quantileEdges, sturgesEdges } from "./math/distance";
import { ksPValue } from "./math/ks";
import { ksAndWasserstein, type PairStats } from "./math/pair";
import { meanVarFinite } from "./math/describe";
import { sortFiniteInPlace, sortedFinite } from "./math/sort";
import { andersonKsamp2, cramerVonMises2, energyDistance } from "./math/twosample";
import { fisherExact2x2 } from "./math/fisher";
import { mmdPermutationTest } from "./math/mmd";
import { sampleValues, seededRandom } from "./math/random";

export type DriftTestId =
  | "ks"
  | "wasserstein"
  | "psi"
  | "jensenshannon"
  | "chisquare"
  | "z"
  | "hellinger"
  | "tvd"
  | "anderson"
  | "cramervonmises"
  | "energy"
  | "fisher"
  | "mmd";

export interface DriftOutcome {
  test: DriftTestId;
  metrics: Metrics;
  reasons?: Record<string, string>;
  /** null when the test could not run. */
  drift: boolean | null;
  /** The statistic compared with the threshold (p-value for p-value tests). */
  score: number | null;
  /** Distance-like statistic (larger = more drift), used for learned thresholds. */
  statistic: number | null;
  threshold: number;
  chart?: Record<string, number[] | string[]>;
  /** How the value was obtained when that matters (exact vs asymptotic, capped p-value, sampling). */
  note?: string;
}

export interface DriftTestOptions {
  /** Drift threshold: p-value below it (ks, chisquare, z) or statistic at/above it (others). */
  threshold?: number;
  bins?: number;
  epsilon?: number;
  /** mmd: permutations for the p-value, PRNG seed, values sampled per side. */
  permutations?: number;
  seed?: number;
  maxSamples?: number;
}

export const DEFAULT_THRESHOLDS: Record<DriftTestId, number> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.25,
  hellinger: 0.1,
  tvd: 0.1,
  anderson: 0.05,
  cramervonmises: 0.05,
  energy: 0.1,
  fisher: 0.05,
  mmd: 0.05,
};

export const P_VALUE_TESTS: ReadonlySet<DriftTestId> = new Set(["ks", "chisquare", "z", "anderson", "cramervonmises", "fisher", "mmd"]);

function na(test: DriftTestId, reason: string, keys: string[], threshold: number): DriftOutcome {
  const metrics: Metrics = {};
  const reasons: Record<string, string> = {};
  for (const k of keys) {
    metrics[k] = null;
    reasons[k] = reason;
  }
  return { test, metrics, reasons, drift: null, score: null, statistic: null, threshold };
}

function numericPair(base: Column, cur: Column) {
  if (base.type !== "numeric" || cur.type !== "numeric") return null;
  return { b: sortedFinite(base.values), c: sortedFinite(cur.values) };
}

type SortedPair = NonNullable<ReturnType<typeof numericPair>>;

/** Both sides' sorted finite values, or the n/a outcome when the column is not numeric or either side has fewer than `min` finite values. */
function numericPairOrNa(test: DriftTestId, base: Column, cur: Column, min: 1 | 2, keys: string[], threshold: number): SortedPair | DriftOutcome {
  const p = numericPair(base, cur);
  if (!p) return na(test, "column is not numeric", keys, threshold);
  if (p.b.sorted.length < min || p.c.sorted.length < min)
    return na(test, min === 1 ? "no finite values in baseline or current" : "fewer than 2 finite values in baseline or current", keys, threshold);
  return p;
}

const isOutcome = (x: SortedPair | DriftOutcome): x is DriftOutcome => "test" in x;

/** PSI's default number of quantile bins. */
export const DEFAULT_PSI_BINS = 10;

interface BinCounts {
  edges: number[];
  b: Float64Array;
  c: Float64Array;
}

/** PSI bins: baseline quantile edges, counts of both sorted samples (both non-empty). */
function psiBins(b: Float64Array, c: Float64Array, bins: number): BinCounts {
  const edges = quantileEdges(b, bins);
  return { edges, b: countInEdges(b, edges), c: countInEdges(c, edges) };
}

/** Evidently's numeric bins (Sturges over the pooled range) when the baseline has > 20 distinct values, else null (one bin per value). */
function sturgesBins(b: Float64Array, c: Float64Array): BinCounts | null {
  if (!moreDistinctSorted(b, 20)) return null;
  const nb = b.length;
  const nc = c.length;
  const edges = sturgesEdges(Math.min(b[0], c[0]), Math.max(b[nb - 1], c[nc - 1]), nb + nc);
  return { edges, b: histogramSorted(b, edges), c: histogramSorted(c, edges) };
}

/**
 * Everything the numeric KS, Wasserstein, PSI (default bins) and binned-distance tests read off
 * a sorted (baseline, current) pair, so a host that sorted the pair (e.g. on worker threads) can
 * keep these few numbers instead of two sorted copies of every column. Same functions, same
 * floating-point steps as the tests on sorted columns: results are identical.
 */
export interface NumericPairDigest {
  /** Finite values per side. */
  nb: number;
  nc: number;
  ks: number;
  wasserstein: number;
  baselineVariance: number;
  /** null when a side has no finite values. */
  psi: BinCounts | null;
  /** Sturges bins; null when a side is empty or the baseline has ≤ 20 distinct values. */
  histogram: BinCounts | null;
}

export function digestSortedPair(b: Float64Array, c: Float64Array, pair: PairStats): NumericPairDigest {
  const both = b.length > 0 && c.length > 0;
  return {
    nb: b.length,
    nc: c.length,
    ks: pair.ks,
    wasserstein: pair.wasserstein,
    baselineVariance: meanVarFinite(b).variance,
    psi: both ? psiBins(b, c, DEFAULT_PSI_BINS) : null,
    histogram: both ? sturgesBins(b, c) : null,
  };
}

const digests = new WeakMap<Float64Array, WeakMap<Float64Array, NumericPairDigest>>();

/** Hand in the digest of (baseline values, current values), computed from their sorted copies. Trusted. */
export function primePairDigest(baseline: Float64Array, current: Float64Array, d: NumericPairDigest): void {
  let inner = digests.get(baseline);
  if (!inner) digests.set(baseline, (inner = new WeakMap()));
  inner.set(current, d);
}

export function hasPairDigest(baseline: Float64Array, current: Float64Array): boolean {
  return digests.get(baseline)?.has(current) ?? false;
}

function digestOf(base: Column, cur: Column): NumericPairDigest | undefined {
  return base.type === "numeric" && cur.type === "numeric" ? digests.get(base.values)?.get(cur.values) : undefined;
}

/** A numeric pair's primed digest or, without one, its sorted finite values (`p`). */
type DigestOrPair = { d: NumericPairDigest; p: null } | { d: undefined; p: SortedPair };

/** The pair's digest or sorted values; the n/a outcome when the column is not numeric or a side has no finite value. */
function digestOrPairOrNa(test: DriftTestId, base: Column, cur: Column, keys: string[], threshold: number): DigestOrPair | DriftOutcome {
  const d = digestOf(base, cur);
  const p = d ? null : numericPair(base, cur);
  if (!d && !p) return na(test, "column is not numeric", keys, threshold);
  if (d ? d.nb === 0 || d.nc === 0 : p!.b.sorted.length === 0 || p!.c.sorted.length === 0) return na(test, "no finite values in baseline or current", keys, threshold);
  return d ? { d, p: null } : { d: undefined, p: p! };
}

export function ksTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.ks;
  const q = digestOrPairOrNa("ks", base, cur, ["statistic", "p_value"], threshold);
  if ("test" in q) return q;
  const r = q.d ? ksPValue(q.d.nb, q.d.nc, q.d.ks) : ksPValue(q.p.b.sorted.length, q.p.c.sorted.length, ksAndWasserstein(q.p.b.sorted, q.p.c.sorted).ks);
  return pValueOutcome("ks", r, threshold);
}

export function wassersteinTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.wasserstein;
  const q = digestOrPairOrNa("wasserstein", base, cur, ["distance", "normed"], threshold);
  if ("test" in q) return q;
  const { d, p } = q;
  const distance = d ? d.wasserstein : ksAndWasserstein(p.b.sorted, p.c.sorted).wasserstein;
  const std = Math.sqrt(d ? d.baselineVariance : meanVarFinite(p.b.sorted).variance);
  const normed = distance / Math.max(std, 0.001);
  return reachesOutcome("wasserstein", { distance, normed }, normed, threshold);
}

/** Aligned category counts of two columns (categories from both, baseline order first). */
export function alignedCounts(base: Column, cur: Column): { categories: string[]; b: Float64Array; c: Float64Array } {
  const bc = toCategorical(base);
  const cc = toCategorical(cur);
  const categories = [...bc.dictionary];
  const index = new Map(categories.map((c, i) => [c, i]));
  for (const c of cc.dictionary) if (!index.has(c)) index.set(c, categories.push(c) - 1);
  const b = new Float64Array(categories.length);
  const c = new Float64Array(categories.length);
  const bcnt = categoryCounts(bc);
  const ccnt = categoryCounts(cc);
  bc.dictionary.forEach((k, i) => (b[index.get(k)!] += bcnt[i]));
  cc.dictionary.forEach((k, i) => (c[index.get(k)!] += ccnt[i]));
  // drop categories absent from both (dictionary entries never used)
  const keep = categories.map((_, i) => b[i] + c[i] > 0);
  return {
    categories: categories.filter((_, i) => keep[i]),
    b: b.filter((_, i) => keep[i]),
    c: c.filter((_, i) => keep[i]),
  };
}

/** Aligned counts with their totals (the tests on category shares need both). */
function categoryTable(base: Column, cur: Column) {
  const a = alignedCounts(base, cur);
  return { ...a, nb: a.b.reduce((s, x) => s + x, 0), nc: a.c.reduce((s, x) => s + x, 0) };
}

type CategoryTable = ReturnType<typeof categoryTable>;

/** The aligned category counts, or the n/a outcome when either side has no value. */
function categoryTableOrNa(test: DriftTestId, base: Column, cur: Column, keys: string[], threshold: number): CategoryTable | DriftOutcome {
  const a = categoryTable(base, cur);
  return a.nb === 0 || a.nc === 0 ? na(test, "no values in baseline or current", keys, threshold) : a;
}

/** The chart of aligned category counts: baseline and current bars per category. */
function countsChart(a: { categories: string[]; b: Float64Array; c: Float64Array }) {
  return { categories: a.categories, baseline: Array.from(a.b), current: Array.from(a.c) };
}

/** A hypothesis test's outcome: drift when the p-value falls below the threshold; the p-value is the score. */
function pValueOutcome(test: DriftTestId, r: { statistic: number; pValue: number }, threshold: number, extra: Partial<Pick<DriftOutcome, "statistic" | "note">> = {}): DriftOutcome {
  return { test, metrics: { statistic: r.statistic, p_value: r.pValue }, drift: r.pValue < threshold, score: r.pValue, statistic: r.statistic, threshold, ...extra };
}

/** A p-value test on category counts: drift when p < threshold, with the counts chart. */
function countsOutcome(test: DriftTestId, metrics: Metrics, reasons: Record<string, string> | undefined, pValue: number, statistic: number, threshold: number, table: Parameters<typeof countsChart>[0]): DriftOutcome {
  return { test, metrics, reasons, drift: pValue < threshold, score: pValue, statistic, threshold, chart: countsChart(table) };
}

/** The outcome of a test that flags drift when its statistic (a distance, PSI) reaches the threshold; the statistic is the score. */
function reachesOutcome(test: DriftTestId, metrics: Metrics, statistic: number, threshold: number, chart?: DriftOutcome["chart"]): DriftOutcome {
  const outcome: DriftOutcome = { test, metrics, drift: statistic >= threshold, score: statistic, statistic, threshold };
  if (chart !== undefined) outcome.chart = chart;
  return outcome;
}

/** A distance test's outcome: drift when the distance reaches the threshold. */
function distanceOutcome(test: DriftTestId, distance: number, threshold: number, chart: DriftOutcome["chart"]): DriftOutcome {
  return reachesOutcome(test, { distance }, distance, threshold, chart);
}

export function psiTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.psi;
  const bins = o.bins ?? DEFAULT_PSI_BINS;
  const eps = o.epsilon ?? 1e-4;
  if (base.type === "numeric" && cur.type === "numeric") {
    const d = bins === DEFAULT_PSI_BINS ? digestOf(base, cur) : undefined;
    let counts: BinCounts | null;
    if (d) counts = d.psi;
    else {
      const p = numericPair(base, cur)!;
      counts = p.b.sorted.length && p.c.sorted.length ? psiBins(p.b.sorted, p.c.sorted, bins) : null;
    }
    if (!counts) return na("psi", "no finite values in baseline or current", ["psi"], threshold);
    const { edges, b: bc, c: cc } = counts;
    const { psi } = psiFromCounts(bc, cc, eps);
    return reachesOutcome("psi", { psi }, psi, threshold, { edges, baseline: Array.from(bc), current: Array.from(cc) });
  }
  const a = categoryTableOrNa("psi", base, cur, ["psi"], threshold);
  if ("test" in a) return a;
  const { psi } = psiFromCounts(a.b, a.c, eps);
  return reachesOutcome("psi", { psi }, psi, threshold, countsChart(a));
}

/** Whether a sorted array holds more than `limit` distinct values (stops as soon as it does). */
function moreDistinctSorted(s: Float64Array, limit: number): boolean {
  let d = 0;
  for (let i = 0; i < s.length; i++) if ((i === 0 || s[i] !== s[i - 1]) && ++d > limit) return true;
  return false;
}

/**
 * Evidently's binning for distance tests: numeric columns with > 20 distinct baseline values →
 * Sturges bins over the pooled range (numpy histogram_bin_edges(bins='sturges')); otherwise one
 * bin per value/category. null when either side has no values.
 */
export function evidentlyBins(base: Column, cur: Column): { b: Float64Array; c: Float64Array; chart: Record<string, number[] | string[]> } | null {
  if (base.type === "numeric" && cur.type === "numeric") {
    const d = digestOf(base, cur);
    let h: BinCounts | null;
    if (d) {
      if (d.nb === 0 || d.nc === 0) return null;
      h = d.histogram;
    } else {
      const p = numericPair(base, cur)!;
      if (p.b.sorted.length === 0 || p.c.sorted.length === 0) return null;
      h = sturgesBins(p.b.sorted, p.c.sorted);
    }
    if (h) return { b: h.b, c: h.c, chart: { edges: h.edges, baseline: Array.from(h.b), current: Array.from(h.c) } };
  }
  const a = alignedCounts(base, cur);
  if (a.b.reduce((s, x) => s + x, 0) === 0 || a.c.reduce((s, x) => s + x, 0) === 0) return null;
  return { b: a.b, c: a.c, chart: countsChart(a) };
}

function proportions(counts: Float64Array): Float64Array {
  const total = counts.reduce((s, x) => s + x, 0);
  return counts.map((x) => x / total);
}

export function jensenShannonTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.jensenshannon;
  const bins = evidentlyBins(base, cur);
  const distance = bins ? jensenShannon(bins.b, bins.c, 2) : NaN;
  if (!bins || !Number.isFinite(distance)) return na("jensenshannon", "no values in baseline or current", ["distance"], threshold);
  return distanceOutcome("jensenshannon", distance, threshold, bins.chart);
}

/** Hellinger distance of the binned distributions: sqrt(Σ (√p − √q)²) / √2, in [0, 1]. */
export function hellingerTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.hellinger;
  const bins = evidentlyBins(base, cur);
  if (!bins) return na("hellinger", "no values in baseline or current", ["distance"], threshold);
  const p = proportions(bins.b);
  const q = proportions(bins.c);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += (Math.sqrt(p[i]) - Math.sqrt(q[i])) ** 2;
  const distance = Math.sqrt(s) / Math.SQRT2;
  return distanceOutcome("hellinger", distance, threshold, bins.chart);
}

/** Total variation distance of the category shares: ½ Σ |p − q| (numbers compared as values), in [0, 1]. */
export function tvdTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.tvd;
  const a = categoryTableOrNa("tvd", base, cur, ["distance"], threshold);
  if ("test" in a) return a;
  const p = proportions(a.b);
  const q = proportions(a.c);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - q[i]);
  return distanceOutcome("tvd", s / 2, threshold, countsChart(a));
}

export function chiSquareTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.chisquare;
  const keys = ["statistic", "p_value"];
  const a = categoryTableOrNa("chisquare", base, cur, keys, threshold);
  if ("test" in a) return a;
  const { nb, nc } = a;
  if (a.categories.length < 2) return na("chisquare", "fewer than 2 categories (0 degrees of freedom)", keys, threshold);
  const expected = Array.from(a.b, (x) => (x * nc) / nb);
  const r = chisquare(a.c, expected);
  const unseen = a.categories.filter((_, i) => a.b[i] === 0);
  const metrics: Metrics = { statistic: Number.isFinite(r.statistic) ? r.statistic : null, p_value: r.pValue };
  const reasons = Number.isFinite(r.statistic)
    ? undefined
    : { statistic: `infinite: categories absent from the baseline (${unseen.slice(0, 5).join(", ")})` };
  return countsOutcome("chisquare", metrics, reasons, r.pValue, r.statistic, threshold, a);
}

export function zTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.z;
  const keys = ["statistic", "p_value"];
  const a = categoryTableOrNa("z", base, cur, keys, threshold);
  if ("test" in a) return a;
  const { nb, nc } = a;
  if (a.categories.length === 1) {
    return { test: "z", metrics: { statistic: 0, p_value: 1 }, drift: false, score: 1, statistic: 0, threshold };
  }
  if (a.categories.length > 2) return na("z", "z-test needs a binary column", keys, threshold);
  const r = proportionsZTest(a.b[0], nb, a.c[0], nc);
  if (!Number.isFinite(r.statistic)) return na("z", "degenerate proportions", keys, threshold);
  return pValueOutcome("z", r, threshold, { statistic: Math.abs(r.statistic) });
}

/** k-sample Anderson–Darling (k = 2), scipy.stats.anderson_ksamp(midrank=True); p-value interpolated, clipped to [0.001, 0.25]. */
export function andersonTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.anderson;
  const keys = ["statistic", "p_value"];
  const p = numericPairOrNa("anderson", base, cur, 2, keys, threshold);
  if (isOutcome(p)) return p;
  if (p.b.sorted[0] === p.b.sorted[p.b.sorted.length - 1] && p.c.sorted[0] === p.c.sorted[p.c.sorted.length - 1] && p.b.sorted[0] === p.c.sorted[0])
    return na("anderson", "all values are identical", keys, threshold);
  const r = andersonKsamp2(p.b.sorted, p.c.sorted);
  return pValueOutcome("anderson", r, threshold, {
    note: r.pValueKind === "interpolated" ? undefined : r.pValueKind === "capped" ? "p_value capped at 0.25 (true value is larger)" : "p_value floored at 0.001 (true value is smaller)",
  });
}

/** Two-sample Cramér–von Mises, scipy.stats.cramervonmises_2samp(method='auto'). */
export function cramerVonMisesTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.cramervonmises;
  const keys = ["statistic", "p_value"];
  const p = numericPairOrNa("cramervonmises", base, cur, 2, keys, threshold);
  if (isOutcome(p)) return p;
  const r = cramerVonMises2(p.b.sorted, p.c.sorted);
  return pValueOutcome("cramervonmises", r, threshold, { note: `p_value ${r.method}` });
}

/** Energy distance, scipy.stats.energy_distance; normed = distance / max(std_baseline, 0.001). */
export function energyTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.energy;
  const keys = ["distance", "normed"];
  const p = numericPairOrNa("energy", base, cur, 1, keys, threshold);
  if (isOutcome(p)) return p;
  const distance = energyDistance(p.b.sorted, p.c.sorted);
  const normed = distance / Math.max(Math.sqrt(meanVarFinite(p.b.sorted).variance), 0.001);
  return reachesOutcome("energy", { distance, normed }, normed, threshold);
}

/** Fisher's exact test on the 2×2 table (baseline, current) × (first value, second value), scipy.stats.fisher_exact. */
export function fisherTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.fisher;
  const keys = ["odds_ratio", "p_value"];
  const a = categoryTableOrNa("fisher", base, cur, keys, threshold);
  if ("test" in a) return a;
  const { nb, nc } = a;
  if (a.categories.length > 2) return na("fisher", `Fisher's exact test needs a two-valued (boolean) column; found ${a.categories.length} values`, keys, threshold);
  if (a.categories.length === 1) return { test: "fisher", metrics: { odds_ratio: null, p_value: 1 }, reasons: { odds_ratio: "one value only" }, drift: false, score: 1, statistic: 0, threshold };
  const r = fisherExact2x2(a.b[0], a.b[1], a.c[0], a.c[1]);
  const reasons = Number.isFinite(r.oddsRatio) ? undefined : { odds_ratio: "infinite: a cell of the table is 0" };
  const share = Math.abs(a.b[0] / nb - a.c[0] / nc);
  return countsOutcome("fisher", { odds_ratio: Number.isFinite(r.oddsRatio) ? r.oddsRatio : null, p_value: r.pValue }, reasons, r.pValue, share, threshold, a);
}

/** Per-column maximum mean discrepancy (RBF kernel, median heuristic) with a seeded permutation p-value. */
export function mmdTest(base: Column, cur: Column, o: DriftTestOptions = {}): DriftOutcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS.mmd;
  const keys = ["mmd2", "p_value"];
  const p = numericPairOrNa("mmd", base, cur, 2, keys, threshold);
  if (isOutcome(p)) return p;
  const max = o.maxSamples ?? 500;
  const seed = o.seed ?? 42;
  const rand = seededRandom(seed);
  const xb = sampleValues(p.b.sorted, max, rand);
  const xc = sampleValues(p.c.sorted, max, rand);
  const r = mmdPermutationTest(xb, xc, 1, o.permutations ?? 200, seed);
  const sampled = xb.length < p.b.sorted.length || xc.length < p.c.sorted.length;
  return {
    test: "mmd",
    metrics: { mmd2: r.mmd2, p_value: r.pValue, bandwidth: r.bandwidth },
    drift: r.pValue < threshold,
    score: r.pValue,
    statistic: r.mmd2,
    threshold,
    note: `${r.permutations} permutations, seed ${seed}${sampled ? `; sampled ${xb.length} baseline and ${xc.length} current values` : ""}`,
  };
}

export const DRIFT_TESTS: Record<DriftTestId, (b: Column, c: Column, o?: DriftTestOptions) => DriftOutcome> = {
  ks: ksTest,
  wasserstein: wassersteinTest,
  psi: psiTest,
  jensenshannon: jensenShannonTest,
  chisquare: chiSquareTest,
  z: zTest,
  hellinger: hellingerTest,
  tvd: tvdTest,
  anderson: andersonTest,
  cramervonmises: cramerVonMisesTest,
  energy: energyTest,
  fisher: fisherTest,
  mmd: mmdTest,
};

/** Number of distinct non-missing values across both columns. */
export function distinctCount(base: Column, cur: Column): number {
  if (base.type === "numeric" && cur.type === "numeric") {
    const b = sortedFinite(base.values).sorted;
    const c = sortedFinite(cur.values).sorted;
    let i = 0;
    let j = 0;
    let d = 0;
    let last = NaN;
    while (i < b.length || j < c.length) {
      const v = j >= c.length || (i < b.length && b[i] <= c[j]) ? b[i++] : c[j++];
      if (v !== last) {
        d++;
        last = v;
      }
    }
    return d;
  }
  return alignedCounts(base, cur).categories.length;
}

/**
 * Evidently's default test choice: baseline ≤ 1000 rows → KS for numeric with > 5 distinct
 * values, chi-square for > 2 categories, else the two-proportion z-test; larger baselines →
 * Wasserstein (normed) for numeric with > 5 distinct values, else Jensen–Shannon.
 */
export function chooseDriftTest(base: Column, cur: Column, baselineRows: number): { test: DriftTestId; why: string } {
  const numeric = base.type === "numeric" && cur.type === "numeric";
  const nValues = distinctCount(base, cur);
  const type = numeric ? "numeric" : "categorical";
  if (baselineRows <= 1000) {
    if (numeric && nValues > 5) return { test: "ks", why: `${type}, ${nValues} distinct values (> 5), baseline ${baselineRows} rows (≤ 1000)` };
    if (nValues > 2) return { test: "chisquare", why: `${type}, ${nValues} distinct values (> 2${numeric ? ", ≤ 5" : ""}), baseline ${baselineRows} rows (≤ 1000)` };
    return { test: "z", why: `${type}, ${nValues} distinct values (≤ 2), baseline ${baselineRows} rows (≤ 1000)` };
  }
  if (numeric && nValues > 5) return { test: "wasserstein", why: `numeric, ${nValues} distinct values (> 5), baseline ${baselineRows} rows (> 1000)` };
  return { test: "jensenshannon", why: `${type}, ${nValues} distinct values${numeric ? " (≤ 5)" : ""}, baseline ${baselineRows} rows (> 1000)` };
}

/**
 * evalbook's extended choice among all the tests (documented in drift.auto):
 * - two values (booleans): Fisher's exact test when baseline + current ≤ 100 000 rows, else the z-test;
 * - numeric, > 5 distinct values: baseline ≤ 1000 rows → Anderson–Darling (more tail-sensitive than KS on small samples),
 *   ≤ 100 000 → Wasserstein normed, larger → Hellinger over Sturges bins (bounded in [0, 1], one pass over the bins);
 * - categorical or ≤ 5 distinct values: baseline ≤ 1000 rows → chi-square, larger → Hellinger
 *   (chi-square p-values collapse to 0 on large samples for practically irrelevant shifts).
 */
export function chooseDriftTestExtended(base: Column, cur: Column, baselineRows: number, currentRows: number): { test: DriftTestId; why: string } {
  const numeric = base.type === "numeric" && cur.type === "numeric";
  const nValues = distinctCount(base, cur);
  const type = numeric ? "numeric" : "categorical";
  const rows = baselineRows + currentRows;
  if (nValues <= 2) {
    if (rows <= 100_000) return { test: "fisher", why: `${type}, ${nValues} distinct values (boolean), ${rows} rows (≤ 100 000): exact test` };
    return { test: "z", why: `${type}, ${nValues} distinct values (boolean), ${rows} rows (> 100 000)` };
  }
  if (numeric && nValues > 5) {
    if (baselineRows <= 1000) return { test: "anderson", why: `numeric, ${nValues} distinct values (> 5), baseline ${baselineRows} rows (≤ 1000): tail-sensitive` };
    if (baselineRows <= 100_000) return { test: "wasserstein", why: `numeric, ${nValues} distinct values (> 5), baseline ${baselineRows} rows (1000 < n ≤ 100 000)` };
    return { test: "hellinger", why: `numeric, ${nValues} distinct values (> 5), baseline ${baselineRows} rows (> 100 000)` };
  }
  if (baselineRows <= 1000) return { test: "chisquare", why: `${type}, ${nValues} distinct values, baseline ${baselineRows} rows (≤ 1000)` };
  return { test: "hellinger", why: `${type}, ${nValues} distinct values, baseline ${baselineRows} rows (> 1000): a p-value would flag negligible shifts` };
}

function sliceColumn(c: Column, start: number, end: number): Column {
  return c.type === "numeric"
    ? { type: "numeric", values: c.values.slice(start, end) }
    : { type: "categorical", codes: c.codes.slice(start, end), dictionary: c.dictionary };
}

/**
 * NannyML-style threshold learned from the baseline's own variability: the baseline is split
 * into `chunks` contiguous chunks, the statistic of each chunk vs the whole baseline is
 * computed, and the upper threshold is mean + sigmas · std (population std).
 */
export function learnThreshold(
  test: DriftTestId,
  base: Column,
  chunks: number,
  sigmas: number,
  o: DriftTestOptions = {},
): { upper: number; mean: number; std: number; values: number[] } | null {
  const n = base.type === "numeric" ? base.values.length : base.codes.length;
  if (chunks < 2 || n < chunks * 2) return null;
  const values: number[] = [];
  for (let k = 0; k < chunks; k++) {
    const s = Math.floor((k * n) / chunks);
    const e = Math.floor(((k + 1) * n) / chunks);
    const chunk = sliceColumn(base, s, e);
    const r = DRIFT_TESTS[test](base, chunk, o);
    if (r.statistic !== null && Number.isFinite(r.statistic)) values.push(r.statistic);
  }
  if (values.length < 2) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { upper: mean + sigmas * std, mean, std, values };
}

/** Sort helper re-exported for evaluators that need raw sorted samples. */
export { sortFiniteInPlace };

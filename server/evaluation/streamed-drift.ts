/**
 * Drift over a window too large to hold: the window's chunks (PredictionRepository.iterateWindow)
 * are folded into per-column summaries (streamed-sketches.ts: a RankSketch per numeric column,
 * exact value counts while a numeric column has few values, exact category counts per categorical
 * column), for `all` and per cohort value; the per-column tests are then computed from them, each
 * with its error bound (or "exact") stated in the column's details. The reference (a baseline
 * frame, or a window streamed the same way) is summarised alike, first — a reference within the
 * sketch's capacity stays exact.
 */
import {
  CATEGORICAL_MAX_DISTINCT,
  chisquare,
  DEFAULT_THRESHOLDS,
  fisherExact2x2,
  fixedThresholdStatus,
  jensenShannon,
  RankSketch,
  ksPValue,
  learnThreshold,
  psiFromCounts,
  sketchCountInEdges,
  sketchHistogram,
  sketchKsWasserstein,
  sketchQuantile,
  sturgesEdges,
  summariseDrift,
  type ColumnResult,
  type DriftCommon,
  type DriftTestOptions,
  type EvaluatorResult,
  type Frame,
  type JsonValue,
  type SketchView,
  type Status,
} from "../../plugins/sdk";
import { STREAMED_MAX_CATEGORIES, type ColumnSketches, type ValueCounts } from "./streamed-sketches";

/** The per-column drift plugins that have a streamed path, and the test each runs. */
export const STREAMED_DRIFT_TESTS: Record<string, StreamedTest> = {
  "drift.ks": "ks",
  "drift.wasserstein": "wasserstein",
  "drift.psi": "psi",
  "drift.jensenshannon": "jensenshannon",
  "drift.hellinger": "hellinger",
  "drift.tvd": "tvd",
  "drift.chisquare": "chisquare",
  "drift.fisher": "fisher",
  "drift.energy": "energy",
};
export type StreamedTest = "ks" | "wasserstein" | "psi" | "jensenshannon" | "hellinger" | "tvd" | "chisquare" | "fisher" | "energy";

/** Why a drift evaluator without a streamed path cannot run on a window too large to load. */
export function notStreamedReason(pluginId: string): string {
  const why: Record<string, string> = {
    "drift.anderson": "the Anderson–Darling statistic needs the midranks of every value",
    "drift.cramervonmises": "the Cramér–von Mises statistic needs the ranks of every value",
    "drift.mmd": "MMD samples rows from the whole window",
  };
  return `${why[pluginId] ?? `${pluginId} needs the whole window in memory`}; streamed tests: ${Object.keys(STREAMED_DRIFT_TESTS).join(", ")}`;
}

interface Outcome {
  metrics: Record<string, number | null>;
  details: Record<string, JsonValue>;
  reasons?: Record<string, string>;
  score: number;
  statistic: number;
  drift: boolean;
  threshold: number;
}

/** A column the test cannot run on, and why. */
interface Skip {
  why: string;
}

function streamedNote(b: RankSketch, c: RankSketch): string {
  const exact = b.exact && c.exact;
  return exact
    ? "streamed: sketches exact (every value kept)"
    : `streamed: rank sketch (k=${c.k}), |F̂ − F| ≤ ε = ${(b.epsilon + c.epsilon).toPrecision(3)} (baseline ${b.epsilon.toPrecision(3)} + current ${c.epsilon.toPrecision(3)})`;
}

function sketchDetails(b: RankSketch, c: RankSketch): Record<string, JsonValue> {
  return { streamed: streamedNote(b, c), epsilon_baseline: b.epsilon, epsilon_current: c.epsilon, sketch_k: c.k };
}

const NUMERIC_TESTS = new Set<StreamedTest>(["ks", "wasserstein", "psi", "energy"]);

function numericOutcome(test: StreamedTest, b: RankSketch, c: RankSketch, bv: SketchView, cv: SketchView, o: DriftTestOptions): Outcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS[test];
  const eps = b.epsilon + c.epsilon;
  const details = sketchDetails(b, c);
  if (test === "psi") {
    const bins = o.bins ?? 10;
    const edges: number[] = [];
    for (let q = 1; q < bins; q++) {
      const e = sketchQuantile(bv, q / bins);
      if (edges.length === 0 || e > edges[edges.length - 1]!) edges.push(e);
    }
    const bc = sketchCountInEdges(bv, edges);
    const cc = sketchCountInEdges(cv, edges);
    const { psi } = psiFromCounts(bc, cc, o.epsilon ?? 1e-4);
    details.bound = eps ? `each bin's share within ±${(2 * b.epsilon).toPrecision(3)} (baseline), ±${(2 * c.epsilon).toPrecision(3)} (current); edges are baseline quantiles within rank ±${b.epsilon.toPrecision(3)}` : "exact";
    details.chart = { edges, baseline: Array.from(bc), current: Array.from(cc) };
    return { metrics: { psi }, details, score: psi, statistic: psi, drift: psi >= threshold, threshold };
  }
  const { ks, wasserstein, squared } = sketchKsWasserstein(bv, cv);
  const range = Math.max(b.max, c.max) - Math.min(b.min, c.min);
  if (test === "energy") {
    const distance = Math.sqrt(2 * squared);
    const normed = distance / Math.max(Math.sqrt(b.variance), 0.001);
    if (eps) {
      // |∫d̂² − ∫d²| ≤ ε·(2·Ŵ + ε·range) and |√x − √y| ≤ √|x − y|
      const bound = Math.sqrt(2 * eps * (2 * wasserstein + eps * range));
      details.bound = `|distance − exact| ≤ √(2ε·(2Ŵ + ε·range)) = ${bound.toPrecision(3)}`;
      details.distance_bound = bound;
    }
    return { metrics: { distance, normed }, details, score: normed, statistic: normed, drift: normed >= threshold, threshold };
  }
  if (test === "ks") {
    const r = ksPValue(b.n, c.n, ks);
    if (eps) {
      details.bound = `|statistic − exact| ≤ ${eps.toPrecision(3)}; p_value from the sketched statistic (approximate)`;
      details.statistic_bound = eps;
      details.p_value_range = [ksPValue(b.n, c.n, Math.min(1, ks + eps)).pValue, ksPValue(b.n, c.n, Math.max(0, ks - eps)).pValue];
    }
    return { metrics: { statistic: r.statistic, p_value: r.pValue }, details, score: r.pValue, statistic: r.statistic, drift: r.pValue < threshold, threshold };
  }
  const std = Math.sqrt(b.variance);
  const normed = wasserstein / Math.max(std, 0.001);
  if (eps) {
    details.bound = `|distance − exact| ≤ ε·range = ${(eps * range).toPrecision(3)}`;
    details.distance_bound = eps * range;
  }
  return { metrics: { distance: wasserstein, normed }, details, score: normed, statistic: normed, drift: normed >= threshold, threshold };
}

/** Aligned counts of two sides (baseline's categories first); null when a side has no values. */
interface Table {
  categories: string[];
  b: Float64Array;
  c: Float64Array;
}

function tableOf(b: Map<string, number>, c: Map<string, number>): Table | null {
  const categories = [...new Set([...b.keys(), ...c.keys()])];
  const t = { categories, b: Float64Array.from(categories, (k) => b.get(k) ?? 0), c: Float64Array.from(categories, (k) => c.get(k) ?? 0) };
  return t.b.some((x) => x > 0) && t.c.some((x) => x > 0) ? t : null;
}

const OTHER_VALUES = `(more values not in the baseline)`;

/**
 * A numeric column with few baseline values, one bin per value; the current side's values beyond
 * the first CATEGORICAL_MAX_DISTINCT outside the baseline in one bin (each such bin adds the same to
 * JS, Hellinger, total variation and chi-square whether split or not; Fisher is n/a then anyway).
 */
function valueTable(b: ValueCounts, c: ValueCounts): Table | Skip {
  if (c.overflow) return { why: `the current side has more than ${CATEGORICAL_MAX_DISTINCT} values and the baseline's were not known when it was read` };
  const bm = new Map([...b.counts].filter(([, n]) => n > 0).map(([v, n]) => [String(v), n]));
  const cm = new Map([...c.counts].filter(([, n]) => n > 0).map(([v, n]) => [String(v), n]));
  if (c.other) cm.set(OTHER_VALUES, (cm.get(OTHER_VALUES) ?? 0) + c.other);
  return tableOf(bm, cm) ?? { why: "no values in baseline or current" };
}

const shares = (x: Float64Array) => {
  const t = x.reduce((s, v) => s + v, 0);
  return x.map((v) => v / t);
};

/** Hellinger, Jensen–Shannon (base 2), total variation, chi-square or PSI of aligned counts, as the SDK's tests compute them. */
function countsOutcome(test: StreamedTest, t: Table, o: DriftTestOptions, details: Record<string, JsonValue>): Outcome | Skip {
  const threshold = o.threshold ?? DEFAULT_THRESHOLDS[test];
  const distance = (d: number): Outcome => ({ metrics: { distance: d }, details, score: d, statistic: d, drift: d >= threshold, threshold });
  const p = shares(t.b);
  const q = shares(t.c);
  if (test === "jensenshannon") return distance(jensenShannon(t.b, t.c, 2));
  if (test === "hellinger") {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += (Math.sqrt(p[i]!) - Math.sqrt(q[i]!)) ** 2;
    return distance(Math.sqrt(s) / Math.SQRT2);
  }
  if (test === "tvd") {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += Math.abs(p[i]! - q[i]!);
    return distance(s / 2);
  }
  if (test === "psi") {
    const { psi } = psiFromCounts(t.b, t.c, o.epsilon ?? 1e-4);
    return { metrics: { psi }, details, score: psi, statistic: psi, drift: psi >= threshold, threshold };
  }
  if (test === "fisher") {
    const nb = t.b.reduce((s, x) => s + x, 0);
    const nc = t.c.reduce((s, x) => s + x, 0);
    if (t.categories.length > 2 || t.categories.includes(OTHER_VALUES)) return { why: `Fisher's exact test needs a two-valued (boolean) column; found ${t.categories.includes(OTHER_VALUES) ? "more than 20" : t.categories.length} values` };
    if (t.categories.length === 1) return { metrics: { odds_ratio: null, p_value: 1 }, reasons: { odds_ratio: "one value only" }, details, score: 1, statistic: 0, drift: false, threshold };
    const r = fisherExact2x2(t.b[0]!, t.b[1]!, t.c[0]!, t.c[1]!);
    const reasons = Number.isFinite(r.oddsRatio) ? undefined : { odds_ratio: "infinite: a cell of the table is 0" };
    const share = Math.abs(t.b[0]! / nb - t.c[0]! / nc);
    return { metrics: { odds_ratio: Number.isFinite(r.oddsRatio) ? r.oddsRatio : null, p_value: r.pValue }, details, reasons, score: r.pValue, statistic: share, drift: r.pValue < threshold, threshold };
  }
  if (test === "chisquare") {
    if (t.categories.length < 2) return { why: "fewer than 2 categories (0 degrees of freedom)" };
    const nb = t.b.reduce((s, x) => s + x, 0);
    const nc = t.c.reduce((s, x) => s + x, 0);
    const r = chisquare(t.c, Array.from(t.b, (x) => (x * nc) / nb));
    const unseen = t.categories.filter((_, i) => t.b[i] === 0);
    const reasons = Number.isFinite(r.statistic) ? undefined : { statistic: `infinite: categories absent from the baseline (${unseen.slice(0, 5).join(", ")})` };
    return { metrics: { statistic: Number.isFinite(r.statistic) ? r.statistic : null, p_value: r.pValue }, details, reasons, score: r.pValue, statistic: r.statistic, drift: r.pValue < threshold, threshold };
  }
  return { why: "column is not numeric" };
}

/** JS / Hellinger on Sturges bins over the pooled range (exact edges: min, max and n are exact), counts from the sketches. */
function binnedOutcome(test: "jensenshannon" | "hellinger", b: RankSketch, c: RankSketch, o: DriftTestOptions): Outcome | Skip {
  const edges = sturgesEdges(Math.min(b.min, c.min), Math.max(b.max, c.max), b.n + c.n);
  const t = { categories: [], b: sketchHistogram(b.view(), edges), c: sketchHistogram(c.view(), edges) };
  const details = sketchDetails(b, c);
  const bins = edges.length - 1;
  if (b.epsilon + c.epsilon) {
    // each bin's count within ±2ε·n; summed over the bins, each side's share vector is within total variation bins·ε of
    // the exact one, and both distances are metrics with d² ≤ total variation: |d̂ − d| ≤ √(bins·ε_b) + √(bins·ε_c)
    const bound = Math.min(1, Math.sqrt(Math.min(1, bins * b.epsilon)) + Math.sqrt(Math.min(1, bins * c.epsilon)));
    details.bound = `each bin's share within ±${(2 * b.epsilon).toPrecision(3)} (baseline), ±${(2 * c.epsilon).toPrecision(3)} (current); |distance − exact| ≤ ${bound.toPrecision(3)}`;
    details.distance_bound = bound;
  } else details.bound = "exact";
  details.chart = { edges, baseline: Array.from(t.b), current: Array.from(t.c) };
  return countsOutcome(test, t, o, details);
}

/** One column's outcome on the two sides' summaries, or why the test cannot run on it. */
function columnOutcome(test: StreamedTest, name: string, base: ColumnSketches, cur: ColumnSketches, o: DriftTestOptions): { outcome: Outcome | Skip; n: { b: number; c: number } } {
  const b = base.numeric.get(name);
  const c = cur.numeric.get(name);
  if (b && c) {
    const n = { b: b.n, c: c.n };
    if (!b.n || !c.n) return { outcome: { why: "no finite values in baseline or current" }, n };
    if (NUMERIC_TESTS.has(test)) return { outcome: numericOutcome(test, b, c, b.view(), c.view(), o), n };
    const bv = base.values.get(name)!;
    if (bv.overflow) {
      if (test === "jensenshannon" || test === "hellinger") return { outcome: binnedOutcome(test, b, c, o), n };
      return { outcome: { why: `a continuous numeric column (> ${CATEGORICAL_MAX_DISTINCT} distinct baseline values): ${test} compares categories; use a numeric test (drift.ks, drift.hellinger bins it)` }, n };
    }
    const t = valueTable(bv, cur.values.get(name)!);
    return { outcome: "why" in t ? t : countsOutcome(test, t, o, { streamed: "streamed: exact counts per value" }), n };
  }
  const bc = base.categorical.get(name);
  const cc = cur.categorical.get(name);
  if (bc && cc) {
    const n = { b: [...bc.values()].reduce((s, x) => s + x, 0), c: [...cc.values()].reduce((s, x) => s + x, 0) };
    if (test !== "psi" && NUMERIC_TESTS.has(test)) return { outcome: { why: "column is not numeric" }, n };
    const t = tableOf(bc, cc);
    if (!t) return { outcome: { why: "no values in baseline or current" }, n };
    const outcome = countsOutcome(test, t, o, { streamed: "streamed: exact category counts", chart: { categories: t.categories, baseline: Array.from(t.b), current: Array.from(t.c) } });
    return { outcome, n };
  }
  const n = { b: base.nonMissing(name), c: cur.nonMissing(name) };
  if (base.tooManyCategories.has(name) || cur.tooManyCategories.has(name)) return { outcome: { why: `more than ${STREAMED_MAX_CATEGORIES.toLocaleString("en-US")} categories: not counted on a streamed window` }, n };
  if ((b ?? bc) && (c ?? cc)) return { outcome: { why: "numeric on one side, categorical on the other" }, n };
  return { outcome: { why: n.b || !(c ?? cc) ? "column not in current data" : "column not in baseline" }, n };
}

/**
 * Per-column drift from the two sides' summaries, thresholds as runColumnDrift applies them (learned
 * thresholds only with the baseline (of the cohort) in memory: `baseFrame`).
 */
export function driftFromSketches(args: {
  test: StreamedTest;
  config: DriftCommon & DriftTestOptions;
  columns: readonly string[];
  baseline: ColumnSketches;
  current: ColumnSketches;
  baseFrame?: Frame;
}): EvaluatorResult {
  const { test, config } = args;
  const columns: ColumnResult[] = [];
  for (const name of args.columns) {
    const { outcome, n } = columnOutcome(test, name, args.baseline, args.current, config);
    if ("why" in outcome) {
      columns.push({ column: name, status: "n/a", metrics: { n_baseline: n.b, n_current: n.c }, details: { test, note: outcome.why } });
      continue;
    }
    const metrics: Record<string, number | null> = { ...outcome.metrics, n_baseline: n.b, n_current: n.c };
    const details: Record<string, JsonValue> = { test, ...outcome.details };
    let drift = outcome.drift;
    let status: Status;
    const baseCol = args.baseFrame?.features[name];
    if (config.thresholdMode === "learned" && baseCol) {
      // as driftColumn: chunks of the (cohort's) baseline; a baseline too small keeps the fixed threshold
      const learned = learnThreshold(test, baseCol, config.chunks, config.sigmas, config);
      if (learned) {
        drift = outcome.statistic > learned.upper;
        Object.assign(metrics, { threshold: learned.upper, chunk_mean: learned.mean, chunk_std: learned.std });
        details.threshold_mode = "learned";
        details.threshold_on = "statistic";
      } else {
        details.threshold_mode = "fixed (baseline too small to learn)";
        details.threshold = outcome.threshold;
      }
      status = drift ? "fail" : "pass";
    } else {
      details.threshold_mode = config.thresholdMode === "learned" ? "fixed (learned thresholds need the baseline in memory)" : "fixed";
      details.threshold = outcome.threshold;
      status = fixedThresholdStatus(test, drift, outcome.score, config.warn);
    }
    details.drift = drift;
    const column: ColumnResult = { column: name, status, metrics, details };
    if (outcome.reasons) column.reasons = outcome.reasons;
    columns.push(column);
  }
  return summariseDrift(columns, config.driftShare);
}

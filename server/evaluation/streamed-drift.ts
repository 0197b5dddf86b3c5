/**
 * Drift over a window too large to hold: the window's chunks (PredictionRepository.iterateWindow)
 * are folded into one RankSketch per numeric column (bounded memory: ~k·log2(n/k) doubles per
 * column, whatever the window's size) and exact category counts per categorical column; KS,
 * Wasserstein and PSI are then computed from the sketches, each with its error bound stated in the
 * column's details. Only the `all` cohort; the reference (a baseline frame, or a window streamed the
 * same way) is sketched alike — a reference within the sketch's capacity stays exact.
 */
import {
  DEFAULT_SKETCH_K,
  fixedThresholdStatus,
  RankSketch,
  ksPValue,
  learnThreshold,
  psiFromCounts,
  sketchCountInEdges,
  sketchKsWasserstein,
  sketchQuantile,
  summariseDrift,
  type Column,
  type ColumnResult,
  type DriftCommon,
  type DriftTestOptions,
  type EvaluatorResult,
  type Frame,
  type JsonValue,
  type SketchView,
  type Status,
} from "../../plugins/sdk";

/** The per-column drift plugins that have a streamed path, and the test each runs. */
export const STREAMED_DRIFT_TESTS: Record<string, StreamedTest> = { "drift.ks": "ks", "drift.wasserstein": "wasserstein", "drift.psi": "psi" };
export type StreamedTest = "ks" | "wasserstein" | "psi";

/** One side's summaries: a sketch per numeric column, category counts per categorical one. */
export class ColumnSketches {
  readonly numeric = new Map<string, RankSketch>();
  readonly categorical = new Map<string, Map<string, number>>();
  rows = 0;
  constructor(readonly k: number = DEFAULT_SKETCH_K) {}

  addFrame(frame: Frame, names?: readonly string[]): void {
    this.rows += frame.length;
    for (const name of names ?? Object.keys(frame.features)) {
      const col = frame.features[name];
      if (col) this.addColumn(name, col);
    }
  }

  private addColumn(name: string, col: Column): void {
    if (col.type === "numeric") {
      let s = this.numeric.get(name);
      if (!s) this.numeric.set(name, (s = new RankSketch(this.k)));
      s.addAll(col.values);
      return;
    }
    let counts = this.categorical.get(name);
    if (!counts) this.categorical.set(name, (counts = new Map()));
    const perCode = new Float64Array(col.dictionary.length);
    for (const c of col.codes) if (c >= 0) perCode[c]++;
    col.dictionary.forEach((v, i) => perCode[i] && counts.set(v, (counts.get(v) ?? 0) + perCode[i]!));
  }
}

export async function sketchChunks(chunks: AsyncIterable<{ frame: Frame }>, names?: readonly string[], k?: number): Promise<ColumnSketches> {
  const s = new ColumnSketches(k);
  for await (const chunk of chunks) s.addFrame(chunk.frame, names);
  return s;
}

interface Outcome {
  metrics: Record<string, number | null>;
  details: Record<string, JsonValue>;
  score: number;
  statistic: number;
  drift: boolean;
  threshold: number;
}

const DEFAULT_THRESHOLD: Record<StreamedTest, number> = { ks: 0.05, wasserstein: 0.1, psi: 0.25 };

function streamedNote(b: RankSketch, c: RankSketch): string {
  const exact = b.exact && c.exact;
  return exact
    ? "streamed: sketches exact (every value kept)"
    : `streamed: rank sketch (k=${c.k}), |F̂ − F| ≤ ε = ${(b.epsilon + c.epsilon).toPrecision(3)} (baseline ${b.epsilon.toPrecision(3)} + current ${c.epsilon.toPrecision(3)})`;
}

function numericOutcome(test: StreamedTest, b: RankSketch, c: RankSketch, bv: SketchView, cv: SketchView, o: DriftTestOptions): Outcome {
  const threshold = o.threshold ?? DEFAULT_THRESHOLD[test];
  const eps = b.epsilon + c.epsilon;
  const details: Record<string, JsonValue> = { streamed: streamedNote(b, c), epsilon_baseline: b.epsilon, epsilon_current: c.epsilon, sketch_k: c.k };
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
  const { ks, wasserstein } = sketchKsWasserstein(bv, cv);
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
    const range = Math.max(b.max, c.max) - Math.min(b.min, c.min);
    details.bound = `|distance − exact| ≤ ε·range = ${(eps * range).toPrecision(3)}`;
    details.distance_bound = eps * range;
  }
  return { metrics: { distance: wasserstein, normed }, details, score: normed, statistic: normed, drift: normed >= threshold, threshold };
}

function categoricalPsi(b: Map<string, number>, c: Map<string, number>, o: DriftTestOptions): Outcome | null {
  const categories = [...new Set([...b.keys(), ...c.keys()])];
  const bc = Float64Array.from(categories, (k) => b.get(k) ?? 0);
  const cc = Float64Array.from(categories, (k) => c.get(k) ?? 0);
  if (!bc.some((x) => x > 0) || !cc.some((x) => x > 0)) return null;
  const threshold = o.threshold ?? DEFAULT_THRESHOLD.psi;
  const { psi } = psiFromCounts(bc, cc, o.epsilon ?? 1e-4);
  const details = { streamed: "streamed: exact category counts", chart: { categories, baseline: Array.from(bc), current: Array.from(cc) } };
  return { metrics: { psi }, details, score: psi, statistic: psi, drift: psi >= threshold, threshold };
}

/**
 * Per-column drift from the two sides' sketches, thresholds as runColumnDrift applies them (learned
 * thresholds only with a baseline frame in memory: `baseFrame`).
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
    const b = args.baseline.numeric.get(name);
    const c = args.current.numeric.get(name);
    let outcome: Outcome | null = null;
    let why = "column missing from baseline or current";
    let n = { b: 0, c: 0 };
    if (b && c) {
      n = { b: b.n, c: c.n };
      if (b.n && c.n) outcome = numericOutcome(test, b, c, b.view(), c.view(), config);
      else why = "no finite values in baseline or current";
    } else {
      const bc = args.baseline.categorical.get(name);
      const cc = args.current.categorical.get(name);
      if (bc && cc) {
        n = { b: [...bc.values()].reduce((s, x) => s + x, 0), c: [...cc.values()].reduce((s, x) => s + x, 0) };
        if (test === "psi") outcome = categoricalPsi(bc, cc, config);
        why = test === "psi" ? "no values in baseline or current" : "column is not numeric";
      }
    }
    if (!outcome) {
      columns.push({ column: name, status: "n/a", metrics: { n_baseline: n.b, n_current: n.c }, details: { test, note: why } });
      continue;
    }
    const metrics: Record<string, number | null> = { ...outcome.metrics, n_baseline: n.b, n_current: n.c };
    const details: Record<string, JsonValue> = { test, ...outcome.details };
    let drift = outcome.drift;
    let status: Status;
    const baseCol = args.baseFrame?.features[name];
    const learned = config.thresholdMode === "learned" && baseCol ? learnThreshold(test, baseCol, config.chunks, config.sigmas, config) : null;
    if (learned) {
      drift = outcome.statistic > learned.upper;
      Object.assign(metrics, { threshold: learned.upper, chunk_mean: learned.mean, chunk_std: learned.std });
      details.threshold_mode = "learned";
      details.threshold_on = "statistic";
      status = drift ? "fail" : "pass";
    } else {
      details.threshold_mode = config.thresholdMode === "learned" ? "fixed (learned thresholds need the baseline in memory)" : "fixed";
      details.threshold = outcome.threshold;
      status = fixedThresholdStatus(test, drift, outcome.score, config.warn);
    }
    details.drift = drift;
    columns.push({ column: name, status, metrics, details });
  }
  return summariseDrift(columns, config.driftShare);
}

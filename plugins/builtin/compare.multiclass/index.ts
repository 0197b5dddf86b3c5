import { comparisonConfigFields, costMetrics, defineComparison, economicsConfigFields, gatherU8, selectRows, toCategorical, toNumeric, z, type Frame, type MetricSpec, type SideTotals } from "../../sdk";

/** Predicted class per row: the prediction column, or the arg-max of the probability columns. */
function predictedClasses(f: Frame, prefix: string): (string | null)[] {
  if (f.prediction) {
    const p = toCategorical(f.prediction);
    return Array.from(p.codes, (c) => (c < 0 ? null : p.dictionary[c]));
  }
  const cols = Object.keys(f.features).filter((k) => k.startsWith(prefix));
  const probs = cols.map((k) => toNumeric(f.features[k]));
  const out: (string | null)[] = new Array(f.length).fill(null);
  for (let i = 0; i < f.length; i++) {
    let best = -Infinity;
    for (let c = 0; c < probs.length; c++)
      if (probs[c][i] > best) {
        best = probs[c][i];
        out[i] = cols[c].slice(prefix.length);
      }
  }
  return out;
}

/** Class codes shared by both versions' labels and predictions (-1 = missing). */
function encode(classes: Map<string, number>, values: (string | null)[]): Int32Array {
  return Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let k = classes.get(v);
    if (k === undefined) classes.set(v, (k = classes.size));
    return k;
  });
}

/**
 * Macro F1 over the classes present in y_true ∪ y_pred (sklearn f1_score average='macro'), from the
 * counts per (label, predicted) key y·k + p.
 */
function macroF1(t: SideTotals, k: number): number {
  let sum = 0;
  let present = 0;
  for (let c = 0; c < k; c++) {
    let truth = 0;
    let pred = 0;
    for (let o = 0; o < k; o++) {
      truth += t.w[c * k + o];
      pred += t.w[o * k + c];
    }
    if (truth === 0 && pred === 0) continue;
    present++;
    sum += (2 * t.w[c * k + c]) / (truth + pred);
  }
  return present ? sum / present : NaN;
}

export default defineComparison({
  id: "compare.multiclass",
  version: "1.0.0",
  kind: "comparison",
  title: "Multiclass classifier: A vs B",
  description: [
    "Δ = B − A on the same requests (paired by request id; unpaired only when the versions share no request). Rows with a label and a predicted class (the prediction column or the arg-max of '<probabilityPrefix><class>') on both sides are used.",
    "accuracy: McNemar's test (exact or mid-p) on the discordant pairs with the Wald interval of the paired difference.",
    "macro_f1 (sklearn average='macro' over classes in y_true ∪ y_pred), cost_per_correct, cost_per_request, net_value_per_1k: seeded paired bootstrap with percentile intervals, over cells — a resample draws the count of requests per joint (label, A's class, B's class) cell from Multinomial(n, n_cell/n), the row bootstrap's distribution at a cost independent of the rows; cost sums per cell exactly (cells ≤ 2,000 rows) or from their normal limit.",
    "latency_ms: Wilcoxon signed-rank with the Hodges–Lehmann shift.",
    "Verdict: better/worse when p < α and the interval lies wholly beyond the margin; else no clear difference with the paired requests still needed for 80% power.",
  ],
  appliesTo: { tasks: ["multiclass"] },
  needs: { labels: true },
  config: z.object({
    ...comparisonConfigFields,
    probabilityPrefix: z.string().default("proba_"),
    ...economicsConfigFields,
  }),
  metrics({ a, b, paired, config }) {
    if (!a.label || !b.label) return [{ metric: "accuracy", test: "none", reason: "no labels on these requests yet" }];
    const classes = new Map<string, number>();
    const labelsOf = (f: Frame) => {
      const l = toCategorical(f.label!);
      return Array.from(l.codes, (c) => (c < 0 ? null : l.dictionary[c]));
    };
    const yA = encode(classes, labelsOf(a));
    const yB = encode(classes, labelsOf(b));
    const pA = encode(classes, predictedClasses(a, config.probabilityPrefix));
    const pB = encode(classes, predictedClasses(b, config.probabilityPrefix));
    const correct = (y: Int32Array, p: Int32Array) => Uint8Array.from(y, (yi, i) => (yi < 0 || p[i] < 0 ? 255 : Number(yi === p[i])));
    const cA = correct(yA, pA);
    const cB = correct(yB, pB);
    const rows = selectRows(a, b, paired, (i) => cA[i] <= 1, (i) => cB[i] <= 1);
    const out: MetricSpec[] = [];
    if (!rows.a.length || !rows.b.length) out.push({ metric: "accuracy", test: "none", reason: "no labelled request answered by both versions" });
    else {
      out.push({ metric: "accuracy", test: "mcnemar", higherIsBetter: true, a: gatherU8(cA, rows.a), b: gatherU8(cB, rows.b) });
      const k = classes.size;
      const keys = (rs: Int32Array, y: Int32Array, p: Int32Array) => Int32Array.from(rs, (i) => y[i] * k + p[i]);
      out.push({ metric: "macro_f1", test: "cells", higherIsBetter: true, a: { keys: keys(rows.a, yA, pA), k: k * k, columns: [] }, b: { keys: keys(rows.b, yB, pB), k: k * k, columns: [] }, statistic: (ta, tb) => [macroF1(ta, k), macroF1(tb, k)] });
    }
    return [...out, ...costMetrics(a, b, paired, { a: cA, b: cB }, config)];
  },
  routing({ a, b, config }) {
    if (!a.label || !b.label) return { reason: "no labels yet: routing quality cannot be measured" };
    const maxProba = (f: Frame) => {
      const cols = Object.keys(f.features).filter((k) => k.startsWith(config.probabilityPrefix));
      if (cols.length < 2) return null;
      const probs = cols.map((k) => toNumeric(f.features[k]));
      return Float64Array.from({ length: f.length }, (_, i) => Math.max(...probs.map((p) => (Number.isFinite(p[i]) ? p[i] : -Infinity))));
    };
    const ca = maxProba(a);
    const cb = maxProba(b);
    if (!ca || !cb) return { reason: `needs class probabilities ('${config.probabilityPrefix}<class>' columns) from both versions; these log predicted classes only` };
    const classes = new Map<string, number>();
    const labelsOf = (f: Frame) => {
      const l = toCategorical(f.label!);
      return Array.from(l.codes, (c) => (c < 0 ? null : l.dictionary[c]));
    };
    const yA = encode(classes, labelsOf(a)), yB = encode(classes, labelsOf(b));
    const pA = encode(classes, predictedClasses(a, config.probabilityPrefix)), pB = encode(classes, predictedClasses(b, config.probabilityPrefix));
    const correct = (y: Int32Array, p: Int32Array) => Uint8Array.from(y, (yi, i) => (yi < 0 || p[i] < 0 ? 255 : Number(yi === p[i])));
    return { confidence: { a: ca, b: cb }, correct: { a: correct(yA, pA), b: correct(yB, pB) }, measure: "the top class probability" };
  },
});

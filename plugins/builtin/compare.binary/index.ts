import {
  binaryLabels,
  comparisonConfigFields,
  costMetrics,
  defineComparison,
  economicsConfigFields,
  gather,
  gatherU8,
  selectRows,
  toNumeric,
  z,
  type Frame,
  type MetricSpec,
  type SideTotals,
} from "../../sdk";

/** 0/1 labels at the given rows (plain loops: TypedArray.from with a map function is several times slower). */
function labelsAt(y: Float64Array, rows: Int32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = y[rows[k]];
  return out;
}

/** Per row of a frame: 1 correct, 0 wrong, 255 not scorable (no label or no finite score). */
function correctness(f: Frame, y: Float64Array, threshold: number): { scores: Float64Array; correct: Uint8Array } {
  const scores = f.prediction ? toNumeric(f.prediction) : new Float64Array(f.length).fill(NaN);
  const correct = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) {
    const yi = y[i];
    correct[i] = (yi === 0 || yi === 1) && Number.isFinite(scores[i]) ? Number((scores[i] >= threshold ? 1 : 0) === yi) : 255;
  }
  return { scores, correct };
}

export default defineComparison({
  id: "compare.binary",
  version: "1.0.0",
  kind: "comparison",
  title: "Binary classifier: A vs B",
  description: [
    "Δ = B − A on the same requests (paired by request id; unpaired only when the versions share no request). Rows with a 0/1 label and a finite score on both sides are used; predicted class = score ≥ threshold.",
    "accuracy: McNemar's test on the discordant pairs (b = A right/B wrong, c = A wrong/B right): exact p = binomtest(c, b + c, ½) two-sided, mid-p = 2·P(X ≤ min(b,c)) − P(X = min(b,c)); statistic (c − b)²/(b + c); interval Δ ± z·√(b + c − (c − b)²/n)/n (Wald).",
    "roc_auc: DeLong's test for two correlated AUCs (structural components by mid-ranks), interval Δ ± z·se.",
    "f1, cost_per_correct (Σ cost / #correct), cost_per_request (mean cost), net_value_per_1k (1000·mean(value·correct − costPerError·wrong − cost)): seeded paired bootstrap (percentile interval, p = 2·min(#Δ*≤0 + 1, #Δ*≥0 + 1)/(B + 1)) over cells: a resample draws how many requests fall in each joint outcome cell (A's and B's predicted class and label; for cost, whether each side was correct) from Multinomial(n, n_cell/n) — the row bootstrap's distribution, at a cost that does not grow with the rows — and each cell's cost sum exactly from its rows (cells ≤ 2,000 rows) or from its normal limit (larger cells).",
    "latency_ms: Wilcoxon signed-rank (scipy.stats.wilcoxon, zero_method='wilcox', exact for n ≤ 50 without ties) with the Hodges–Lehmann shift and its distribution-free interval.",
    "Verdict: better/worse when p < α and the interval lies wholly beyond the margin; else no clear difference with the paired requests still needed for 80% power.",
  ],
  appliesTo: { tasks: ["binary"] },
  needs: { labels: true },
  config: z.object({
    ...comparisonConfigFields,
    threshold: z.number().default(0.5),
    positiveLabel: z.string().default("1"),
    ...economicsConfigFields,
  }),
  metrics({ a, b, paired, config }) {
    if (!a.label || !b.label) return [{ metric: "accuracy", test: "none", reason: "no labels on these requests yet" }];
    const yA = binaryLabels(a.label, config.positiveLabel);
    const yB = binaryLabels(b.label, config.positiveLabel);
    const A = correctness(a, yA, config.threshold);
    const B = correctness(b, yB, config.threshold);
    const rows = selectRows(a, b, paired, (i) => A.correct[i] <= 1, (i) => B.correct[i] <= 1);
    const out: MetricSpec[] = [];
    if (!rows.a.length || !rows.b.length) out.push({ metric: "accuracy", test: "none", reason: "no labelled request scored by both versions" });
    else {
      const ca = gatherU8(A.correct, rows.a);
      const cb = gatherU8(B.correct, rows.b);
      out.push({ metric: "accuracy", test: "mcnemar", higherIsBetter: true, a: ca, b: cb });
      const ya = labelsAt(yA, rows.a);
      const yb = labelsAt(yB, rows.b);
      const sa = gather(A.scores, rows.a);
      const sb = gather(B.scores, rows.b);
      out.push({ metric: "roc_auc", test: "delong", higherIsBetter: true, scoresA: sa, scoresB: sb, labelsA: ya, labelsB: yb });
      // cells: key = predicted class + 2·label; F1 from the tp (3), fp (1) and fn (2) counts
      const keys = (sc: Float64Array, y: Uint8Array) => {
        const k = new Uint8Array(sc.length);
        for (let i = 0; i < sc.length; i++) k[i] = (sc[i] >= config.threshold ? 1 : 0) + 2 * y[i];
        return k;
      };
      const f1 = (t: SideTotals) => {
        const tp = t.w[3], fp = t.w[1], fn = t.w[2];
        return 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : NaN;
      };
      out.push({ metric: "f1", test: "cells", higherIsBetter: true, a: { keys: keys(sa, ya), k: 4, columns: [] }, b: { keys: keys(sb, yb), k: 4, columns: [] }, statistic: (ta, tb) => [f1(ta), f1(tb)] });
    }
    return [...out, ...costMetrics(a, b, paired, { a: A.correct, b: B.correct }, config)];
  },
  routing({ a, b, config }) {
    if (!a.label || !b.label) return { reason: "no labels yet: routing quality cannot be measured" };
    if (a.prediction?.type !== "numeric" || b.prediction?.type !== "numeric") return { reason: "needs numeric scores from both versions" };
    const A = correctness(a, binaryLabels(a.label, config.positiveLabel), config.threshold);
    const B = correctness(b, binaryLabels(b.label, config.positiveLabel), config.threshold);
    const half = Math.max(config.threshold, 1 - config.threshold);
    const conf = (s: Float64Array) => {
      const out = new Float64Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = Math.abs(s[i] - config.threshold) / half;
      return out;
    };
    return { confidence: { a: conf(A.scores), b: conf(B.scores) }, correct: { a: A.correct, b: B.correct }, measure: `distance of the score from the threshold ${config.threshold}` };
  },
});

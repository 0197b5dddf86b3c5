import { comparisonConfigFields, costMetrics, defineComparison, selectRows, toNumeric, z, type MetricSpec } from "../../sdk";

export default defineComparison({
  id: "compare.regression",
  version: "1.0.0",
  kind: "comparison",
  title: "Regression model: A vs B",
  description: [
    "Δ = B − A on the same requests (paired by request id; unpaired only when the versions share no request). Rows with a finite label and finite predictions on both sides are used.",
    "mae = mean |y − ŷ|, rmse = √mean (y − ŷ)² (sklearn definitions): seeded paired bootstrap with percentile intervals; lower is better.",
    "abs_error: Wilcoxon signed-rank of the per-request absolute errors with the Hodges–Lehmann shift.",
    "cost_per_request (bootstrap), latency_ms (Wilcoxon + Hodges–Lehmann) when both versions log them.",
  ].join(" "),
  appliesTo: { tasks: ["regression"] },
  needs: { labels: true },
  config: z.object({ ...comparisonConfigFields }),
  metrics({ a, b, paired }) {
    if (!a.label || !b.label || !a.prediction || !b.prediction) return [{ metric: "mae", test: "none", reason: "needs labels and predictions on both sides" }];
    const yA = toNumeric(a.label), yB = toNumeric(b.label), pA = toNumeric(a.prediction), pB = toNumeric(b.prediction);
    const rows = selectRows(a, b, paired, (i) => Number.isFinite(yA[i]) && Number.isFinite(pA[i]), (i) => Number.isFinite(yB[i]) && Number.isFinite(pB[i]));
    const out: MetricSpec[] = [];
    if (!rows.a.length || !rows.b.length) out.push({ metric: "mae", test: "none", reason: "no labelled request answered by both versions" });
    else {
      const ea = Float64Array.from(rows.a, (i) => Math.abs(yA[i] - pA[i]));
      const eb = Float64Array.from(rows.b, (i) => Math.abs(yB[i] - pB[i]));
      const mean = (e: Float64Array, r: Int32Array | null, sq: boolean) => {
        let s = 0;
        const n = r ? r.length : e.length;
        for (let k = 0; k < n; k++) {
          const v = e[r ? r[k] : k];
          s += sq ? v * v : v;
        }
        return sq ? Math.sqrt(s / n) : s / n;
      };
      out.push({ metric: "mae", test: "bootstrap", higherIsBetter: false, nA: ea.length, nB: eb.length, statistic: (ra, rb) => [mean(ea, ra, false), mean(eb, rb, false)] });
      out.push({ metric: "rmse", test: "bootstrap", higherIsBetter: false, nA: ea.length, nB: eb.length, statistic: (ra, rb) => [mean(ea, ra, true), mean(eb, rb, true)] });
      if (paired) out.push({ metric: "abs_error", test: "wilcoxon", higherIsBetter: false, a: ea, b: eb });
    }
    return [...out, ...costMetrics(a, b, paired, null)];
  },
});

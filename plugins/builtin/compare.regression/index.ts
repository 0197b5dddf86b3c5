import { comparisonConfigFields, costMetrics, defineComparison, selectRows, toNumeric, z, type MetricSpec } from "../../sdk";

export default defineComparison({
  id: "compare.regression",
  version: "1.0.0",
  kind: "comparison",
  title: "Regression model: A vs B",
  description: [
    "Δ = B − A on the same requests (paired by request id; unpaired only when the versions share no request). Rows with a finite label and finite predictions on both sides are used.",
    "mae = mean |y − ŷ|, rmse = √mean (y − ŷ)² (sklearn definitions): seeded paired bootstrap with percentile intervals (requests resampled exactly up to 2,000 rows, the normal limit of the resampled error sums above); lower is better.",
    "abs_error: Wilcoxon signed-rank of the per-request absolute errors with the Hodges–Lehmann shift.",
    "cost_per_request (bootstrap), latency_ms (Wilcoxon + Hodges–Lehmann) when both versions log them.",
  ],
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
      // one cell per side; columns |e| and e²: MAE = Σ|e|/n, RMSE = √(Σe²/n)
      const side = (e: Float64Array) => ({ keys: new Uint8Array(e.length), k: 1, columns: [e, e.map((v) => v * v)] });
      const A = side(ea);
      const B = side(eb);
      out.push({ metric: "mae", test: "cells", higherIsBetter: false, a: A, b: B, statistic: (ta, tb) => [ta.s[0] / ta.w[0], tb.s[0] / tb.w[0]] });
      out.push({ metric: "rmse", test: "cells", higherIsBetter: false, a: A, b: B, statistic: (ta, tb) => [Math.sqrt(ta.s[1] / ta.w[0]), Math.sqrt(tb.s[1] / tb.w[0])] });
      if (paired) out.push({ metric: "abs_error", test: "wilcoxon", higherIsBetter: false, a: ea, b: eb });
    }
    return [...out, ...costMetrics(a, b, paired, null)];
  },
});

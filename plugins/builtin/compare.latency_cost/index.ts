import { comparisonConfigFields, costMetrics, defineComparison, z } from "../../sdk";

export default defineComparison({
  id: "compare.latency_cost",
  version: "1.0.0",
  kind: "comparison",
  title: "Latency and cost: A vs B",
  description: [
    "Δ = B − A on the same requests (paired by request id; unpaired only when the versions share no request); needs no labels.",
    "latency_ms: Wilcoxon signed-rank of the per-request latency differences (scipy.stats.wilcoxon, zero_method='wilcox', exact for n ≤ 50 without ties, else normal with the tie correction) with the Hodges–Lehmann shift and its distribution-free interval; a and b are the medians.",
    "cost_per_request = mean cost_usd: seeded paired bootstrap with a percentile interval; ratio = b / a.",
  ],
  appliesTo: {},
  needs: { labels: false },
  config: z.object({ ...comparisonConfigFields }),
  metrics({ a, b, paired }) {
    const out = costMetrics(a, b, paired, null);
    return out.length ? out : [{ metric: "latency_ms", test: "none", reason: "neither latency_ms nor cost_usd is logged by both versions" }];
  },
});

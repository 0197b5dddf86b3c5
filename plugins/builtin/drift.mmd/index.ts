import { defineColumnDriftEvaluator, pValueThresholds, z } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.mmd",
  version: "1.0.0",
  title: "Maximum mean discrepancy drift",
  description:
    "Per numeric column, baseline vs current (missing and ±Infinity excluded; at most maxSamples values per side, drawn with the seeded PRNG — the note says when): " +
    "mmd2 = mean k(X, X') + mean k(Y, Y') − 2 mean k(X, Y) (biased V-statistic) with the RBF kernel k(x, y) = exp(−(x − y)² / (2σ²)), " +
    "σ = bandwidth = median pairwise distance of the pooled sample (median heuristic). p_value = (1 + #{permutations with mmd2 ≥ observed}) / (1 + permutations), " +
    "labels shuffled with a seeded PRNG (mulberry32, seed), so the same data gives the same p_value. Drift when p_value < threshold (default 0.05); " +
    "learned mode compares mmd2 with mean + 3σ of baseline chunks (NannyML).",
  test: "mmd",
  columns: "numeric",
  config: {
    ...pValueThresholds(),
    permutations: z.number().int().min(20).max(5000).default(200).describe("label permutations for the p-value"),
    seed: z.number().int().min(0).default(42).describe("PRNG seed (sampling and permutations)"),
    maxSamples: z.number().int().min(20).max(5000).default(500).describe("values drawn per side when a window is larger"),
  },
});

import { defineColumnDriftEvaluator, statisticThresholds, z } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.psi",
  version: "1.0.0",
  title: "Population Stability Index",
  description:
    "psi = Σ_bins (c − b) · ln(c / b), b and c the baseline and current shares per bin. Numeric columns: bin edges are the baseline quantiles k/bins " +
    "(k = 1…bins−1, numpy 'linear', duplicates dropped) with open outer bins (−∞, e1], …, (e_last, +∞); categorical columns: one bin per category. " +
    "Smoothing: a share of 0 is replaced by epsilon (default 1e-4) before the sum. Missing and ±Infinity excluded. Drift when psi ≥ threshold (0.25), warn at ≥ 0.1.",
  test: "psi",
  columns: "any",
  config: {
    bins: z.number().int().min(2).max(100).default(10),
    epsilon: z.number().positive().max(0.1).default(1e-4),
    ...statisticThresholds("psi", 0.25, { warn: 0.1 }),
  },
});

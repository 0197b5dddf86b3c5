import { defineColumnDriftEvaluator, statisticThresholds } from "../../sdk";

export default defineColumnDriftEvaluator({
  id: "drift.energy",
  version: "1.0.0",
  title: "Energy distance drift",
  description:
    "Per numeric column, baseline vs current (missing and ±Infinity excluded): distance = scipy.stats.energy_distance(baseline, current) = " +
    "sqrt(2 ∫ (F_baseline(x) − F_current(x))² dx) = sqrt(2 E|X − Y| − E|X − X'| − E|Y − Y'|); normed = distance / max(std_baseline, 0.001) (ddof = 0), " +
    "so the threshold does not depend on the column's unit. Drift when normed ≥ threshold (default 0.1); learned mode compares normed with mean + 3σ of baseline chunks (NannyML).",
  test: "energy",
  columns: "numeric",
  config: statisticThresholds("normed", 0.1),
});

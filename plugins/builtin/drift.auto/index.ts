import { P_VALUE_TESTS, chooseDriftTest, chooseDriftTestExtended, defineEvaluator, driftColumn, driftCommonConfig, notApplicable, summariseDrift, z, type ColumnResult } from "../../sdk";

export default defineEvaluator({
  id: "drift.auto",
  version: "1.0.0",
  kind: "drift",
  title: "Data drift (automatic test per column)",
  description:
    "Picks the test per column as Evidently's default: baseline ≤ 1000 rows → KS (numeric, > 5 distinct values), chi-square (> 2 values), else two-proportion z-test; " +
    "larger baselines → Wasserstein normed (numeric, > 5 distinct values), else Jensen–Shannon. Each column reports the test and why. " +
    "Thresholds: p < 0.05 for KS/chi-square/z, ≥ 0.1 for Wasserstein normed and Jensen–Shannon (base 2), or learned from baseline chunks. " +
    "rules 'extended' picks among every evalbook test instead: two-valued columns → Fisher's exact (≤ 100 000 rows) or z-test; numeric > 5 distinct values → " +
    "Anderson–Darling (baseline ≤ 1000 rows), Wasserstein normed (≤ 100 000), Hellinger (larger); other columns → chi-square (baseline ≤ 1000) or Hellinger. " +
    "Dataset drift share = drifted columns / tested columns; dataset_drift = 1 when share ≥ driftShare (0.5). Text columns (contract) are skipped.",
  appliesTo: { columns: "any" },
  needs: { baseline: true, labels: false },
  config: z.object({
    pValueThreshold: z.number().min(0).max(1).default(0.05),
    distanceThreshold: z.number().min(0).default(0.1),
    rules: z.enum(["evidently", "extended"]).default("evidently").describe("Evidently's test choice, or evalbook's extended choice among all drift tests"),
    ...driftCommonConfig,
  }),
  evaluate({ current, baseline, config, columns: cols, contract }) {
    if (!baseline) return notApplicable("a baseline is required");
    const columns: ColumnResult[] = [];
    for (const name of config.columns ?? cols) {
      const cur = current.features[name];
      const base = baseline.features[name];
      const spec = contract?.features.find((f) => f.name === name);
      if (!cur || !base || spec?.type === "text") {
        columns.push({ column: name, status: "n/a", metrics: {}, details: { skipped: spec?.type === "text" ? "text column" : !cur ? "column not in current data" : "column not in baseline" } });
        continue;
      }
      const { test, why } = config.rules === "extended" ? chooseDriftTestExtended(base, cur, baseline.length, current.length) : chooseDriftTest(base, cur, baseline.length);
      const threshold = P_VALUE_TESTS.has(test) ? (test === "anderson" ? Math.min(Math.max(config.pValueThreshold, 0.001), 0.25) : config.pValueThreshold) : config.distanceThreshold;
      columns.push(driftColumn(name, base, cur, test, config, { threshold }, { why }).column);
    }
    return summariseDrift(columns, config.driftShare);
  },
});

import { DRIFT_TESTS, chooseDriftTest, defineEvaluator, driftColumn, driftCommonConfig, notApplicable, z, type DriftTestId } from "../../sdk";

export default defineEvaluator({
  id: "drift.prediction",
  version: "1.0.0",
  kind: "drift",
  title: "Prediction drift",
  description:
    "Drift of the prediction column, baseline vs current. test 'auto' picks as drift.auto (Evidently's rules); otherwise the named test " +
    "(ks, wasserstein, psi, jensenshannon, chisquare, z) with its definition from the drift.* evaluators. Status fail when drift is detected.",
  appliesTo: { columns: "none" },
  needs: { baseline: true, labels: false },
  config: z.object({
    test: z.enum(["auto", "ks", "wasserstein", "psi", "jensenshannon", "chisquare", "z"]).default("auto"),
    threshold: z.number().min(0).nullable().default(null).describe("default: the test's own default"),
    ...driftCommonConfig,
  }),
  evaluate({ current, baseline, config }) {
    if (!baseline) return notApplicable("a baseline is required");
    if (!current.prediction || !baseline.prediction) return notApplicable("prediction column missing in baseline or current");
    const picked = config.test === "auto" ? chooseDriftTest(baseline.prediction, current.prediction, baseline.length) : { test: config.test as DriftTestId, why: "configured" };
    void DRIFT_TESTS;
    const { column } = driftColumn("prediction", baseline.prediction, current.prediction, picked.test, config, { threshold: config.threshold ?? undefined }, { why: picked.why });
    return { status: column.status, metrics: { ...column.metrics, drift: column.details?.drift === true ? 1 : column.status === "n/a" ? null : 0 }, reasons: column.reasons ?? (column.status === "n/a" ? { drift: "test could not run" } : undefined), columns: [column] };
  },
});

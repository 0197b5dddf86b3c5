/**
 * A paired comparison seen as an evaluation output, for what reads metrics by name (trends, chart
 * cells, guardrails): per cohort, each compared metric as `<metric>_delta`, `_a`, `_b`, `_ci_low`,
 * `_ci_high`, `_p_value` and `_worse` (1 when the verdict is worse, else 0).
 */
import type { EvaluationOutput, PairedComparisonOutput } from "./result-schema";

export function pairedAsEvaluation(r: PairedComparisonOutput): EvaluationOutput {
  return {
    plugin: r.plugin,
    version: r.version,
    status: r.status,
    n: { current: r.pairing === "paired" ? r.paired : r.only_a + r.only_b, reference: null },
    cohorts: r.cohorts.map((c) => {
      const metrics: Record<string, number | null> = {};
      for (const m of c.metrics) {
        metrics[`${m.metric}_delta`] = m.delta;
        metrics[`${m.metric}_a`] = m.a;
        metrics[`${m.metric}_b`] = m.b;
        metrics[`${m.metric}_ci_low`] = m.ci_low;
        metrics[`${m.metric}_ci_high`] = m.ci_high;
        metrics[`${m.metric}_p_value`] = m.p_value;
        metrics[`${m.metric}_worse`] = m.verdict === null ? null : m.verdict === "worse" ? 1 : 0;
      }
      const reasons: Record<string, string> = {};
      for (const [k, v] of Object.entries(metrics)) if (v === null) reasons[k] = "not computable on this cohort";
      return {
        cohort: c.cohort,
        ...(c.key ? { key: c.key } : {}),
        n: c.n,
        status: c.status,
        metrics,
        ...(Object.keys(reasons).length ? { reasons } : {}),
        columns: [],
        evaluator: `${r.plugin}@${r.version}`,
        ...(c.notes ? { notes: c.notes } : {}),
      };
    }),
  };
}

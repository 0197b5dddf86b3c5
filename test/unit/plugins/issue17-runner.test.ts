/**
 * Issue 17's evaluators the way a notebook runs them: through the runner, `all` and each value of a
 * cohort key, on one binary-model window with a baseline, a text column and timestamps. Each gives a
 * schema-valid result per cohort (no evaluator error), computes something for `all`, and has a chart.
 */
import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, featureContractSchema, numericColumn, seededRandom } from "@/plugins/sdk";
import { runEvaluator } from "@/server/evaluation/runner";
import { cohortResultSchema } from "@/server/evaluation/result-schema";
import { chartsForResult } from "@/server/charts/specs";

function window(n: number, seed: number, shift: number) {
  const r = seededRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const x1 = new Float64Array(n), x2 = new Float64Array(n), label = new Float64Array(n), score = new Float64Array(n), ts = new Float64Array(n);
  const tier: string[] = [], flag: string[] = [], region: string[] = [], answer: string[] = [];
  for (let i = 0; i < n; i++) {
    x1[i] = g() + shift;
    x2[i] = g();
    tier.push(r() < 0.1 ? "strategic" : r() < 0.5 ? "mid" : "smb");
    flag.push(r() < 0.3 + shift / 5 ? "yes" : "no");
    region.push(i % 2 ? "eu" : "us");
    answer.push(r() < 0.8 ? "The refund was issued today." : "I am not sure what you");
    const p = 1 / (1 + Math.exp(-(x1[i] + x2[i])));
    label[i] = r() < p ? 1 : 0;
    score[i] = tier[i] === "strategic" ? r() : p;
    ts[i] = Date.UTC(2026, 0, 1) + i * 60_000;
  }
  return createFrame({
    features: { x1: numericColumn(x1), x2: numericColumn(x2), tier: categoricalColumn(tier), flag: categoricalColumn(flag), region: categoricalColumn(region), answer: categoricalColumn(answer) },
    label: numericColumn(label),
    prediction: numericColumn(score),
    timestamp: ts,
  });
}

const contract = featureContractSchema.parse({
  features: [
    { name: "x1", type: "numeric" },
    { name: "x2", type: "numeric" },
    { name: "tier", type: "categorical" },
    { name: "flag", type: "boolean" },
    { name: "region", type: "categorical" },
    { name: "answer", type: "text" },
  ],
});

const CASES: [string, Record<string, unknown>][] = [
  ["drift.hellinger", {}], ["drift.tvd", {}], ["drift.anderson", {}], ["drift.cramervonmises", {}], ["drift.energy", {}],
  ["drift.mmd", { permutations: 50, maxSamples: 300 }], ["drift.fisher", {}], ["drift.auto", { rules: "extended" }],
  ["drift.reconstruction", {}], ["drift.classifier", { maxRows: 600 }], ["data.summary", {}], ["quality.business_value", { valueTruePositive: 10, valueFalsePositive: -2 }],
  ["quality.fairness", { attributes: ["tier"] }], ["quality.calibration", {}], ["segments.weak", { minSize: 30 }], ["text.descriptors", {}],
];

describe("issue 17 evaluators through the runner, per cohort", () => {
  const current = window(1200, 2, 0.4);
  const baseline = window(1200, 1, 0);
  for (const [id, config] of CASES)
    it(id, async () => {
      const r = await runEvaluator({ pluginRef: id, config, current, baseline, cohortKeys: ["region"], contract });
      for (const c of r.cohorts) expect(() => cohortResultSchema.parse(c)).not.toThrow();
      expect(r.cohorts.map((c) => [c.cohort, c.n])).toEqual([["all", 1200], ["eu", 600], ["us", 600]]);
      for (const c of r.cohorts) expect(c.notes?.find((n) => n.startsWith("evaluator error"))).toBeUndefined();
      expect(r.cohorts[0].status).not.toBe("n/a");
      expect(chartsForResult(r).length).toBeGreaterThan(0);
    }, 60_000);
});

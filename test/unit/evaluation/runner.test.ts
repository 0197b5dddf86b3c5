import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, defineEvaluator, numericColumn, z, type EvaluatorDefinition } from "@/plugins/sdk";
import { EvaluatorRegistry, createBuiltinRegistry } from "@/plugins/index";
import { runEvaluator } from "@/server/evaluation/runner";

const NO_CONFIG = z.object({});

/** An evaluator for these tests: kind metric, no needs, no config. */
function metricEvaluator(id: string, version: string, evaluate: EvaluatorDefinition<typeof NO_CONFIG>["evaluate"]) {
  return defineEvaluator({ id, version, kind: "metric", title: id, description: `${id} (test)`, appliesTo: {}, needs: { baseline: false, labels: false }, config: NO_CONFIG, evaluate });
}

const region = (n: number, f: (i: number) => string) => categoricalColumn(Array.from({ length: n }, (_, i) => f(i)));

describe("runEvaluator", () => {
  it("runs all + each cohort value, marks small cohorts n/a, records id@version", async () => {
    const current = createFrame({
      features: { x: numericColumn(Array.from({ length: 100 }, (_, i) => i % 10)), region: region(100, (i) => (i < 90 ? "eu" : "us")) },
    });
    const baseline = createFrame({
      features: { x: numericColumn(Array.from({ length: 100 }, (_, i) => i % 10)), region: region(100, (i) => (i < 50 ? "eu" : "us")) },
    });
    const r = await runEvaluator({ pluginRef: "drift.ks", current, baseline, cohortKeys: ["region"], minCohortSize: 20 });
    expect(r).toMatchObject({ plugin: "drift.ks", version: "1.0.0", ref: "drift.ks@1.0.0" });
    expect(r.cohorts.map((c) => [c.cohort, c.n, c.status])).toEqual([
      ["all", 100, "pass"],
      ["eu", 90, "pass"],
      ["us", 10, "n/a"],
    ]);
    expect(r.cohorts[2].notes).toEqual(["insufficient data (n < 20)"]);
    expect(r.cohorts.every((c) => c.evaluator === "drift.ks@1.0.0")).toBe(true);
    // the cohort key is not itself evaluated
    expect(r.cohorts[0].columns.map((c) => c.column)).toEqual(["x"]);
    // eu cohort compared with the baseline's eu rows (50)
    expect(r.cohorts[1].columns[0].metrics.n_baseline).toBe(50);
  });

  it("calls evaluate exactly once per evaluated cohort with the cohort's rows", async () => {
    const seen: Array<[string, number]> = [];
    const reg = new EvaluatorRegistry();
    reg.register(
      metricEvaluator("t.count", "2.0.0", ({ current, cohort }) => {
        seen.push([cohort, current.length]);
        return { status: "pass", metrics: { rows: current.length, bad: NaN } };
      }),
    );
    const current = createFrame({ cohorts: { tier: region(7, (i) => (i % 2 ? "a" : "b")) }, features: {} });
    const r = await runEvaluator({ pluginRef: "t.count@2.0.0", current, cohortKeys: ["tier"], minCohortSize: 0, registry: reg });
    expect(seen).toEqual([
      ["all", 7],
      ["a", 3],
      ["b", 4],
    ]);
    // NaN repaired to null with a reason (never NaN in results)
    expect(r.cohorts[0].metrics.bad).toBeNull();
    expect(r.cohorts[0].reasons?.bad).toMatch(/NaN/);
  });

  it("errors: unknown plugin/version, bad config, missing baseline, missing cohort column", async () => {
    const current = createFrame({ features: { x: numericColumn([1, 2]) } });
    await expect(runEvaluator({ pluginRef: "drift.nope", current })).rejects.toThrow(/unknown evaluator/);
    await expect(runEvaluator({ pluginRef: "drift.ks@9.0.0", current })).rejects.toThrow(/not installed/);
    await expect(runEvaluator({ pluginRef: "drift.psi", current, baseline: current, config: { bins: 1 } })).rejects.toThrow(/invalid config/);
    const noBase = await runEvaluator({ pluginRef: "drift.ks", current });
    expect(noBase.cohorts[0]).toMatchObject({ status: "n/a", notes: ["drift.ks needs a baseline"] });
    await expect(runEvaluator({ pluginRef: "drift.ks", current, baseline: current, cohortKeys: ["zzz"] })).rejects.toThrow(/cohort column zzz/);
  });

  it("an evaluator that throws yields n/a with the error, not a crash", async () => {
    const reg = createBuiltinRegistry();
    reg.register(
      metricEvaluator("t.throw", "1.0.0", () => {
        throw new Error("kaput");
      }),
    );
    const r = await runEvaluator({ pluginRef: "t.throw", current: createFrame({ features: {} }, 3), registry: reg });
    expect(r.cohorts[0]).toMatchObject({ status: "n/a", notes: ["evaluator error: kaput"] });
  });
});

describe("immature windows (label coverage)", () => {
  it("marks label-based cohorts whose share of labelled predictions is below the threshold, with a note", async () => {
    // eu: 80 rows, 60 labelled (75%); us: 40 rows, 8 labelled (20%)
    const n = 120;
    const label = Float64Array.from({ length: n }, (_, i) => (i < 80 ? (i < 60 ? i % 2 : NaN) : i < 88 ? i % 2 : NaN));
    const current = createFrame({
      features: { region: region(n, (i) => (i < 80 ? "eu" : "us")) },
      prediction: numericColumn(Array.from({ length: n }, (_, i) => (i % 7) / 7)),
      label: numericColumn(label),
    });
    const r = await runEvaluator({ pluginRef: "quality.binary", current, cohortKeys: ["region"], minCohortSize: 20 });
    expect(r.cohorts.map((c) => [c.cohort, c.label_coverage, c.immature])).toEqual([
      ["all", 68 / 120, false],
      ["eu", 0.75, false],
      ["us", 0.2, true],
    ]);
    expect(r.cohorts[2].notes![0]).toBe("immature: 8 of 40 predictions labelled (20% < 50%); the metrics rest on the labels that arrived first");
    // the threshold is the runner's option
    const strict = await runEvaluator({ pluginRef: "quality.binary", current, cohortKeys: ["region"], minCohortSize: 20, minLabelCoverage: 0.8 });
    expect(strict.cohorts.map((c) => c.immature)).toEqual([true, true, true]);
    // evaluators that do not need labels carry no maturity fields
    const drift = await runEvaluator({ pluginRef: "perf.cbpe", current, baseline: current, minCohortSize: 20 });
    expect(drift.cohorts[0]).not.toHaveProperty("immature");
  });
});

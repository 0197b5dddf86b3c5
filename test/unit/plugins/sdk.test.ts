import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ResultValidationError,
  categoricalColumn,
  configJsonSchema,
  createFrame,
  defineEvaluator,
  numericColumn,
  parseConfig,
  takeRows,
  toCategorical,
  toNumeric,
  validateResult,
  worstStatus,
  z,
} from "@/plugins/sdk";
import { BUILTIN_EVALUATORS, createBuiltinRegistry, loadThirdPartyPlugins, EvaluatorRegistry } from "@/plugins/index";

const FIXTURES = path.resolve(__dirname, "../../fixtures/evaluation/plugins-dir");

const minimal = {
  id: "t.ok",
  version: "1.0.0",
  kind: "metric" as const,
  title: "t",
  description: "d",
  appliesTo: {},
  needs: { baseline: false, labels: false },
  config: z.object({ k: z.number().int().min(1).default(3) }),
  evaluate: () => ({ status: "pass" as const, metrics: {} }),
};

describe("defineEvaluator and config", () => {
  it("accepts a valid definition and parses config with defaults and bounds", () => {
    const ev = defineEvaluator(minimal);
    expect(parseConfig(ev, {})).toEqual({ k: 3 });
    expect(() => parseConfig(ev, { k: 0 })).toThrow(/invalid config/);
    expect(configJsonSchema(ev)).toMatchObject({ type: "object", properties: { k: { type: "integer", minimum: 1, default: 3 } } });
  });
  it("rejects bad ids, versions and configs without defaults", () => {
    expect(() => defineEvaluator({ ...minimal, id: "Bad Id" })).toThrow(/id must be/);
    expect(() => defineEvaluator({ ...minimal, version: "1" })).toThrow(/semver/);
    expect(() => defineEvaluator({ ...minimal, config: z.object({ k: z.number() }) })).toThrow(/default/);
  });
});

describe("result validation", () => {
  it("strict: NaN, Infinity and unexplained nulls throw", () => {
    expect(() => validateResult({ status: "pass", metrics: { a: NaN } }, { strict: true })).toThrow(ResultValidationError);
    expect(() => validateResult({ status: "pass", metrics: { a: Infinity } }, { strict: true })).toThrow(ResultValidationError);
    expect(() => validateResult({ status: "pass", metrics: { a: null } }, { strict: true })).toThrow(/without a reason/);
    expect(validateResult({ status: "pass", metrics: { a: null }, reasons: { a: "no data" } }, { strict: true }).metrics.a).toBeNull();
  });
  it("lenient: non-finite numbers become null with a reason; bad status rejected", () => {
    const r = validateResult({ status: "warn", metrics: { a: NaN, b: -0, c: 1 }, columns: [{ column: "x", status: "pass", metrics: { d: -Infinity } }] });
    expect(r.metrics).toEqual({ a: null, b: 0, c: 1 });
    expect(r.reasons?.a).toMatch(/NaN/);
    expect(r.columns![0].reasons?.d).toMatch(/Infinity/);
    expect(() => validateResult({ status: "great", metrics: {} })).toThrow();
  });
  it("worstStatus orders fail > warn > pass > n/a", () => {
    expect(worstStatus(["pass", "n/a", "warn"])).toBe("warn");
    expect(worstStatus([])).toBe("n/a");
  });
});

describe("frames", () => {
  it("dictionary-encodes, converts and takes rows", () => {
    const c = categoricalColumn(["a", null, "b", "a", ""]);
    expect(Array.from(c.codes)).toEqual([0, -1, 1, 0, -1]);
    expect(c.dictionary).toEqual(["a", "b"]);
    expect(Array.from(toNumeric(categoricalColumn(["1.5", "true", "x"])))).toEqual([1.5, 1, NaN]);
    expect(toCategorical(numericColumn([1, 1.0, NaN, 2])).dictionary).toEqual(["1", "2"]);
    const f = createFrame({ features: { x: numericColumn([1, 2, 3]) }, label: numericColumn([0, 1, 0]) });
    const t = takeRows(f, Int32Array.of(2, 0));
    expect(Array.from((t.features.x as { values: Float64Array }).values)).toEqual([3, 1]);
    expect(t.length).toBe(2);
    expect(() => createFrame({ features: { x: numericColumn([1]) }, label: numericColumn([0, 1]) })).toThrow(/rows/);
  });
});

describe("registry", () => {
  const ISSUE_17_IDS = ["drift.hellinger", "drift.tvd", "drift.anderson", "drift.cramervonmises", "drift.energy", "drift.fisher", "drift.mmd", "quality.business_value", "quality.fairness", "quality.calibration", "segments.weak", "data.summary", "drift.classifier", "drift.reconstruction", "text.descriptors"];
  it("has every built-in with stable ids", () => {
    expect(BUILTIN_EVALUATORS.map((e) => e.id).sort()).toEqual(
      [
        "cost.latency",
        "data.quality",
        "drift.auto",
        "drift.chisquare",
        "drift.jensenshannon",
        "drift.ks",
        "drift.prediction",
        "drift.psi",
        "drift.wasserstein",
        "quality.binary",
        "quality.multiclass",
        "quality.ranking",
        "quality.regression",
        "skew.training_serving",
        // Evaluator breadth (issue 17)
        ...ISSUE_17_IDS,
        // Performance estimation without labels (issue 11)
        "perf.cbpe",
      ].sort(),
    );
    for (const e of BUILTIN_EVALUATORS) expect(e.description.length).toBeGreaterThan(80);
  });
  it("resolves id@version and id (highest version); duplicates rejected", () => {
    const r = new EvaluatorRegistry();
    r.register(defineEvaluator({ ...minimal, version: "1.2.0" }));
    r.register(defineEvaluator({ ...minimal, version: "1.10.0" }));
    r.register(defineEvaluator({ ...minimal, version: "1.10.0-beta.1" }));
    expect(r.resolve("t.ok").version).toBe("1.10.0");
    expect(r.resolve("t.ok@1.2.0").version).toBe("1.2.0");
    expect(() => r.resolve("t.ok@9.9.9")).toThrow(/not installed/);
    expect(() => r.resolve("nope")).toThrow(/unknown evaluator/);
    expect(() => r.register(defineEvaluator({ ...minimal, version: "1.2.0" }))).toThrow(/already registered/);
  });
  it("loads plugin folders; a broken plugin is reported by name and does not stop the others", async () => {
    const r = createBuiltinRegistry();
    const errors = await loadThirdPartyPlugins(r, { pluginsDir: FIXTURES, packages: ["evalbook-plugin-does-not-exist"] });
    expect(r.resolve("custom.mean_shift").version).toBe("0.1.0");
    expect(errors.map((e) => e.name).sort()).toEqual(["broken", "evalbook-plugin-does-not-exist", "invalid"]);
    expect(errors.find((e) => e.name === "broken")!.message).toMatch(/boom at import/);
    expect(r.describe().find((d) => d.id === "custom.mean_shift")!.source).toMatch(/^folder:/);
  });
  it("the README's custom evaluator computes its documented statistic", async () => {
    const r = createBuiltinRegistry();
    await loadThirdPartyPlugins(r, { pluginsDir: FIXTURES });
    const ev = r.resolve("custom.mean_shift");
    const res = await ev.evaluate({
      baseline: createFrame({ features: { x: numericColumn([1, 2, 3, 4]) } }),
      current: createFrame({ features: { x: numericColumn([3, 4, 5, 6]) } }),
      config: parseConfig(ev, {}),
      columns: ["x"],
      cohort: "all",
    });
    // (4.5 − 2.5) / sqrt(1.25)
    expect(res.columns![0].metrics.shift).toBeCloseTo(2 / Math.sqrt(1.25), 14);
    expect(res.status).toBe("fail");
  });
});

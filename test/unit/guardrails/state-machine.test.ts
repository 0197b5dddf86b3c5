import { describe, expect, it } from "vitest";
import { INITIAL_STATE, levelOf, transition, type StoredState } from "@/server/control/guardrails/state-machine";
import { hanleyMcNeilInterval, observe, wilson } from "@/server/control/guardrails/metrics";
import type { GuardrailSpec } from "@/server/control/guardrails/types";
import type { EvaluationOutput } from "@/server/notebooks/types";
import { statusWord } from "@/server/format/status";

const g: GuardrailSpec = {
  id: "g1", metric: "psi", column: "x", cohortMode: "all", op: ">", warn: 0.1, fail: 0.25, minSamples: 30,
  requireSignificance: false, fireAfter: 2, resolveAfter: 2, flapWindow: 10, flapThreshold: 4, paused: false,
};
const r = (value: number | null, n = 100) => ({ value, n, low: null, high: null });

function feed(values: (number | null)[], spec = g) {
  let s: StoredState = INITIAL_STATE;
  return values.map((v) => {
    const t = transition(spec, s, r(v));
    s = t.next;
    return t;
  });
}

describe("guardrail levels", () => {
  it("warns between the lines, alerts past fail, reports no data below the minimum sample", () => {
    expect(levelOf(g, r(0.05))).toBe("ok");
    expect(levelOf(g, r(0.2))).toBe("warning");
    expect(levelOf(g, r(0.3))).toBe("alert");
    expect(levelOf(g, r(0.3, 29))).toBe("no_data");
    expect(levelOf(g, r(null))).toBe("no_data");
  });
  it("with requireSignificance, fires only when the whole interval is past the line", () => {
    const sig = { ...g, op: "<", fail: 0.8, warn: null, requireSignificance: true };
    expect(levelOf(sig, { value: 0.75, n: 100, low: 0.7, high: 0.82 })).toBe("ok");
    expect(levelOf(sig, { value: 0.7, n: 100, low: 0.65, high: 0.76 })).toBe("alert");
    expect(levelOf({ ...sig, requireSignificance: false }, { value: 0.75, n: 100, low: 0.7, high: 0.82 })).toBe("alert");
  });
});

describe("flap control", () => {
  it("fires after N breaching runs (pending before), resolves after M good runs", () => {
    const t = feed([0.3, 0.3, 0.3, 0.05, 0.05]);
    expect(t.map((x) => x.effect)).toEqual([null, "fire", "breach_again", null, "resolve"]);
    expect(t[0]!.pending).toBe(true);
    expect(t.map((x) => x.next.state)).toEqual(["ok", "alert", "alert", "alert", "ok"]);
  });
  it("a metric alternating around its line becomes flapping once and never fires", () => {
    const t = feed(Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.3 : 0.05)));
    expect(t.filter((x) => x.effect === "start_flapping")).toHaveLength(1);
    expect(t.filter((x) => x.effect === "fire")).toHaveLength(0);
    expect(t.at(-1)!.next.state).toBe("flapping");
  });
  it("no data leaves an open alert open and touches no streak", () => {
    const t = feed([0.3, 0.3, null, 0.3]);
    expect(t[2]!.next.state).toBe("alert");
    expect(t[3]!.effect).toBe("breach_again");
  });
  it("a paused guardrail is paused whatever the value", () => {
    expect(transition({ ...g, paused: true }, INITIAL_STATE, r(0.9)).next.state).toBe("paused");
  });
});

describe("reading a cell result", () => {
  const out: EvaluationOutput = {
    plugin: "drift.psi", version: "1.0.0", status: "fail", n: { current: 300, reference: 300 },
    cohorts: [
      { cohort: "all", status: "fail", n: 300, metrics: {}, evaluator: "drift.psi@1.0.0", columns: [{ column: "a", status: "pass", metrics: { psi: 0.05 } }, { column: "b", status: "fail", metrics: { psi: 0.4 } }, { column: "c", status: "fail", metrics: { psi: 0.3 } }] },
      { cohort: "gold", status: "pass", n: 100, metrics: {}, evaluator: "drift.psi@1.0.0", columns: [{ column: "a", status: "pass", metrics: { psi: 0.01 } }] },
    ],
  };
  it("takes the worst column for column '*', lists the breaching ones worst first, and per cohort when asked", () => {
    const [all] = observe(out, { metric: "psi", column: "*", cohortMode: "all", op: ">", fail: 0.25 });
    expect(all).toMatchObject({ cohort: "all", value: 0.4, column: "b" });
    expect(all!.breachingColumns.map((c) => c.column)).toEqual(["b", "c"]);
    expect(observe(out, { metric: "psi", column: "a", cohortMode: "each", op: ">", fail: 0.25 }).map((o) => [o.cohort, o.value])).toEqual([
      ["all", 0.05],
      ["gold", 0.01],
    ]);
  });
  it("intervals: Wilson for shares, Hanley–McNeil for AUC", () => {
    const [lo, hi] = wilson(0.5, 100);
    expect(lo).toBeCloseTo(0.4038, 3);
    expect(hi).toBeCloseTo(0.5962, 3);
    // Hanley & McNeil 1982 eq. 2: AUC 0.8, 50 + 50 → Q1 = 2/3, Q2 = 0.7111, SE = √(4.951 / 2500) ≈ 0.0445
    const [a, b] = hanleyMcNeilInterval(0.8, 50, 50)!;
    expect((b - a) / (2 * 1.96)).toBeCloseTo(0.0445, 3);
  });
});

describe("immature cohorts (too few labels yet)", () => {
  const quality: GuardrailSpec = { ...g, metric: "accuracy", column: null, cohortMode: "each", op: "<", warn: 0.85, fail: 0.8, fireAfter: 1 };
  const result = {
    evaluator: "quality.binary@1.0.0",
    status: "fail",
    cohorts: [
      { cohort: "all", status: "fail", n: 1000, label_coverage: 0.72, immature: false, metrics: { accuracy: 0.7, n_scored: 720 } },
      { cohort: "new-merchants", key: "segment", status: "fail", n: 400, label_coverage: 0.234, immature: true, metrics: { accuracy: 0.55, n_scored: 94, label_coverage: 0.234 } },
    ],
  } as unknown as EvaluationOutput;

  it("do not fire a quality guardrail: no data, with the reason and the coverage; mature cohorts still fire", () => {
    const [all, young] = observe(result, quality);
    expect(all).toMatchObject({ cohort: "all", value: 0.7 });
    expect(transition(quality, INITIAL_STATE, all)).toMatchObject({ level: "alert", effect: "fire" });
    expect(young).toMatchObject({ cohort: "new-merchants", value: null, note: "immature, coverage 23.4%: too few labels yet to judge accuracy" });
    const t = transition(quality, INITIAL_STATE, young);
    expect(t).toMatchObject({ level: "no_data", effect: null });
    expect(statusWord("guardrail", t.level).text).toBe("no data");
    // an open alert on that cohort is neither resolved nor re-breached by an immature run
    const alerting: StoredState = { state: "alert", breachStreak: 1, okStreak: 0, recent: [1] };
    expect(transition(quality, alerting, young)).toMatchObject({ level: "no_data", effect: null, next: alerting });
  });

  it("still judge the label coverage itself on an immature cohort", () => {
    const coverage = { ...quality, metric: "label_coverage", fail: 0.3, warn: null };
    const [, young] = observe(result, coverage);
    expect(young).toMatchObject({ value: 0.234 });
    expect(transition(coverage, INITIAL_STATE, young).level).toBe("alert");
  });
});

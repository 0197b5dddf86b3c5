import { describe, expect, it } from "vitest";
import { evaluationOutputSchema } from "@/server/evaluation/result-schema";
import { buildChart } from "@/server/notebooks/results";
import { resolveSelection } from "@/server/notebooks/selection";
import { thresholdsFor } from "@/server/notebooks/trends";
import { DEFAULT_SELECTION, selectionSchema } from "@/server/notebooks/types";

const now = new Date("2026-11-25T12:00:00Z");
const ctx = {
  now,
  lastRunAt: new Date("2026-11-20T12:00:00Z"),
  versions: [
    { label: "v1", stage: "retired" },
    { label: "v2", stage: "production" },
  ],
  baselines: [
    { id: "b2", name: "training-nov", createdAt: new Date("2026-11-01") },
    { id: "b1", name: "training", createdAt: new Date("2026-10-01") },
  ],
};

describe("data selection → absolute windows", () => {
  it("last N days against the newest baseline, production version by default", () => {
    const r = resolveSelection(DEFAULT_SELECTION, ctx);
    expect(r).toMatchObject({ versions: ["v2"], from: "2026-11-18T12:00:00.000Z", to: "2026-11-25T12:00:00.000Z", reference: { kind: "baseline", baselineId: "b2" } });
  });
  it("since last run, with the preceding window of the same length as reference", () => {
    const sel = selectionSchema.parse({ window: { kind: "sinceLastRun" }, reference: { kind: "precedingWindow" }, versions: ["v1"] });
    const r = resolveSelection(sel, ctx);
    expect(r).toMatchObject({ versions: ["v1"], from: "2026-11-20T12:00:00.000Z", reference: { kind: "window", from: "2026-11-15T12:00:00.000Z", to: "2026-11-20T12:00:00.000Z" } });
    expect(resolveSelection(sel, { ...ctx, lastRunAt: null }).from).toBe("2026-11-18T12:00:00.000Z"); // fallback 7 days
  });
  it("a named baseline, a fixed range, and a missing baseline explained", () => {
    const named = resolveSelection(selectionSchema.parse({ reference: { kind: "baseline", baselineName: "training" }, window: { kind: "range", from: "2026-11-01", to: "2026-11-08" } }), ctx);
    expect(named).toMatchObject({ from: "2026-11-01T00:00:00.000Z", to: "2026-11-08T00:00:00.000Z", reference: { kind: "baseline", baselineId: "b1" } });
    const none = resolveSelection(DEFAULT_SELECTION, { ...ctx, baselines: [] });
    expect(none.reference).toMatchObject({ kind: "missing" });
    expect((none.reference as { message: string }).message).toMatch(/no baseline yet/);
  });
});

describe("chart data and thresholds", () => {
  const out = evaluationOutputSchema.parse({
    plugin: "drift.psi",
    version: "1.0.0",
    status: "fail",
    n: { current: 10, reference: 10 },
    cohorts: [{ cohort: "all", status: "fail", n: 10, evaluator: "drift.psi@1.0.0", metrics: { drift_share: 0.5 }, columns: [{ column: "a", status: "fail", metrics: { psi: 0.4 } }, { column: "b", status: "pass", metrics: { psi: 0.01 } }] }],
  });
  it("extracts a per-column metric, and a top-level one, for every side of a comparison", () => {
    expect(buildChart(out, { sourceCellId: "d", metric: "psi" }).points.map((p) => [p.column, p.value])).toEqual([["a", 0.4], ["b", 0.01]]);
    const cmp = { a: { ...out, label: "A" }, b: { ...out, label: "B" }, status: "fail" as const };
    expect(buildChart(cmp, { sourceCellId: "d", metric: "drift_share" }).points.map((p) => [p.side, p.value])).toEqual([["A", 0.5], ["B", 0.5]]);
  });
  it("reads the built-ins' threshold names", () => {
    expect(thresholdsFor({ warn: 0.1, threshold: 0.25 }, "psi", "drift")).toEqual({ warn: 0.1, fail: 0.25 });
    expect(thresholdsFor({ threshold: 0.5, warnBelow: 0.7, failBelow: 0.6 }, "roc_auc", "metric")).toEqual({ warn: 0.7, fail: 0.6 });
    expect(thresholdsFor({ p95WarnMs: 100, p95FailMs: 300 }, "latency_p95_ms", "cost")).toEqual({ warn: 100, fail: 300 });
    expect(thresholdsFor({ threshold: 0.5 }, "accuracy", "metric")).toBeNull();
  });
});

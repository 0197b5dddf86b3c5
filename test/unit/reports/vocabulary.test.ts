import { describe, expect, it } from "vitest";
import { runLifecycle, STATUS_KINDS, statusPhrase, statusWord } from "@/server/format/status";
import { costUnit, formatMoneyMetric, formatUnitCost, formatUsd, unitCostScale } from "@/server/format/money";
import { badge } from "@/server/reports/html";
import { metricLabel, sameMetricNames } from "@/server/format/metric-label";
import { buildSnapshot } from "@/server/reports/snapshot";
import { buildSummary } from "@/server/reports/summary";
import { FRAUD_MODEL, fraudRun } from "./fixture";

describe("status vocabulary", () => {
  it("keeps run lifecycle, result, SLO and overall words apart, each with its kind", () => {
    expect(statusPhrase("run", "succeeded")).toBe("Run: succeeded");
    expect(statusPhrase("result", "fail")).toBe("Result: fail");
    expect(statusPhrase("slo", "at_risk")).toBe("SLO: at risk");
    expect(statusPhrase("summary", "fail")).toBe("Overall: failing");
    expect(statusWord("result", null)).toMatchObject({ text: "no result", tone: "muted" });
    expect(statusWord("slo", "no_data")).toMatchObject({ text: "no data", tone: "muted" });
    expect(statusWord("run", "mystery")).toMatchObject({ text: "mystery", tone: "muted" });
    expect(statusWord("result", "toString")).toMatchObject({ text: "toString", tone: "muted" });
  });

  it("gives every word of a kind a meaning, and the same tone to the same severity", () => {
    for (const kind of Object.values(STATUS_KINDS)) for (const w of Object.values(kind.words)) expect(w.meaning.length).toBeGreaterThan(5);
    expect([statusWord("result", "fail").tone, statusWord("slo", "breached").tone, statusWord("summary", "fail").tone, statusWord("guardrail", "alert").tone]).toEqual(["fail", "fail", "fail", "fail"]);
    expect([statusWord("result", "n/a").tone, statusWord("slo", "no_data").tone, statusWord("summary", "n/a").tone]).toEqual(["muted", "muted", "muted"]);
  });

  it("calls a run whose cells partly failed partial", () => {
    expect(runLifecycle("succeeded", [{ status: "succeeded" }])).toBe("succeeded");
    expect(runLifecycle("failed", [{ status: "succeeded" }, { status: "failed" }])).toBe("partial");
    expect(runLifecycle("succeeded", [{ status: "succeeded" }, { status: "failed" }])).toBe("partial");
    expect(runLifecycle("failed", [{ status: "failed" }])).toBe("failed");
    expect(runLifecycle("running", [])).toBe("running");
  });

  it("draws report badges from the same words, labelled with their kind", () => {
    expect(badge("summary", "fail", { labelled: true })).toContain("Overall:</span> failing");
    expect(badge("slo", "breached")).toMatch(/class="eb-badge eb-fail"[^>]*>breached</);
    // the report badge and the summary agree: a summary that fails on skew alone is not "breached"
    const s = buildSummary(buildSnapshot(fraudRun({ auc: 0.95 }), { ...FRAUD_MODEL, slos: [] }, new Date()));
    expect(s.status).toBe("fail");
    expect(statusWord("summary", s.status).text).toBe("failing");
  });
});

describe("metric names", () => {
  it("reads names people know and keeps object keys such as toString plain", () => {
    expect(metricLabel("ratio_cv")).toBe("variation of the ratio (CV)");
    expect(metricLabel("toString")).toBe("toString");
    // the ranking cell's table and the paired comparison's chart titles
    expect(["mrr", "precision_at_k", "hit_rate_at_k", "requests_without_relevant", "macro_f1"].map(metricLabel)).toEqual(["mean reciprocal rank", "precision@k", "hit rate@k", "requests without a click", "macro F1"]);
    expect(sameMetricNames("p95_latency_ms")).toEqual(["p95_latency_ms", "latency_p95_ms"]);
    expect(sameMetricNames("constructor")).toEqual(["constructor"]);
  });
});

describe("money", () => {
  it("formats amounts and scales sub-cent unit costs for people", () => {
    expect(formatUsd(1234.4)).toBe("$1,234");
    expect(formatUsd(2.5)).toBe("$2.50");
    expect(formatUsd(0.0042)).toBe("$0.0042");
    expect(unitCostScale(0.000028)).toBe(1000);
    expect(unitCostScale(0.00000028)).toBe(1_000_000);
    expect(formatUnitCost(0.000028, "correct prediction")).toBe("$0.03 per 1,000 correct predictions");
    expect(formatUnitCost(0.05, "request")).toBe("$0.05 per request");
    expect(formatUnitCost(0.0004, "request", { short: true })).toBe("$0.40 / 1k");
    expect(formatUnitCost(0.02, "request", { scale: 1000 })).toBe("$20.00 per 1,000 requests");
    expect(costUnit("cost_per_correct")).toBe("correct prediction");
    expect(costUnit("total_cost")).toBeNull();
    expect(costUnit("cost_per_constructor")).toBe("constructor");
    expect(formatMoneyMetric("total_cost", 2.5)).toBe("$2.50");
    expect(formatMoneyMetric("cost_per_request", null)).toBe("—");
  });
});

import { describe, expect, it } from "vitest";
import { incidentLine } from "@/server/reports/incident-line";

const base = { title: "Support ticket triage: cost_per_request > 0.002", state: "open", redLine: false, cohort: "all", lastValue: 0.00232 };

describe("incidentLine", () => {
  it("reads the guardrail in metric labels and units and names the version a comparison's guardrail watches", () => {
    const line = incidentLine({
      ...base,
      guardrail: { name: "SLO: Cost per request ≤ $0.002", metric: "cost_per_request", column: null, op: ">", fail: 0.002, cohortMode: "all" },
      watched: { version: "llm-triage-v1 (shadow)", against: "clf-small-v2 (production)", paired: false },
    });
    expect(line).toBe("Incident: “SLO: Cost per request ≤ $0.002” — cost per request on llm-triage-v1 (shadow) above $2.00 per 1,000 requests, at $2.32 per 1,000 requests (still open).");
    expect(line).not.toContain("cost_per_request");
  });

  it("says red line, column, cohort and state in words", () => {
    expect(
      incidentLine({ ...base, redLine: true, lastValue: 1, guardrail: { name: "txn_sum_30d computed like training", metric: "mismatch_share", column: "txn_sum_30d", op: ">", fail: 0.2, cohortMode: "all" }, watched: null }),
    ).toBe("Red line crossed: “txn_sum_30d computed like training” — mismatch share on txn_sum_30d above 20.0%, at 100.0% (still open).");
    expect(
      incidentLine({ ...base, state: "acknowledged", cohort: "strategic", lastValue: 0.516, guardrail: { name: "SLO: AUC ≥ 0.60 for every tier", metric: "roc_auc", column: null, op: "<", fail: 0.6, cohortMode: "each" }, watched: null }),
    ).toBe("Incident: “SLO: AUC ≥ 0.60 for every tier” — AUC for cohort 'strategic' below 0.60, at 0.516 (acknowledged, still open).");
  });

  it("falls back to the stored title when the guardrail is gone", () => {
    expect(incidentLine({ ...base, state: "resolved", guardrail: null, watched: null })).toBe("Incident: Support ticket triage: cost_per_request > 0.002 (resolved since).");
  });
});

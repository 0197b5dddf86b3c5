import { describe, expect, it } from "vitest";
import { describeBreach, describeGuardrail } from "@/server/control/guardrails/describe";
import { guardrailSpec } from "@/server/charts/specs";

describe("an incident in words", () => {
  const auc = { metric: "roc_auc", column: null, op: "<", fail: 0.8, cohortMode: "each" };
  it("names the cohort once, without the rule's 'every cohort'", () => {
    expect(describeGuardrail(auc)).toBe("roc_auc < 0.8 (every cohort)");
    expect(describeBreach(auc, "strategic")).toBe("roc_auc < 0.8 for cohort strategic");
    expect(describeBreach({ metric: "mismatch_share", column: "txn_sum_30d", op: ">", fail: 0.2 }, "all")).toBe("mismatch_share on txn_sum_30d > 0.2");
  });
});

describe("the incident chart's time axis", () => {
  const point = (at: string, value: number) => ({ runId: at, at, value, level: "alert" });
  it("is an hour wide around one run, so its ticks are times of day rather than one full timestamp", () => {
    const x = guardrailSpec([point("2026-11-26T07:16:53.422Z", 1)], { metric: "mismatch_share", warn: 0.05, fail: 0.2 }).x as { domain?: Date[] };
    expect(x.domain!.map((d) => d.toISOString())).toEqual(["2026-11-26T06:46:53.422Z", "2026-11-26T07:46:53.422Z"]);
  });
  it("follows the runs when they span more than an hour", () => {
    const x = guardrailSpec([point("2026-11-20T07:00:00Z", 0.3), point("2026-11-26T07:00:00Z", 1)], { metric: "psi", warn: null, fail: 0.25 }).x as { domain?: Date[] };
    expect(x.domain).toBeUndefined();
  });
});

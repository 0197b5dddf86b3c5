/**
 * `evalbook compare` on test/fixtures/compare (written by make.py there, which also prints the
 * expected values: scipy 1.17 binomtest/wilcoxon, scikit-learn 1.9 roc_auc_score).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evalbook, ROOT } from "../../helpers/cli";

const FIX = path.join(ROOT, "test/fixtures/compare");

describe("evalbook compare", () => {
  it("joins on request_id, takes labels from --labels and prints the documented JSON shape", async () => {
    const r = await evalbook(["compare", "--plugin", "compare.binary", "--a", `${FIX}/a.csv`, "--b", `${FIX}/b.csv`, "--labels", `${FIX}/labels.csv`, "--cohort", "segment", "--config", '{"mcnemar":"exact"}', "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["plugin", "version", "paired", "only_a", "only_b", "cohorts"]);
    expect(doc).toMatchObject({ plugin: "compare.binary", version: "1.0.0", paired: 78, only_a: 1, only_b: 2 });
    expect(doc.cohorts.map((c: { cohort: string; n: number }) => [c.cohort, c.n])).toEqual([["all", 78], ["email", 51], ["web", 27]]);
    const all = doc.cohorts[0];
    const m = Object.fromEntries(all.metrics.map((x: { metric: string }) => [x.metric, x]));
    expect(Object.keys(m.accuracy)).toEqual(["metric", "a", "b", "delta", "ci_low", "ci_high", "test", "statistic", "p_value", "margin", "verdict"]);
    expect(m.accuracy.a).toBeCloseTo(0.7435897435897436, 14);
    expect(m.accuracy.b).toBeCloseTo(0.8205128205128205, 14);
    expect(m.accuracy.p_value).toBeCloseTo(0.30745625495910645, 12);
    expect(m.accuracy.statistic).toBeCloseTo(36 / 24, 12);
    expect(m.accuracy.verdict).toBe("no clear difference");
    expect(m.roc_auc.a).toBeCloseTo(0.8517501715854496, 14);
    expect(m.roc_auc.b).toBeCloseTo(0.9547014413177762, 14);
    expect(m.roc_auc.test).toBe("DeLong");
    expect(m.latency_ms.statistic).toBe(0);
    expect(m.latency_ms.p_value / 1.682175044870657e-14).toBeCloseTo(1, 8);
    expect(m.latency_ms.verdict).toBe("worse");
    expect(m.cost_per_request.verdict).toBe("worse");
  });

  it("an unknown comparison is a clear error (exit 2)", async () => {
    const r = await evalbook(["compare", "--plugin", "compare.nope", "--a", `${FIX}/a.csv`, "--b", `${FIX}/b.csv`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown comparison compare.nope; installed: compare.binary/);
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { evalbook, ROOT } from "../../helpers/cli";

const FIX = path.join(ROOT, "test/fixtures/cbpe");

// Expected values: test/fixtures/cbpe/expected.py (independent sklearn implementation).
const ESTIMATED_AUC = 0.8863284689284111;
const AUC_SE = 0.00891512182274436;

describe("evalbook evaluate --plugin perf.cbpe (labels in the reference only)", () => {
  it("prints the estimates with their band in the usual result shape, and realized values when the current file has labels", async () => {
    const r = await evalbook(["evaluate", "--plugin", "perf.cbpe", "--baseline", `${FIX}/binary_reference.csv`, "--current", `${FIX}/binary_current_unlabelled.csv`, "--format", "json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["plugin", "version", "cohorts"]);
    expect(doc.plugin).toBe("perf.cbpe");
    const all = doc.cohorts[0];
    expect(all).toMatchObject({ cohort: "all", status: "pass", n: 1500 });
    expect(all.metrics.roc_auc).toBeCloseTo(ESTIMATED_AUC, 9);
    expect(all.metrics.roc_auc_lower).toBeCloseTo(ESTIMATED_AUC - 3 * AUC_SE, 9);
    expect(all.metrics.roc_auc_upper).toBeCloseTo(ESTIMATED_AUC + 3 * AUC_SE, 9);
    expect(all.metrics).not.toHaveProperty("roc_auc_realized");
    expect(all.columns.map((c: { column: string }) => c.column)).toEqual(["accuracy", "precision", "recall", "f1", "roc_auc"]);
    expect(all.notes).toContain("no labels in the current window yet: values are estimates");

    const labelled = await evalbook(["evaluate", "--plugin", "perf.cbpe", "--baseline", `${FIX}/binary_reference.csv`, "--current", `${FIX}/binary_current.csv`, "--format", "table"]);
    expect(labelled.code).toBe(0);
    expect(labelled.stdout).toMatch(/roc_auc_realized\s+0\.8993/);
    expect(labelled.stdout).toMatch(/roc_auc\s+pass\s+estimated=0\.886328 lower=0\.85958\d? upper=0\.91307\d? sampling_error=0\.00891512 reference=0\.872004 realized=0\.899397 gap=0\.0101084/);
  });

  it("a reference without labels is a clear n/a", async () => {
    const r = await evalbook(["evaluate", "--plugin", "perf.cbpe", "--baseline", `${FIX}/binary_current_unlabelled.csv`, "--current", `${FIX}/binary_current_unlabelled.csv`, "--format", "json"]);
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout).cohorts[0];
    expect(all.status).toBe("n/a");
    expect(all.notes).toEqual(["needs labels in the reference"]);
  });
});

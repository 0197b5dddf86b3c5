import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, numericColumn, seededRandom } from "@/plugins/sdk";
import driftClassifier from "@/plugins/builtin/drift.classifier";
import driftKs from "@/plugins/builtin/drift.ks";
import { run } from "./harness";

/** x1, x2 standard normal with correlation rho, x3 independent noise, a category column. */
function frame(n: number, rho: number, seed: number) {
  const r = seededRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const x1 = new Float64Array(n), x2 = new Float64Array(n), x3 = new Float64Array(n);
  const c: string[] = [];
  for (let i = 0; i < n; i++) {
    x1[i] = g();
    x2[i] = rho * x1[i] + Math.sqrt(1 - rho * rho) * g();
    x3[i] = g();
    c.push(r() < 0.5 ? "a" : "b");
  }
  return createFrame({ features: { x1: numericColumn(x1), x2: numericColumn(x2), x3: numericColumn(x3), c: categoricalColumn(c) } });
}

describe("drift.classifier (domain classifier, seeded)", () => {
  it("detects a correlation flip that no single feature shows, and names the features", async () => {
    const baseline = frame(3000, 0.8, 1);
    const current = frame(3000, -0.8, 2);
    const ks = await run(driftKs, { baseline, current, columns: ["x1", "x2"] });
    expect(ks.metrics.drifted_columns).toBe(0); // marginals unchanged
    const r = await run(driftClassifier, { baseline, current });
    expect(r.metrics.auc!).toBeGreaterThan(0.8);
    expect(r.status).toBe("fail");
    expect(r.columns!.slice(0, 2).map((c) => c.column).sort()).toEqual(["x1", "x2"]);
    expect(r.notes![0]).toMatch(/^5-fold cross-validated AUC 0\.\d{3} on \d+ terms/);
  });
  it("does not fire on no change; the same seed gives the same AUC", async () => {
    const r = await run(driftClassifier, { baseline: frame(3000, 0.8, 1), current: frame(3000, 0.8, 3) });
    expect(r.metrics.auc!).toBeLessThan(0.56);
    expect(r.status).toBe("pass");
    const again = await run(driftClassifier, { baseline: frame(3000, 0.8, 1), current: frame(3000, 0.8, 3) });
    expect(again.metrics.auc).toBe(r.metrics.auc);
  });
  it("samples big windows and says so", async () => {
    const r = await run(driftClassifier, { baseline: frame(3000, 0.8, 1), current: frame(3000, 0.8, 3), config: { maxRows: 1000 } });
    expect(r.notes![1]).toBe("sampled 1,000 of 3,000 baseline and 1,000 of 3,000 current rows (seed 7)");
  });
});

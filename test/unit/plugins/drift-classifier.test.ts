import { describe, expect, it } from "vitest";
import driftClassifier from "@/plugins/builtin/drift.classifier";
import driftKs from "@/plugins/builtin/drift.ks";
import { categoricalColumn, createFrame, numericColumn, seededRandom } from "@/plugins/sdk";
import { correlatedFrame } from "./frames";
import { run } from "./harness";

/** x1, x2 correlated by rho, x3 noise, a category column (see correlatedFrame). */
const frame = (n: number, rho: number, seed: number) => correlatedFrame(n, rho, seed, { x3Scale: 1, shareA: 0.5 });

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
  it("ranks the shifted feature first; an unchanged category with a rare value is not 'relied on' (standardised coefficients, most frequent value as reference)", async () => {
    // x1 shifted by 0.5 sd; tier has the same shares on both sides (5% strategic). Before: tier took 27% of the importance.
    const tiered = (n: number, seed: number, shift: number) => {
      const r = seededRandom(seed);
      const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      const x1 = Float64Array.from({ length: n }, () => g() + shift);
      const x2 = Float64Array.from({ length: n }, () => g());
      const tier = Array.from({ length: n }, () => { const u = r(); return u < 0.05 ? "strategic" : u < 0.2 ? "ent" : u < 0.5 ? "mid" : "smb"; });
      return createFrame({ features: { x1: numericColumn(x1), x2: numericColumn(x2), tier: categoricalColumn(tier) } });
    };
    const r = await run(driftClassifier, { baseline: tiered(3000, 1, 0), current: tiered(3000, 2, 0.5) });
    expect(r.status).toBe("fail");
    const importance = Object.fromEntries(r.columns!.map((c) => [c.column, c.metrics.importance!]));
    expect(r.columns![0].column).toBe("x1");
    expect(importance.x1).toBeGreaterThan(0.7);
    expect(importance.tier).toBeLessThan(0.15);
  });
});

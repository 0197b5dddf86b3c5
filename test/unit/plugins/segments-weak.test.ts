import { describe, expect, it } from "vitest";
import { benjaminiHochberg, categoricalColumn, createFrame, numericColumn, seededRandom, sliceAndRestAuc } from "@/plugins/sdk";
import segmentsWeak from "@/plugins/builtin/segments.weak";
import { relErr } from "./gen";
import { run } from "./harness";

/** Leads: the score separates converters well, except where `weak(i)` holds (there it is noise). */
function leads(n: number, weak: (tier: string, size: number, region: string) => boolean, seed = 3) {
  const rand = seededRandom(seed);
  const tiers: string[] = [], regions: string[] = [];
  const size = new Float64Array(n), y = new Float64Array(n), score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand();
    const tier = u < 0.05 ? "strategic" : u < 0.2 ? "enterprise" : u < 0.5 ? "mid_market" : "smb";
    const region = rand() < 0.6 ? "na" : "emea";
    tiers.push(tier);
    regions.push(region);
    size[i] = Math.round(10 ** (1 + 3 * rand()));
    y[i] = rand() < 0.3 ? 1 : 0;
    score[i] = weak(tier, size[i], region) ? rand() : 0.6 * y[i] + 0.7 * rand();
  }
  return createFrame({
    features: { account_tier: categoricalColumn(tiers), company_size: numericColumn(size) },
    cohorts: { region: categoricalColumn(regions) },
    label: numericColumn(y),
    prediction: numericColumn(score),
  });
}

describe("segments.weak", () => {
  it("finds a planted weak tier without being told, in plain words, with CI and BH q-value", async () => {
    const r = await run(segmentsWeak, { current: leads(8000, (t) => t === "strategic"), config: { entity: "leads" } });
    expect(r.status).toBe("fail");
    const top = r.columns![0];
    expect(top.column).toBe("account_tier = strategic");
    expect(top.metrics.value!).toBeLessThan(0.65);
    expect(top.metrics.rest_value!).toBeGreaterThan(0.85);
    expect(top.metrics.ci_low!).toBeLessThan(top.metrics.value!);
    expect(top.metrics.q_value!).toBeLessThan(0.001);
    expect(String(top.details!.finding)).toMatch(/^leads with account_tier = strategic: roc_auc 0\.\d\d \(95% CI 0\.\d\d–0\.\d\d\) vs 0\.\d\d elsewhere at similar scores, \d{3} leads$/);
    expect(r.notes![0]).toBe(top.details!.finding);
    // pairs that only repeat the weak tier are not reported
    expect(r.columns!.every((c) => c.column === "account_tier = strategic" || !c.column.includes("strategic"))).toBe(true);
    expect(r.metrics.slices_tested!).toBeGreaterThan(10);
  });
  it("finds a weak pair that neither attribute shows alone", async () => {
    const r = await run(segmentsWeak, { current: leads(12000, (t, s, region) => region === "emea" && t === "enterprise" && s > 0), config: {} });
    expect(r.columns![0].column).toBe("region = emea and account_tier = enterprise"); // cohort attributes first
  });
  it("reports no slice on data without one (1,000s of slices, Benjamini–Hochberg)", async () => {
    for (const seed of [1, 2, 3]) {
      const r = await run(segmentsWeak, { current: leads(8000, () => false, seed), config: { bins: 10, expand: 30 } });
      expect(r.metrics.weak_slices).toBe(0);
      expect(r.status).toBe("pass");
      expect(r.notes![0]).toMatch(/^no weak slice among \d+ tested/);
    }
  });
  it("samples big windows and says so; too little data is n/a", async () => {
    const r = await run(segmentsWeak, { current: leads(5000, (t) => t === "strategic"), config: { maxRows: 2000 } });
    expect(r.notes![0]).toBe("sampled 2,000 of 5,000 labelled rows (seed 17)");
    expect((await run(segmentsWeak, { current: leads(60, () => false) })).status).toBe("n/a");
  });
  it("accuracy for categorical predictions, mae for numeric targets", async () => {
    const n = 2000;
    const g = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? "rare" : "common"));
    const label = Array.from({ length: n }, (_, i) => (i % 3 ? "x" : "y"));
    const pred = label.map((l, i) => (g[i] === "rare" && i % 20 === 0 ? (l === "x" ? "y" : "x") : l));
    const acc = await run(segmentsWeak, { current: createFrame({ features: { g: categoricalColumn(g) }, label: categoricalColumn(label), prediction: categoricalColumn(pred) }) });
    expect(acc.columns![0]).toMatchObject({ column: "g = rare", metrics: { value: 0.5, rest_value: 1 } });
    const t = Float64Array.from({ length: n }, (_, i) => i % 7);
    const yhat = t.map((v, i) => v + (g[i] === "rare" ? 2 : 0.1) * (i % 2 ? 1 : -1));
    const mae = await run(segmentsWeak, { current: createFrame({ features: { g: categoricalColumn(g) }, label: numericColumn(t), prediction: numericColumn(yhat) }) });
    expect(mae.columns![0].column).toBe("g = rare");
    expect(relErr(mae.columns![0].metrics.value!, 2)).toBeLessThan(1e-12);
  });
});

describe("slice statistics", () => {
  it("slice/rest AUC equal sklearn roc_auc_score (ties counted ½)", () => {
    // sklearn.metrics.roc_auc_score([0,1,0,1,1], [0.1,0.4,0.4,0.8,0.2]) = 0.75; rest: roc_auc_score([1,0,0], [0.3,0.5,0.3]) = 0.25
    const score = Float64Array.from([0.1, 0.4, 0.4, 0.8, 0.2, 0.3, 0.5, 0.3]);
    const y = Uint8Array.from([0, 1, 0, 1, 1, 1, 0, 0]);
    const inSlice = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0]);
    const order = Int32Array.from(score.keys()).sort((a, b) => score[a] - score[b]);
    const [s, r] = sliceAndRestAuc(order, score, y, inSlice);
    expect(s!.value).toBe(0.75);
    expect(r!.value).toBe(0.25);
  });
  it("Benjamini–Hochberg as statsmodels multipletests(method='fdr_bh')", () => {
    // statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03, 0.005, 0.2], method="fdr_bh")[1]
    // = [0.025, 0.05, 0.05, 0.025, 0.2]
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]).map((x) => +x.toFixed(12))).toEqual([0.025, 0.05, 0.05, 0.025, 0.2]);
  });
});

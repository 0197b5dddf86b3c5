import path from "node:path";
import { describe, expect, it } from "vitest";
import { evalbook, ROOT } from "../../helpers/cli";

const FIX = path.join(ROOT, "test/fixtures/evaluation");

// Expected values: scipy 1.10.1 ks_2samp and sklearn 1.2.1 roc_auc_score on the same files via pandas (expected.py).
describe("evalbook evaluate", () => {
  for (const ext of ["csv", "ndjson", "parquet"]) {
    it(`drift.ks on ${ext} with a cohort prints one JSON document in the documented shape`, async () => {
      const r = await evalbook(["evaluate", "--plugin", "drift.ks", "--baseline", `${FIX}/baseline.${ext}`, "--current", `${FIX}/current.${ext}`, "--cohort", "region", "--format", "json"]);
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(Object.keys(doc)).toEqual(["plugin", "version", "cohorts"]);
      expect(doc.plugin).toBe("drift.ks");
      expect(doc.cohorts.map((c: { cohort: string }) => c.cohort)).toEqual(["all", "apac", "eu", "us"]);
      const all = doc.cohorts[0];
      expect(all).toMatchObject({ cohort: "all", status: "fail", n: 240 });
      const age = all.columns.find((c: { column: string }) => c.column === "age");
      expect(age.metrics.statistic).toBeCloseTo(0.19420945635779396, 14);
      expect(age.metrics.p_value / 0.00015451384325579332).toBeCloseTo(1, 9);
      const eu = doc.cohorts.find((c: { cohort: string }) => c.cohort === "eu");
      expect(eu.n).toBe(80);
      const euIncome = eu.columns.find((c: { column: string }) => c.column === "income");
      expect(euIncome.metrics.statistic).toBeCloseTo(0.13, 14);
      expect(euIncome.metrics.p_value / 0.4069854374479048).toBeCloseTo(1, 9);
      expect(all.columns.map((c: { column: string }) => c.column)).toEqual(["age", "income"]);
    });
  }

  it("quality.binary with --label/--prediction and table output", async () => {
    const json = await evalbook(["evaluate", "--plugin", "quality.binary@1.0.0", "--current", `${FIX}/current.csv`, "--format", "json", "--label", "label", "--prediction", "prediction"]);
    const doc = JSON.parse(json.stdout);
    expect(doc.cohorts[0].metrics.roc_auc / 0.8384610042364053).toBeCloseTo(1, 12);
    const table = await evalbook(["evaluate", "--plugin", "cost.latency", "--current", `${FIX}/current.parquet`, "--format", "table"]);
    expect(table.stdout).toMatch(/latency_p95_ms\s+199\.76/);
  });

  it("config JSON, --fail-on and errors", async () => {
    const r = await evalbook(["evaluate", "--plugin", "drift.ks", "--baseline", `${FIX}/baseline.csv`, "--current", `${FIX}/current.csv`, "--config", '{"threshold":0.0001}', "--format", "json", "--fail-on", "fail"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).cohorts[0].status).toBe("pass");
    const failing = await evalbook(["evaluate", "--plugin", "drift.ks", "--baseline", `${FIX}/baseline.csv`, "--current", `${FIX}/current.csv`, "--format", "json", "--fail-on", "fail"]);
    expect(failing.code).toBe(1);
    const bad = await evalbook(["evaluate", "--plugin", "drift.psi", "--baseline", `${FIX}/baseline.csv`, "--current", `${FIX}/current.csv`, "--config", '{"bins":1}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid config/);
    const noBase = await evalbook(["evaluate", "--plugin", "drift.ks", "--current", `${FIX}/current.csv`]);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toMatch(/needs --baseline/);
  });

  it("the tsx path (no bundle) gives the same document", async () => {
    const args = ["evaluate", "--plugin", "drift.psi", "--baseline", `${FIX}/baseline.csv`, "--current", `${FIX}/current.csv`, "--format", "json"];
    const bundled = await evalbook(args);
    const plain = await evalbook(args, { EVALBOOK_NO_BUNDLE: "1" });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(bundled.stdout));
  });

  it("evalbook plugins lists ids, versions and config schemas", async () => {
    const r = await evalbook(["plugins", "--format", "json"]);
    const doc = JSON.parse(r.stdout);
    const psi = doc.plugins.find((p: { id: string }) => p.id === "drift.psi");
    expect(psi.version).toBe("1.0.0");
    expect(psi.config.properties.bins).toMatchObject({ type: "integer", minimum: 2, default: 10 });
    expect(doc.plugins.length).toBeGreaterThanOrEqual(14);
  });
});

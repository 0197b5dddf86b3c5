/**
 * The streamed drift path per cohort and for the count- and histogram-based tests, through the real
 * stack: EVAL_MAX_WINDOW_ROWS is 1,000 here, so evaluateSelection streams a 3,000-row window (its
 * size from the segment metadata) into sketches per cohort value. Against the exact path (the same
 * windows loaded whole, runEvaluator with the same cohort keys): equal below the sketch's capacity;
 * with a small sketch (k = 64) every statistic within the bound the column states, and the exact
 * counts (total variation, chi-square, Fisher) still equal. Drift tests without a streamed path answer n/a
 * with the reason instead of loading the window.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.EVAL_MAX_WINDOW_ROWS = "1000";
});

import { predictionRepository } from "@/server/predictions";
import { evaluateSelection } from "@/server/notebooks/evaluation";
import { streamedDriftSelection } from "@/server/notebooks/streamed-window";
import { runEvaluator } from "@/server/evaluation/runner";
import type { EvaluationOutput } from "@/server/notebooks/types";
import { BaselineBuilder } from "@/server/ingest/baselines";
import { CUR_FROM, DAY, REF_FROM, driftSelection, modelWithDriftWindows, type RowOf } from "../../helpers/drift-windows";

let modelId = "";
const selection = driftSelection(["region"]);

/** The exact path: both windows loaded whole, the same cohorts through the runner. */
async function exactOf(pluginId: string) {
  const repo = predictionRepository({ readOnly: true });
  const load = (from: string, to: string) => repo.loadWindow({ modelId, from: Date.parse(from), to: Date.parse(to) });
  const current = (await load(selection.from, selection.to)).frame;
  const ref = selection.reference as { from: string; to: string };
  const baseline = (await load(ref.from, ref.to)).frame;
  return runEvaluator({ pluginRef: pluginId, current, baseline, cohortKeys: ["region"], minCohortSize: 30 });
}

const cohortOf = (out: EvaluationOutput, c: { cohort: string; key?: string }) => out.cohorts.find((x) => x.cohort === c.cohort && x.key === c.key)!;

/**
 * amount continuous, grade an integer 0–7 (the current side's "us" rows add values the baseline
 * never has), tier a category, flag 0/1; cohort region eu/us/apac, plus on the current side "latam" (60 rows,
 * absent from the reference) and "mx" (15 rows, below the minimum size).
 */
let baselineId = "";
const rowOf: RowOf = (i, shift) => {
    const region = shift && i % 200 === 7 ? "mx" : shift && i % 50 === 9 ? "latam" : ["eu", "us", "apac"][i % 3]!;
    const drift = region === "us" ? 2 * shift : shift;
    const features = {
      amount: ((i * 7919) % 1000) / 10 + (((i * 104729) % 1000) / 10) * drift,
      grade: ((i * 13) % 8) + (region === "us" && shift && i % 40 === 0 ? 8 + (i % 3) : 0),
      tier: ["gold", "basic", "plus"][(i * 31 + (drift > 0 ? i % 2 : 0)) % 3],
      flag: i % (drift ? 5 : 7) === 0 ? 1 : 0,
    };
    return { features, cohort: { region } };
};

beforeAll(async () => {
  modelId = await modelWithDriftWindows("streamed-cohorts", rowOf);
  // a stored baseline of the reference rows, region as one of its columns
  const builder = new BaselineBuilder(Infinity);
  for (let i = 0; i < 2000; i++) {
    const { features, cohort } = rowOf(i, 0);
    builder.add({ ...(features as Record<string, number | string>), region: cohort!.region! });
  }
  builder.flush();
  const encoded = { rowCount: builder.rowCount, columns: builder.columns(), chunks: builder.chunks };
  baselineId = (await predictionRepository().writeBaseline({ modelId, name: "training", versionId: null, format: "csv", replaceId: null }, encoded)).id;
}, 60_000);

const PLUGINS = ["drift.ks", "drift.wasserstein", "drift.psi", "drift.jensenshannon", "drift.hellinger", "drift.tvd", "drift.chisquare", "drift.fisher", "drift.energy"];

describe("streamed drift per cohort (EVAL_MAX_WINDOW_ROWS = 1,000)", () => {
  it("counts the window's rows from the segment metadata", async () => {
    const repo = predictionRepository({ readOnly: true });
    expect(await repo.countWindowRows({ modelId, from: CUR_FROM, to: CUR_FROM + 10 * DAY })).toBe(3000);
    expect(await repo.countWindowRows({ modelId, version: ["v1"], from: REF_FROM, to: REF_FROM + 5 * DAY })).toBe(2000);
    expect(await repo.countWindowRows({ modelId, version: ["v9"], from: CUR_FROM, to: CUR_FROM + 10 * DAY })).toBe(0);
    // a range that cuts the second day's segment counts it whole: an upper bound
    expect(await repo.countWindowRows({ modelId, from: CUR_FROM, to: CUR_FROM + DAY + 1 })).toBe(2000);
  });

  it.each(PLUGINS)("%s: every cohort streamed, the same results as the exact path below the sketch's capacity", async (pluginId) => {
    const exact = await exactOf(pluginId);
    const streamed = await evaluateSelection({ modelId, pluginId, config: {}, selection });
    expect(streamed.n).toEqual({ current: 3000, reference: 2000 });
    expect(streamed.cohorts[0]!.notes![0]).toMatch(/^streamed: 3,000 rows > EVAL_MAX_WINDOW_ROWS \(1,000\)/);
    expect(streamed.cohorts.map((c) => `${c.key ?? ""}:${c.cohort}`)).toEqual(exact.cohorts.map((c) => `${c.key ?? ""}:${c.cohort}`));
    expect(streamed.cohorts.map((c) => c.cohort)).toEqual(["all", "apac", "eu", "latam", "mx", "us"]);
    for (const e of exact.cohorts) {
      const s = cohortOf(streamed, e);
      expect(s.n, e.cohort).toBe(e.n);
      expect(s.status, e.cohort).toBe(e.status);
      expect(s.metrics, e.cohort).toEqual(e.metrics);
      for (const col of e.columns) {
        const sc = s.columns.find((c) => c.column === col.column)!;
        expect(sc.status, `${e.cohort}.${col.column}`).toBe(col.status);
        if (col.status === "n/a") continue;
        for (const [k, v] of Object.entries(col.metrics)) {
          if (typeof v === "number") expect(sc.metrics[k], `${e.cohort}.${col.column}.${k}`).toBeCloseTo(v, 9);
          else expect(sc.metrics[k], `${e.cohort}.${col.column}.${k}`).toBe(v);
        }
        expect(String(sc.details!.streamed)).toMatch(/^streamed: (sketches exact|exact category counts|exact counts per value)/);
      }
    }
    expect(cohortOf(streamed, { cohort: "mx", key: "region" }).notes).toEqual(["insufficient data (n < 30)"]);
    expect(cohortOf(streamed, { cohort: "latam", key: "region" }).notes).toEqual(["no rows of region latam in the reference"]);
    expect(streamed.cohorts.some((c) => c.columns.some((col) => col.status !== "n/a"))).toBe(true);
  });

  it.each(PLUGINS)("%s: with a small sketch (k = 64) every cohort's statistic is within the bound it states", async (pluginId) => {
    const exact = await exactOf(pluginId);
    const config = { thresholdMode: "fixed", chunks: 10, sigmas: 3, driftShare: 0.5 } as const;
    const streamed = (await streamedDriftSelection({ modelId, pluginId, pluginVersion: "1.0.0", config: { ...config }, selection, maxWindowRows: 1000, sketchK: 64 }))!;
    let bounded = 0;
    for (const e of exact.cohorts) {
      const s = cohortOf(streamed, e);
      expect(s.n).toBe(e.n);
      for (const col of e.columns) {
        if (col.status === "n/a") continue;
        const sc = s.columns.find((c) => c.column === col.column)!;
        const d = sc.details!;
        const at = `${e.cohort}.${col.column}`;
        if (pluginId === "drift.ks" && typeof d.statistic_bound === "number") {
          expect(Math.abs(Number(sc.metrics.statistic) - Number(col.metrics.statistic)), at).toBeLessThanOrEqual(d.statistic_bound + 1e-12);
          bounded++;
        } else if (typeof d.distance_bound === "number") {
          expect(Math.abs(Number(sc.metrics.distance) - Number(col.metrics.distance)), at).toBeLessThanOrEqual(d.distance_bound + 1e-12);
          bounded++;
        } else if (pluginId === "drift.psi" && d.epsilon_current) {
          expect(String(d.bound), at).toMatch(/^each bin's share within ±/);
          bounded++;
        } else {
          // exact counts (categories, few values) or a sketch that never compacted
          for (const [k, v] of Object.entries(col.metrics)) if (typeof v === "number") expect(sc.metrics[k], `${at}.${k}`).toBeCloseTo(v, 9);
          expect(sc.status, at).toBe(col.status);
        }
      }
    }
    if (["drift.ks", "drift.wasserstein", "drift.psi", "drift.jensenshannon", "drift.hellinger", "drift.energy"].includes(pluginId)) expect(bounded).toBeGreaterThan(3);
  });

  it.each(["drift.ks", "drift.jensenshannon", "drift.chisquare"])("%s against a stored baseline, thresholds learned from each cohort's baseline rows: the exact path's results", async (pluginId) => {
    const withBaseline = { ...selection, reference: { kind: "baseline" as const, baselineId, baselineName: "training" } };
    const config = { thresholdMode: "learned" };
    const streamed = await evaluateSelection({ modelId, pluginId, config, selection: withBaseline });
    expect(streamed.cohorts[0]!.notes![0]).toMatch(/^streamed: 3,000 rows/);
    const repo = predictionRepository({ readOnly: true });
    const current = (await repo.loadWindow({ modelId, from: Date.parse(selection.from), to: Date.parse(selection.to) })).frame;
    const baseline = (await repo.loadBaseline(baselineId)).frame;
    const exact = await runEvaluator({ pluginRef: pluginId, config, current, baseline, cohortKeys: ["region"], minCohortSize: 30 });
    let learned = 0;
    for (const e of exact.cohorts) {
      const s = cohortOf(streamed, e);
      expect(s.status, e.cohort).toBe(e.status);
      for (const col of e.columns) {
        const sc = s.columns.find((c) => c.column === col.column)!;
        expect(sc.status, `${e.cohort}.${col.column}`).toBe(col.status);
        if (col.status === "n/a") continue;
        if (col.details?.threshold_mode === "learned") learned++;
        expect(sc.details!.threshold_mode, `${e.cohort}.${col.column}`).toBe(col.details!.threshold_mode);
        for (const [k, v] of Object.entries(col.metrics)) if (typeof v === "number") expect(sc.metrics[k], `${e.cohort}.${col.column}.${k}`).toBeCloseTo(v, 9);
      }
    }
    expect(learned).toBeGreaterThan(3);
  });

  it("a drift test without a streamed path answers n/a with the reason, and does not load the window", async () => {
    for (const pluginId of ["drift.anderson", "drift.cramervonmises", "drift.auto"]) {
      const out = await evaluateSelection({ modelId, pluginId, config: {}, selection });
      expect(out.status).toBe("n/a");
      expect(out.cohorts).toHaveLength(1);
      expect(out.cohorts[0]!.notes![0]).toMatch(/^not available on windows above 1,000 rows \(EVAL_MAX_WINDOW_ROWS; this window has up to 3,000\): .+; streamed tests: drift\.ks, /);
    }
    const small = { ...selection, to: new Date(CUR_FROM + DAY).toISOString() };
    expect((await evaluateSelection({ modelId, pluginId: "drift.anderson", config: {}, selection: small })).cohorts[0]!.notes ?? []).not.toContainEqual(expect.stringMatching(/^not available/));
  });
});

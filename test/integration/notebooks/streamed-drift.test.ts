/**
 * The streamed drift path through the real stack: predictions in a SQLite store, a window above
 * the row limit read chunk by chunk into sketches (streamedDriftSelection), against the exact path
 * (evaluateSelection, the window loaded whole). Below the sketch's capacity the sketches keep every
 * value, so the statistics must agree; the result says it was streamed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateSelection } from "@/server/notebooks/evaluation";
import { streamedDriftSelection } from "@/server/notebooks/streamed-window";
import { driftSelection, modelWithDriftWindows } from "../../helpers/drift-windows";

let modelId = "";
const selection = driftSelection();

/** amount ~ a shifted triangle, tier from 3 categories. */
beforeAll(async () => {
  modelId = await modelWithDriftWindows("streamed", (i, shift) => ({
    features: { amount: ((i * 7919) % 1000) / 10 + (((i * 104729) % 1000) / 10) * shift, tier: ["gold", "basic", "plus"][(i * 31 + (shift > 0 ? i % 2 : 0)) % 3] },
  }));
}, 60_000);

describe("drift over a window above EVAL_MAX_WINDOW_ROWS", () => {
  it.each(["drift.ks", "drift.wasserstein", "drift.psi"])("%s: streamed into sketches, the same statistics as the exact path", async (pluginId) => {
    const exact = await evaluateSelection({ modelId, pluginId, config: {}, selection });
    expect(exact.cohorts[0]!.notes ?? []).not.toContainEqual(expect.stringMatching(/^streamed/));
    const config = { threshold: undefined, thresholdMode: "fixed", chunks: 10, sigmas: 3, driftShare: 0.5 } as const;
    const streamed = (await streamedDriftSelection({ modelId, pluginId, pluginVersion: exact.version, config: { ...config }, selection, maxWindowRows: 1000 }))!;
    expect(streamed.n).toEqual({ current: 3000, reference: 2000 });
    const all = streamed.cohorts[0]!;
    expect(all.notes![0]).toMatch(/^streamed: 3,000 rows > EVAL_MAX_WINDOW_ROWS \(1,000\)/);
    const exactAll = exact.cohorts.find((c) => c.cohort === "all")!;
    for (const col of exactAll.columns) {
      const s = all.columns.find((c) => c.column === col.column)!;
      expect(s.status, col.column).toBe(col.status);
      for (const [k, v] of Object.entries(col.metrics)) {
        if (typeof v === "number") expect(s.metrics[k], `${col.column}.${k}`).toBeCloseTo(v, 9);
      }
      if (col.status !== "n/a") expect(String(s.details!.streamed)).toMatch(/^streamed: (sketches exact|exact category counts)/);
    }
    expect(all.columns.some((c) => c.status !== "n/a")).toBe(true);
    expect(all.metrics).toEqual(exactAll.metrics);
  });

  it("leaves a window within the limit to the exact path", async () => {
    const config = { thresholdMode: "fixed", chunks: 10, sigmas: 3, driftShare: 0.5 } as const;
    expect(await streamedDriftSelection({ modelId, pluginId: "drift.ks", pluginVersion: "1.0.0", config, selection, maxWindowRows: 3000 })).toBeNull();
    expect(await streamedDriftSelection({ modelId, pluginId: "drift.anderson", pluginVersion: "1.0.0", config, selection, maxWindowRows: 10 })).toBeNull();
  });
});

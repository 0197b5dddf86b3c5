/**
 * The streamed drift path through the real stack: predictions in a SQLite store, a window above
 * the row limit read chunk by chunk into sketches (streamedDriftSelection), against the exact path
 * (evaluateSelection, the window loaded whole). Below the sketch's capacity the sketches keep every
 * value, so the statistics must agree; the result says it was streamed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/server/db/client";
import { createModel } from "@/server/services/models";
import { predictionRepository } from "@/server/predictions";
import { validatePrediction, type NormalizedPrediction } from "@/server/ingest/validate";
import { evaluateSelection } from "@/server/notebooks/evaluation";
import { streamedDriftSelection } from "@/server/notebooks/streamed-window";
import type { ResolvedSelection } from "@/server/notebooks/types";
import { createWorkspaceWith, signUp, uniqueEmail } from "../../helpers/auth";
import { FRAUD_MODEL } from "../../unit/reports/fixture";

const DAY = 86_400_000;
const REF_FROM = Date.parse("2025-11-01T00:00:00.000Z");
const CUR_FROM = Date.parse("2025-11-10T00:00:00.000Z");
let modelId = "";

/** `n` rows over 5 days from `start`: amount ~ a shifted triangle, tier from 3 categories. */
function rows(n: number, start: number, shift: number, prefix: string): NormalizedPrediction[] {
  const ctx = { now: start + 30 * DAY, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 10 };
  return Array.from(
    { length: n },
    (_, i) =>
      validatePrediction(
        {
          requestId: `${prefix}-${i}`,
          version: "v1",
          prediction: (i % 10) / 10,
          timestamp: start + Math.floor((i * 5 * DAY) / n),
          features: { amount: ((i * 7919) % 1000) / 10 + (((i * 104729) % 1000) / 10) * shift, tier: ["gold", "basic", "plus"][(i * 31 + (shift > 0 ? i % 2 : 0)) % 3] },
        },
        i,
        ctx,
      ) as NormalizedPrediction,
  );
}

const selection: ResolvedSelection = {
  versions: [],
  from: new Date(CUR_FROM).toISOString(),
  to: new Date(CUR_FROM + 10 * DAY).toISOString(),
  reference: { kind: "window", from: new Date(REF_FROM).toISOString(), to: new Date(REF_FROM + 5 * DAY).toISOString() },
  cohortKeys: [],
  minCohortSize: 30,
};

beforeAll(async () => {
  const e = await signUp(uniqueEmail("streamed-drift"));
  const workspaceId = (await createWorkspaceWith(`strd-${Date.now()}`, [{ userId: e.userId, role: "editor" }])).id;
  const { id: _i, versions: _v, ...fields } = FRAUD_MODEL;
  modelId = (await createModel(prisma, workspaceId, { id: e.userId, label: "test" }, { ...fields, slug: "streamed", endpoint: "svc", tags: [], versions: [{ label: "v1", stage: "production" }] } as never)).id;
  const repo = predictionRepository();
  const ref = (await repo.findModel(workspaceId, "streamed"))!;
  await repo.writePredictions(ref, rows(2000, REF_FROM, 0, "ref"));
  for (let b = 0; b < 3; b++) await repo.writePredictions(ref, rows(1000, CUR_FROM + b * DAY, 0.3, `cur${b}`));
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

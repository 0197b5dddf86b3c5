/**
 * A model with two windows of predictions for the streamed drift tests: a reference window of
 * 2,000 rows over 5 days from REF_FROM and a current one of 3 × 1,000 rows from CUR_FROM (one
 * batch, so one segment, per day), shifted by `shift` = 0.3; `rowOf` gives each row's features and
 * cohort attributes.
 */
import { prisma } from "@/server/db/client";
import { createModel } from "@/server/services/models";
import { predictionRepository } from "@/server/predictions";
import { validatePrediction, type NormalizedPrediction } from "@/server/ingest/validate";
import type { ResolvedSelection } from "@/server/notebooks/types";
import { createWorkspaceWith, signUp, uniqueEmail } from "./auth";
import { FRAUD_MODEL } from "../unit/reports/fixture";

export const DAY = 86_400_000;
export const REF_FROM = Date.parse("2025-11-01T00:00:00.000Z");
export const CUR_FROM = Date.parse("2025-11-10T00:00:00.000Z");

export type RowOf = (i: number, shift: number) => { features: Record<string, unknown>; cohort?: Record<string, string> };

function rows(n: number, start: number, shift: number, prefix: string, rowOf: RowOf): NormalizedPrediction[] {
  const ctx = { now: start + 30 * DAY, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 10 };
  return Array.from({ length: n }, (_, i) => {
    const row = { requestId: `${prefix}-${i}`, version: "v1", prediction: (i % 10) / 10, timestamp: start + Math.floor((i * 5 * DAY) / n), ...rowOf(i, shift) };
    return validatePrediction(row, i, ctx) as NormalizedPrediction;
  });
}

/** Creates the model and writes both windows; returns the model's id. */
export async function modelWithDriftWindows(slug: string, rowOf: RowOf): Promise<string> {
  const e = await signUp(uniqueEmail(slug));
  const workspaceId = (await createWorkspaceWith(`${slug}-${Date.now()}`, [{ userId: e.userId, role: "editor" }])).id;
  const { id: _i, versions: _v, ...fields } = FRAUD_MODEL;
  const modelId = (await createModel(prisma, workspaceId, { id: e.userId, label: "test" }, { ...fields, slug, endpoint: "svc", tags: [], versions: [{ label: "v1", stage: "production" }] } as never)).id;
  const repo = predictionRepository();
  const ref = (await repo.findModel(workspaceId, slug))!;
  await repo.writePredictions(ref, rows(2000, REF_FROM, 0, "ref", rowOf));
  for (let b = 0; b < 3; b++) await repo.writePredictions(ref, rows(1000, CUR_FROM + b * DAY, 0.3, `cur${b}`, rowOf));
  return modelId;
}

/** The current window against the reference window. */
export function driftSelection(cohortKeys: string[] = []): ResolvedSelection {
  return {
    versions: [],
    from: new Date(CUR_FROM).toISOString(),
    to: new Date(CUR_FROM + 10 * DAY).toISOString(),
    reference: { kind: "window", from: new Date(REF_FROM).toISOString(), to: new Date(REF_FROM + 5 * DAY).toISOString() },
    cohortKeys,
    minCohortSize: 30,
  };
}

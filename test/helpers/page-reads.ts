/**
 * The page reads (server/services/page-reads) against the Prisma queries they replace, on one
 * database: a user in two workspaces, a model with versions, stage history (reasons and incidents
 * set and unset) and a contract (bounds, categories, flags set and unset). Used by the SQLite and
 * the PostgreSQL test.
 */
import { expect } from "vitest";
import type { PrismaClient } from "../../server/generated/prisma/client";
import type { PageReads } from "../../server/services/page-reads";
import { readModelDetail } from "../../server/services/models";
import { userMemberships } from "../../server/services/workspaces";

export async function fillPageReadsFixture(db: PrismaClient) {
  const t = (s: string) => new Date(`2026-03-0${s}Z`);
  await db.user.create({ data: { id: "u1", name: "U", email: "u1@test.local" } });
  await db.user.create({ data: { id: "u2", name: "V", email: "u2@test.local" } });
  await db.workspace.create({ data: { id: "w2", slug: "second", name: "Second", config: '{"plugins":["x"]}', createdAt: t("2T10:00:00.000") } });
  await db.workspace.create({ data: { id: "w1", slug: "first", name: "First", createdAt: t("1T10:00:00.000") } });
  await db.membership.create({ data: { workspaceId: "w2", userId: "u1", role: "viewer", createdAt: t("3T10:00:00.250") } });
  await db.membership.create({ data: { workspaceId: "w1", userId: "u1", role: "admin", createdAt: t("2T11:00:00.000") } });
  await db.membership.create({ data: { workspaceId: "w1", userId: "u2", role: "editor" } });
  await db.model.create({
    data: {
      id: "m1", workspaceId: "w1", slug: "fraud", name: "Fraud", description: "d", task: "binary", ownerTeam: "Risk", onCall: "r@x",
      tags: '["a","b"]', slos: '[{"name":"AUC","metric":"roc_auc","op":">=","target":0.8}]', requireKnownVersion: true,
      valuePerCorrectUsd: 1.25, costPerErrorUsd: null, exportPolicy: '{"labelled":true}', retentionDays: 30,
      createdAt: t("1T12:00:00.000"),
      versions: {
        create: [
          { id: "v2", label: "v2", stage: "candidate", notes: "n", createdAt: t("5T00:00:00.000"), stageEvents: { create: [{ toStage: "candidate", changedAt: t("5T00:00:00.000") }] } },
          {
            id: "v1", label: "v1", stage: "archived", createdAt: t("4T00:00:00.000"),
            stageEvents: {
              create: [
                { toStage: "production", changedById: "u1", changedAt: t("4T00:00:00.000") },
                { fromStage: "production", toStage: "archived", reason: "Rollback for incident", incidentId: "i1", changedAt: t("6T00:00:00.001") },
              ],
            },
          },
        ],
      },
      features: {
        create: [
          { name: "b", type: "numeric", min: -1.5, max: 2, nullable: false, position: 1 },
          { name: "a", type: "numeric", key: true, position: 1 },
          { name: "c", type: "categorical", categories: '["x","y"]', position: 0 },
        ],
      },
    },
  });
  await db.model.create({ data: { id: "m2", workspaceId: "w1", slug: "bare", name: "Bare", task: "regression", ownerTeam: "T", onCall: "t" } });
}

export async function expectSameAsPrisma(db: PrismaClient, reads: PageReads) {
  for (const user of ["u1", "u2", "nobody"]) expect(await reads.memberships(user)).toStrictEqual(await userMemberships(db, user));
  expect((await reads.memberships("u1")).map((m) => m.workspace.slug)).toEqual(["first", "second"]);
  for (const [ws, slug] of [["w1", "fraud"], ["w1", "bare"], ["w2", "fraud"], ["w1", "missing"]] as const) {
    expect(await reads.modelDetail(ws, slug)).toStrictEqual(await readModelDetail(db, ws, slug));
  }
  const detail = (await reads.modelDetail("w1", "fraud"))!;
  expect(detail.versions.map((v) => [v.label, v.stageEvents.map((e) => e.toStage)])).toEqual([["v1", ["archived", "production"]], ["v2", ["candidate"]]]);
  expect(detail.features.map((f) => f.name)).toEqual(["c", "a", "b"]);
}

/**
 * The page reads (server/services/page-reads) against the Prisma queries they replace, on one
 * database: a user in two workspaces, a model with versions, stage history (reasons and incidents
 * set and unset) and a contract (bounds, categories, flags set and unset), two notebooks, guardrails
 * (paused or not) with states, open and resolved incidents and evaluations (two equally new). Used
 * by the SQLite and the PostgreSQL test.
 */
import { expect } from "vitest";
import type { PrismaClient } from "../../server/generated/prisma/client";
import type { PageReads } from "../../server/services/page-reads";
import { readModelDetail } from "../../server/services/models";

/** What the memberships read replaced: every membership of a user with its workspace, oldest first. */
const userMemberships = (db: PrismaClient, userId: string) => db.membership.findMany({ where: { userId }, include: { workspace: true }, orderBy: { createdAt: "asc" } });

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
  const at = (h: number) => new Date(Date.UTC(2026, 2, 10, h));
  for (const [id, title, h] of [["n2", "Later", 2], ["n1", "Health", 1]] as const) {
    await db.notebook.create({ data: { id, workspaceId: "w1", modelId: "m1", title, cells: `[{"id":"c1","type":"evaluator","pluginId":"auc","title":"${title}"}]`, createdAt: at(h) } });
  }
  const guardrail = (id: string, name: string, more: Record<string, unknown> = {}) =>
    db.guardrail.create({ data: { id, workspaceId: "w1", modelId: "m1", notebookId: "n1", cellId: "c1", name, metric: "roc_auc", op: "<", fail: 0.7, ...more } });
  await guardrail("g1", "b-auc", { warn: 0.75, paused: true, requireSignificance: true, renotifyMinutes: 30, rollbackSecret: "s", runbookIds: '["r1"]' });
  await guardrail("g2", "a-auc", { source: "slo", sloName: "AUC", column: "x" });
  await guardrail("g3", "c-quiet");
  for (const [g, cohort, state, flapped] of [["g1", "all", "alert", true], ["g1", "EU", "ok", false], ["g2", "all", "warning", false]] as const) {
    await db.guardrailState.create({ data: { guardrailId: g, cohort, state, lastValue: 0.61, recent: "[1,0]", flappingNotifiedAt: flapped ? at(3) : null, changedAt: at(4) } });
  }
  const incident = (id: string, g: string, cohort: string, openKey: string | null) =>
    db.incident.create({ data: { id, workspaceId: "w1", modelId: "m1", guardrailId: g, cohort, openKey, state: openKey ? "open" : "resolved", severity: "critical", title: "t", openedRunId: "r", lastRunId: "r" } });
  await incident("i1", "g1", "all", "g1:all");
  await incident("i2", "g1", "EU", null);
  await incident("i3", "g2", "all", "g2:all");
  await db.incident.update({ where: { id: "i3" }, data: { redLine: true } });
  const evaluation = (id: string, g: string, runId: string, h: number, cohorts: string) =>
    db.guardrailEvaluation.create({ data: { id, guardrailId: g, runId, level: "fail", cohorts, createdAt: at(h) } });
  await evaluation("e1", "g1", "r1", 5, '[{"cohort":"all","value":0.5}]');
  await evaluation("e2", "g1", "r2", 6, '[{"cohort":"all","value":0.6}]');
  await evaluation("e4", "g2", "r3", 6, '[{"cohort":"all","value":0.8}]');
  await evaluation("e3", "g2", "r4", 6, '[{"cohort":"all","value":0.9}]');
  // runs: n1's newest two in the same millisecond, n2 none; a notebook of another model with a finished run
  await db.notebook.update({ where: { id: "n2" }, data: { scheduleCron: "0 6 * * 1", scheduleTz: "Europe/Paris", schedulePaused: true, scheduleParameters: '{"window":"7d"}' } });
  await db.model.create({ data: { id: "m3", workspaceId: "w1", slug: "other", name: "Other", task: "binary", ownerTeam: "T", onCall: "t" } });
  await db.notebook.create({ data: { id: "n3", workspaceId: "w1", modelId: "m3", title: "Other", updatedAt: at(9) } });
  const run = (id: string, notebookId: string, h: number, more: Record<string, unknown> = {}) =>
    db.run.create({ data: { id, notebookId, workspaceId: "w1", modelId: notebookId === "n3" ? "m3" : "m1", trigger: "manual", notebookRevision: 1, snapshot: "{}", createdAt: at(h), ...more } });
  await run("r1", "n1", 1, { status: "succeeded", resultStatus: "pass", finishedAt: at(2) });
  await run("r3", "n1", 3);
  await run("r2", "n1", 3, { status: "running" });
  await run("r4", "n3", 4, { status: "failed", resultStatus: "error", finishedAt: at(5) });
  for (const [title, topic] of [["Zeta", "drift"], ["Alpha", "other"], ["Beta", "drift"]]) {
    await db.runbook.create({ data: { workspaceId: "w1", modelId: "m1", title, topic, body: "b", updatedBy: "u1" } });
  }
  for (const [id, h, modelId] of [["a1", 1, "m1"], ["a3", 2, "m1"], ["a2", 2, "m1"], ["a4", 3, "m3"]] as const) {
    await db.auditEvent.create({ data: { id, workspaceId: "w1", modelId, actorId: id === "a1" ? null : "u1", actorLabel: "U", action: "model.updated", changes: '{"name":"x"}', createdAt: at(h) } });
  }
  await db.model.create({ data: { id: "m2", workspaceId: "w1", slug: "bare", name: "Bare", task: "regression", ownerTeam: "T", onCall: "t" } });
}

/** The two Prisma reads latestEvaluations replaced: newest time per guardrail, then those rows by id. */
async function prismaLatestEvaluations(db: PrismaClient, modelId: string): Promise<Map<string, string>> {
  const newest = await db.guardrailEvaluation.groupBy({ by: ["guardrailId"], where: { guardrail: { modelId } }, _max: { createdAt: true } });
  const pairs = newest.filter((n) => n._max.createdAt).map((n) => ({ guardrailId: n.guardrailId, createdAt: n._max.createdAt! }));
  if (!pairs.length) return new Map();
  const rows = await db.guardrailEvaluation.findMany({ where: { OR: pairs }, orderBy: { id: "asc" }, select: { guardrailId: true, cohorts: true } });
  return new Map(rows.map((r) => [r.guardrailId, r.cohorts]));
}

/** The Prisma reads notebookItems made before: the notebooks, then the newest run time per notebook and those runs. */
async function prismaNotebookList(db: PrismaClient, workspaceId: string, modelId: string | undefined) {
  const rows = await db.notebook.findMany({
    where: { workspaceId, ...(modelId ? { modelId } : {}) },
    orderBy: { updatedAt: "desc" },
    select: {
      id: true, title: true, description: true, template: true, revision: true, cells: true, scheduleCron: true, scheduleTz: true,
      schedulePaused: true, scheduleParameters: true, updatedAt: true, createdAt: true, model: { select: { slug: true, name: true } },
    },
  });
  const newest = await db.run.groupBy({ by: ["notebookId"], where: { workspaceId, notebookId: { in: rows.map((r) => r.id) } }, _max: { createdAt: true } });
  const pairs = newest.filter((n) => n._max.createdAt).map((n) => ({ notebookId: n.notebookId, createdAt: n._max.createdAt! }));
  const runs = pairs.length
    ? await db.run.findMany({ where: { workspaceId, OR: pairs }, orderBy: { id: "asc" }, select: { id: true, notebookId: true, status: true, resultStatus: true, createdAt: true, finishedAt: true } })
    : [];
  return { rows, last: new Map(runs.map((r) => [r.notebookId, r])) };
}

const byJson = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The inventory's Prisma reads before (facets, health, latest finished runs), rows sorted: Prisma gave no order either. */
async function expectInventoryReadsSame(db: PrismaClient, reads: PageReads, workspaceId: string) {
  expect(byJson(await reads.modelFacetRows(workspaceId))).toStrictEqual(byJson(await db.model.findMany({ where: { workspaceId }, select: { ownerTeam: true, tags: true } })));
  const health = await reads.healthRows(workspaceId);
  const guardrails = await db.guardrail.findMany({ where: { workspaceId }, select: { modelId: true, paused: true, states: { select: { state: true } } } });
  const incidents = await db.incident.groupBy({ by: ["modelId", "redLine"], where: { workspaceId, openKey: { not: null } }, _count: { _all: true } });
  const statesSorted = <T extends { states: { state: string }[] }>(rows: T[]) => byJson(rows.map((g) => ({ ...g, states: byJson(g.states) })));
  expect(statesSorted(health.guardrails)).toStrictEqual(statesSorted(guardrails));
  expect(byJson(health.incidents)).toStrictEqual(byJson(incidents));
  const finished = { in: ["succeeded", "failed"] };
  const latest = await db.run.groupBy({ by: ["modelId"], where: { workspaceId, status: finished }, _max: { createdAt: true } });
  const pairs = latest.filter((l) => l._max.createdAt).map((l) => ({ modelId: l.modelId, createdAt: l._max.createdAt! }));
  const runs = pairs.length
    ? await db.run.findMany({
        where: { workspaceId, status: finished, OR: pairs },
        select: { id: true, modelId: true, status: true, resultStatus: true, finishedAt: true, createdAt: true, notebook: { select: { title: true } } },
      })
    : [];
  expect(byJson(await reads.latestFinishedRuns(workspaceId))).toStrictEqual(byJson(runs));
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

  for (const model of ["m1", "m2"]) {
    const guardrails = await db.guardrail.findMany({
      where: { modelId: model },
      orderBy: [{ source: "asc" }, { name: "asc" }],
      include: {
        states: { orderBy: { cohort: "asc" } },
        incidents: { where: { openKey: { not: null } }, select: { id: true, cohort: true, state: true, severity: true } },
      },
    });
    expect(await reads.modelGuardrails(model)).toStrictEqual(guardrails);
    const notebooks = await db.notebook.findMany({ where: { modelId: model }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, cells: true } });
    expect(await reads.modelNotebookCells(model)).toStrictEqual(notebooks);
    expect(await reads.latestEvaluations(model)).toStrictEqual(await prismaLatestEvaluations(db, model));
  }
  expect((await reads.modelGuardrails("m1")).map((g) => [g.name, g.states.map((s) => s.cohort), g.incidents.map((i) => i.id)])).toEqual([
    ["b-auc", ["EU", "all"], ["i1"]],
    ["c-quiet", [], []],
    ["a-auc", ["all"], ["i3"]],
  ]);
  expect([...(await reads.latestEvaluations("m1"))]).toEqual([
    ["g1", '[{"cohort":"all","value":0.6}]'],
    ["g2", '[{"cohort":"all","value":0.8}]'],
  ]);
  expect((await reads.modelNotebookCells("m1")).map((n) => n.id)).toEqual(["n1", "n2"]);

  for (const [ws, model] of [["w1", undefined], ["w1", "m1"], ["w1", "m2"], ["w2", undefined]] as const) {
    const { rows, last } = await prismaNotebookList(db, ws, model);
    expect(await reads.notebookList(ws, model)).toStrictEqual(rows);
    expect(await reads.lastNotebookRuns(ws, model)).toStrictEqual(last);
  }
  // most recently changed first: n2 (its schedule set last), n1, then n3 (changed on March 10)
  expect((await reads.notebookList("w1")).map((n) => [n.id, n.model.slug])).toEqual([["n2", "fraud"], ["n1", "fraud"], ["n3", "other"]]);
  expect([...(await reads.lastNotebookRuns("w1"))].map(([nb, r]) => [nb, r.id])).toEqual([["n1", "r3"], ["n3", "r4"]]);

  for (const ws of ["w1", "w2"]) await expectInventoryReadsSame(db, reads, ws);

  for (const model of ["m1", "m2"]) {
    const runbooks = await db.runbook.findMany({
      where: { modelId: model },
      orderBy: [{ topic: "asc" }, { title: "asc" }],
      select: { id: true, title: true, topic: true, revision: true, updatedBy: true, updatedAt: true },
    });
    expect(await reads.runbookList(model)).toStrictEqual(runbooks);
    for (const take of [1, 2, 51]) {
      const audit = await db.auditEvent.findMany({ where: { workspaceId: "w1", modelId: model }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
      expect(await reads.newestAuditEvents("w1", model, take)).toStrictEqual(audit);
    }
  }
  expect((await reads.runbookList("m1")).map((r) => r.title)).toEqual(["Beta", "Zeta", "Alpha"]);
  expect((await reads.newestAuditEvents("w1", "m1", 51)).map((a) => a.id)).toEqual(["a3", "a2", "a1"]);
  for (const ws of ["w1", "w2"]) {
    const users = await db.user.findMany({ where: { memberships: { some: { workspaceId: ws } } }, select: { id: true, email: true } });
    expect(byJson(await reads.memberEmailRows(ws))).toStrictEqual(byJson(users));
  }
  expect(byJson(await reads.memberEmailRows("w1")).map((u) => u.id)).toEqual(["u1", "u2"]);

  // the inventory's unfiltered page: every sort and order, pages of 2 (versions compared by label: Prisma gives them in no set order)
  const versionsByLabel = <T extends { versions: { label: string }[] }>(rows: T[]) =>
    rows.map((m) => ({ ...m, versions: [...m.versions].sort((a, b) => a.label.localeCompare(b.label)) }));
  for (const sort of ["name", "updatedAt", "task", "ownerTeam"] as const) {
    for (const order of ["asc", "desc"] as const) {
      for (const skip of [0, 2, 4]) {
        const where = { workspaceId: "w1" };
        const rows = await db.model.findMany({ where, orderBy: [{ [sort]: order }, { slug: "asc" }], skip, take: 2, include: { versions: { select: { label: true, stage: true } } } });
        const page = await reads.modelsPage("w1", sort, order, skip, 2);
        expect(page.total).toBe(await db.model.count({ where }));
        expect(versionsByLabel(page.rows)).toStrictEqual(versionsByLabel(rows));
      }
    }
  }
  expect((await reads.modelsPage("w1", "name", "asc", 0, 20)).rows.map((m) => [m.slug, m.versions.length])).toEqual([["bare", 0], ["fraud", 2], ["other", 0]]);
  expect(await reads.modelsPage("w2", "name", "asc", 0, 20)).toEqual({ total: 0, rows: [] });
  expect((await reads.latestFinishedRuns("w1")).map((r) => [r.modelId, r.id, r.notebook.title])).toEqual([["m1", "r1", "Health"], ["m3", "r4", "Other"]]);
  expect(byJson((await reads.healthRows("w1")).incidents)).toEqual([{ modelId: "m1", redLine: false, _count: { _all: 1 } }, { modelId: "m1", redLine: true, _count: { _all: 1 } }]);
}

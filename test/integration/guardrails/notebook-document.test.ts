/**
 * A notebook's JSON (cells, defaults, guardrails) through the v1 route files: export, edit,
 * import back; every invalid document is refused with the path of each problem and changes
 * nothing (cells, revision and guardrails as before).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolate } from "../notebooks/harness";

const db = isolate("nbdoc");
const { workspaceWithModel } = await import("../notebooks/setup-workspace");
const { prisma } = await import("@/server/db/client");
const { closeProducer } = await import("@/server/jobs/queues");
const { createApiKey } = await import("@/server/apikeys/keys");

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const route = (await import("@/app/api/v1/notebooks/[id]/document/route")) as unknown as Record<"GET" | "PUT", Handler>;

let env: Awaited<ReturnType<typeof workspaceWithModel>>;
let key = "";
let readKey = "";
let notebookId = "";
let modelId = "";

const CELLS = [
  { type: "markdown" as const, id: "intro", source: "# Payments health" },
  { type: "evaluator" as const, id: "quality", title: "Quality", pluginId: "quality.binary", config: {} },
  { type: "evaluator" as const, id: "drift", title: "Drift", pluginId: "drift.psi", config: {}, columns: ["amount"] },
];

async function call(method: "GET" | "PUT", secret: string, body?: unknown, query = "") {
  const res = await route[method](
    new Request(`http://x/api/v1/notebooks/${notebookId}/document${query}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { params: Promise.resolve({ id: notebookId }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function snapshot() {
  const nb = await prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } });
  const guardrails = await prisma.guardrail.findMany({ where: { notebookId }, orderBy: { name: "asc" } });
  return { revision: nb.revision, cells: nb.cells, defaults: nb.defaults, guardrails: guardrails.map(({ updatedAt: _u, ...g }) => g) };
}

beforeAll(async () => {
  env = await workspaceWithModel("nbdoc");
  const workspaceId = (await prisma.workspace.findUniqueOrThrow({ where: { slug: env.slug } })).id;
  modelId = (await prisma.model.findFirstOrThrow({ where: { workspaceId, slug: "payments" } })).id;
  const actor = { id: null, label: "doc test" };
  key = (await createApiKey(prisma, workspaceId, actor, { name: "doc", scopes: ["read", "incidents"] })).secret;
  readKey = (await createApiKey(prisma, workspaceId, actor, { name: "doc read", scopes: ["read"] })).secret;
  await prisma.runbook.create({ data: { workspaceId, modelId, title: "AUC drop", body: "Check the label join." } });
  const nb = await env.caller.notebook.create({ workspaceSlug: env.slug, modelSlug: "payments", title: "Payments weekly" });
  notebookId = nb.id;
  await env.caller.notebook.save({
    workspaceSlug: env.slug,
    notebookId,
    expectedRevision: 1,
    defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: ["tier"], minCohortSize: 10 },
    cells: CELLS,
  });
  await env.caller.guardrail.create({
    workspaceSlug: env.slug,
    modelSlug: "payments",
    guardrail: { name: "AUC floor", notebookId, cellId: "quality", metric: "roc_auc", op: "<", warn: 0.82, fail: 0.8 },
  });
}, 60_000);
afterAll(async () => {
  await closeProducer();
  await prisma.$disconnect();
  await db.dispose();
});

describe("a notebook's JSON document", () => {
  it("exports cells, defaults and the guardrails that watch its cells", async () => {
    const res = await call("GET", readKey);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ format: "evalbook.notebook/1", model: "payments", revision: 2, title: "Payments weekly", defaults: { cohortKeys: ["tier"] } });
    expect(res.body.cells.map((c: { id: string }) => c.id)).toEqual(["intro", "quality", "drift"]);
    expect(res.body.guardrails).toEqual([expect.objectContaining({ name: "AUC floor", cell: "quality", cellTitle: "Quality", metric: "roc_auc", op: "<", warn: 0.82, fail: 0.8, runbooks: [] })]);
    expect(JSON.stringify(res.body)).not.toMatch(/rollbackSecret/);
  });

  it("refuses an invalid document with the path of every problem and changes nothing", async () => {
    const before = await snapshot();
    const doc = (await call("GET", readKey)).body;
    const bad = {
      ...doc,
      cells: [...doc.cells, { type: "evaluator", id: "cost", title: "Cost", pluginId: "quality.binary", config: {} }],
      guardrails: [
        { ...doc.guardrails[0], fail: 0.75 },
        { name: "PSI amount", cell: "Drift", metric: "psi", column: "amount", op: ">", fail: 0.2 },
        { name: "backwards", cell: "quality", metric: "roc_auc", op: "<", warn: 0.7, fail: 0.8 },
        { name: "no such metric", cell: "quality", metric: "psi_typo", op: ">", fail: 1 },
        { name: "wrong way", cell: "quality", metric: "roc_auc", op: ">", fail: 0.8 },
        { name: "lost", cell: "nowhere", metric: "roc_auc", op: "<", fail: 0.8 },
        { name: "with runbook", cell: "quality", metric: "roc_auc", op: "<", fail: 0.7, runbooks: ["Not a runbook"] },
      ],
    };
    const res = await call("PUT", key, bad);
    expect(res.status).toBe(400);
    const fields = (res.body.error.details.fields as { field: string; message: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["guardrails[2].warn", "guardrails[3].metric", "guardrails[4].op", "guardrails[5].cell", "guardrails[6].runbooks"]));
    expect(fields).not.toContain("guardrails[0].fail");
    expect(res.body.error.message).toMatch(/guardrails\[2\]\.warn: the warn line \(0\.7\) is stricter than the fail line/);
    expect(res.body.error.message).toMatch(/nothing was saved/);

    const schema = await call("PUT", key, { ...doc, guardrails: [{ ...doc.guardrails[0], op: "≈", thresold: 1 }] });
    expect(schema.status).toBe(400);
    expect(schema.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(["guardrails[0].op", "guardrails[0]"]));
    const cellBad = await call("PUT", key, { ...doc, cells: [...doc.cells, { type: "chart", id: "c1", sourceCellId: "missing" }] });
    expect(cellBad.status).toBe(400);
    expect(cellBad.body.error.details.fields[0].field).toBe("cells[3].sourceCellId");
    const orphan = await call("PUT", key, { ...doc, cells: doc.cells.filter((c: { id: string }) => c.id !== "quality"), guardrails: undefined });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.message).toMatch(/"AUC floor" watches cell "quality"/);

    expect(await snapshot()).toEqual(before);
  });

  it("imports edits: cells and defaults, guardrails created, updated and deleted in one new revision, audited", async () => {
    const doc = (await call("GET", readKey)).body;
    expect((await call("PUT", readKey, doc)).status).toBe(403);
    const edited = {
      ...doc,
      title: "Payments weekly (v2)",
      defaults: { ...doc.defaults, minCohortSize: 50 },
      cells: [...doc.cells, { type: "evaluator", title: "Latency drift", pluginId: "drift.psi", config: {}, columns: ["tier"] }],
      guardrails: [
        { ...doc.guardrails[0], name: "AUC floor", fail: 0.78, warn: 0.8, renotifyMinutes: 60, runbooks: ["AUC drop"] },
        { name: "PSI amount", cell: "Drift", metric: "psi", column: "amount", cohortMode: "each", op: ">", warn: 0.1, fail: 0.25, severity: "critical" },
        { name: "PSI tier", cell: "Latency drift", metric: "psi", column: "tier", op: ">", fail: 0.3 },
      ],
    };
    const dry = await call("PUT", key, edited, "?dryRun=true");
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, plan: { cells: 4, created: ["PSI amount", "PSI tier"], updated: ["AUC floor"], deleted: [] } });
    expect((await snapshot()).revision).toBe(doc.revision);

    const res = await call("PUT", key, edited);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, revision: doc.revision + 1, plan: { created: ["PSI amount", "PSI tier"], updated: ["AUC floor"] } });
    const nb = await prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } });
    expect(nb.title).toBe("Payments weekly (v2)");
    expect(JSON.parse(nb.defaults)).toMatchObject({ minCohortSize: 50 });
    const cells = JSON.parse(nb.cells) as { id: string; title?: string }[];
    const latencyCell = cells.find((c) => c.title === "Latency drift")!;
    const guardrails = await prisma.guardrail.findMany({ where: { notebookId }, orderBy: { name: "asc" } });
    const runbook = await prisma.runbook.findFirstOrThrow({ where: { modelId, title: "AUC drop" } });
    expect(guardrails.map((g) => [g.name, g.cellId, g.fail])).toEqual([
      ["AUC floor", "quality", 0.78],
      ["PSI amount", "drift", 0.25],
      ["PSI tier", latencyCell.id, 0.3],
    ]);
    expect(guardrails[0]).toMatchObject({ renotifyMinutes: 60, runbookIds: JSON.stringify([runbook.id]) });
    expect(guardrails[1]).toMatchObject({ cohortMode: "each", severity: "critical", source: "notebook" });
    const audit = await prisma.auditEvent.findMany({ where: { modelId, action: { startsWith: "guardrail." } }, select: { action: true, changes: true } });
    expect(audit.filter((a) => a.changes.includes("notebook JSON")).map((a) => a.action).sort()).toEqual(["guardrail.created", "guardrail.created", "guardrail.updated"]);

    // the exported document reads back as imported; a stale revision is refused
    const again = (await call("GET", readKey)).body;
    expect(again.guardrails.find((g: { name: string }) => g.name === "AUC floor")).toMatchObject({ runbooks: ["AUC drop"], renotifyMinutes: 60 });
    expect((await call("PUT", key, doc)).status).toBe(409);

    // dropping a guardrail from the list deletes it; an unchanged one is left alone
    const fewer = await call("PUT", key, { ...again, guardrails: again.guardrails.filter((g: { name: string }) => g.name !== "PSI tier") });
    expect(fewer.body.plan).toMatchObject({ deleted: ["PSI tier"], updated: [], unchanged: ["AUC floor", "PSI amount"] });
    expect(await prisma.guardrail.count({ where: { notebookId } })).toBe(2);
  });
});

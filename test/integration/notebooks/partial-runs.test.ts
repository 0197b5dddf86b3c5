/**
 * Issue 19 through the HTTP API v1 (the real route modules) and a real worker process: a run of
 * one cell computes that cell only (plus the chart that draws it) and is recorded as partial;
 * parameters override the notebook's defaults for one run and are recorded on it; GET
 * /api/v1/notebooks/{id} returns every cell with its latest result and stale flag.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isolate } from "./harness";

const db = isolate("nbpartial");
const { workerSuite } = await import("./worker-suite");
const { prisma } = await import("@/server/db/client");
const { createApiKey } = await import("@/server/apikeys/keys");
const runsRoute = await import("@/app/api/v1/notebooks/[id]/runs/route");
const notebookRoute = await import("@/app/api/v1/notebooks/[id]/route");
const { predictionRepository } = await import("@/server/predictions");
const { validatePrediction } = await import("@/server/ingest/validate");

const suite = workerSuite("nbpartial", { dispose: () => db.dispose() });
let secret = "";
let notebookId = "";

const DAY = 864e5;

beforeAll(async () => {
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: suite.env.slug } });
  secret = (await createApiKey(prisma, ws.id, { id: null, label: "partial" }, { name: "partial", scopes: ["run", "read"] })).secret;
  const nb = await suite.env.caller.notebook.create({ workspaceSlug: suite.env.slug, modelSlug: "payments", title: "Partial" });
  notebookId = nb.id;
  await suite.env.caller.notebook.save({
    workspaceSlug: suite.env.slug,
    notebookId,
    expectedRevision: 1,
    defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: [], minCohortSize: 10 },
    cells: [
      { type: "markdown", id: "intro", source: "# Partial runs" },
      { type: "evaluator", id: "mean", title: "Means", pluginId: "test.mean", config: { warn: 45, fail: 1000 } },
      { type: "chart", id: "mean-chart", sourceCellId: "mean", metric: "mean", mark: "bar" },
      { type: "evaluator", id: "other", title: "Other", pluginId: "test.mean", config: {} },
    ],
  });
}, 120_000);

async function post(body: unknown) {
  const res = await runsRoute.POST(
    new Request(`http://x/api/v1/notebooks/${notebookId}/runs`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ id: notebookId }) },
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { runId: string; error?: { message: string; details?: { fields?: { field: string }[] } } } };
}

async function getNotebook() {
  const res = await notebookRoute.GET(new Request(`http://x/api/v1/notebooks/${notebookId}`, { headers: { authorization: `Bearer ${secret}` } }), { params: Promise.resolve({ id: notebookId }) });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    defaults: { window: unknown };
    cells: { id: string; type: string; latest: { runId: string; partial: boolean; resultStatus: string | null; result: unknown; parameters: unknown } | null; stale: boolean; staleReasons: string[]; newPredictions: number | null }[];
  };
}

describe("partial runs and parameters through /api/v1", () => {
  it("runs one cell only (and the chart that draws it), recorded as a partial run", async () => {
    const started = await post({ cells: ["mean"] });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ partial: true, cells: ["mean", "mean-chart"], parameters: null });
    const run = await suite.finishedRun(started.body.runId, 60_000);
    expect(run.status).toBe("succeeded");
    expect(run.partial).toBe(true);
    expect(run.cells.map((c) => c.cellId)).toEqual(["mean", "mean-chart"]);
    expect(run.cells.find((c) => c.cellId === "mean-chart")!.result).toMatchObject({ sourceCellId: "mean", metric: "mean" });
    // The other evaluator was not computed: no row for it in this run, nothing in any run.
    expect(await prisma.runCell.count({ where: { cellId: "other", run: { notebookId } } })).toBe(0);

    const nb = await getNotebook();
    const cell = (id: string) => nb.cells.find((c) => c.id === id)!;
    expect(cell("mean").latest).toMatchObject({ runId: run.id, partial: true });
    expect(cell("mean").stale).toBe(false);
    expect(cell("mean-chart").latest?.runId).toBe(run.id);
    expect(cell("other").latest).toBeNull();
    expect(cell("intro").latest).toBeNull();
    expect(cell("mean").newPredictions).toBe(0);
    expect(cell("other").newPredictions).toBeNull();
  }, 90_000);

  it('counts the predictions of the result\'s versions stored since it ("n new predictions since this result")', async () => {
    const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: suite.env.slug } });
    const repo = predictionRepository();
    const model = (await repo.findModel(ws.id, "payments"))!;
    const now = Date.now();
    const ctx = { now, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
    const rows = (version: string, n: number) =>
      Array.from({ length: n }, (_, i) => validatePrediction({ requestId: `new-${version}-${i}`, version, timestamp: now - 1000, prediction: 0.5, features: { amount: 10 + i, tier: "gold" } }, i, ctx)) as never;
    expect(await repo.writePredictions(model, rows("v1", 3))).toMatchObject({ accepted: 3 });
    // Another version's traffic is not new data for a result over v1.
    expect(await repo.writePredictions(model, rows("v2", 2))).toMatchObject({ accepted: 2 });
    const mean = (await getNotebook()).cells.find((c) => c.id === "mean")!;
    expect(mean.newPredictions).toBe(3);
    // New data alone does not make the result stale: it says how much arrived instead.
    expect(mean.stale).toBe(false);
  }, 30_000);

  it("marks a result stale, with what changed, once the cell's config or the notebook defaults change", async () => {
    const nb = await suite.env.caller.notebook.get({ workspaceSlug: suite.env.slug, notebookId });
    const cells = nb.cells.map((c) => (c.id === "mean" ? { ...c, config: { warn: 50, fail: 1000 } } : c));
    await suite.env.caller.notebook.save({ workspaceSlug: suite.env.slug, notebookId, expectedRevision: nb.revision, cells: cells as never, defaults: { ...nb.defaults, minCohortSize: 20 } });
    const after = await getNotebook();
    const mean = after.cells.find((c) => c.id === "mean")!;
    expect(mean.stale).toBe(true);
    expect(mean.staleReasons).toContain("config warn: 45 → 50");
    expect(mean.staleReasons).toContain("notebook defaults changed: minCohortSize 10 → 20");
    const chart = after.cells.find((c) => c.id === "mean-chart")!;
    expect(chart.stale).toBe(true);
    expect(chart.staleReasons).toContain("its source cell's result is stale");
  }, 30_000);

  it("overrides the defaults with parameters for one run and records them on it", async () => {
    const started = await post({ cells: ["other"], parameters: { window: "last 14 days", versions: ["v2"] } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.parameters).toEqual({ window: { kind: "lastDays", days: 14 }, versions: ["v2"] });
    const run = await suite.finishedRun(started.body.runId, 60_000);
    expect(run.status).toBe("succeeded");
    expect(run.parameters).toEqual({ window: { kind: "lastDays", days: 14 }, versions: ["v2"] });
    const sel = run.cells.find((c) => c.cellId === "other")!.selection as { versions: string[]; from: string; to: string };
    expect(sel.versions).toEqual(["v2"]);
    expect(Date.parse(sel.to) - Date.parse(sel.from)).toBe(14 * DAY);

    // The notebook's defaults are untouched; the next run without parameters uses them again.
    const nb = await getNotebook();
    expect(nb.defaults.window).toEqual({ kind: "lastDays", days: 7 });
    const other = nb.cells.find((c) => c.id === "other")!;
    expect(other.latest).toMatchObject({ runId: run.id, parameters: { versions: ["v2"] } });
    expect(other.stale).toBe(true);
    expect(other.staleReasons.some((r) => r.startsWith("the run overrode the notebook's window (parameter): window last 14 days → last 7 days"))).toBe(true);

    const plain = await post({ cells: ["other"] });
    const again = await suite.finishedRun(plain.body.runId, 60_000);
    expect(again.parameters).toBeNull();
    const sel2 = again.cells.find((c) => c.cellId === "other")!.selection as { versions: string[]; from: string; to: string };
    expect(sel2.versions).toEqual(["v1"]);
    expect(Date.parse(sel2.to) - Date.parse(sel2.from)).toBe(7 * DAY);
    expect((await getNotebook()).cells.find((c) => c.id === "other")!.stale).toBe(false);
  }, 120_000);

  it("answers 400 naming the field for an unknown cell, a window that is not one, or an unknown parameter", async () => {
    const unknown = await post({ cells: ["mean", "nope"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error!.message).toContain('No cell "nope" in this notebook');
    expect(unknown.body.error!.details!.fields![0]!.field).toBe("cells.1");

    const badWindow = await post({ parameters: { window: "fortnight-ish" } });
    expect(badWindow.status).toBe(400);
    expect(badWindow.body.error!.message).toContain("parameters.window");
    expect(badWindow.body.error!.message).toContain("last 14 days");

    const extra = await post({ parameters: { windw: "last 14 days" } });
    expect(extra.status).toBe(400);
    expect(extra.body.error!.message).toMatch(/windw/);

    const markdownOnly = await post({ cells: ["intro"] });
    expect(markdownOnly.status).toBe(400);
    expect(markdownOnly.body.error!.message).toContain("None of the chosen cells computes anything");
    // Nothing was stored by the refused requests.
    expect(await prisma.run.count({ where: { notebookId } })).toBe(3);
  }, 30_000);

  it("a schedule's parameters are used by its runs and recorded on them", async () => {
    const { processScheduleTick } = await import("@/server/notebooks/schedules");
    const w = { workspaceSlug: suite.env.slug, notebookId };
    const set = await suite.env.caller.notebook.setSchedule({ ...w, cron: "0 9 * * 1", tz: "UTC", parameters: { window: "last 3 days" } });
    expect(set.schedule?.parameters).toEqual({ window: { kind: "lastDays", days: 3 } });
    const tick = await processScheduleTick(prisma, notebookId, { id: `repeat:x:${Date.UTC(2026, 0, 5, 9)}`, opts: {}, timestamp: Date.now() });
    const run = await suite.finishedRun(tick.runId!, 60_000);
    expect(run.trigger).toBe("schedule");
    expect(run.partial).toBe(false);
    expect(run.parameters).toEqual({ window: { kind: "lastDays", days: 3 } });
    const sel = run.cells.find((c) => c.cellId === "mean")!.selection as { from: string; to: string };
    expect(Date.parse(sel.to) - Date.parse(sel.from)).toBe(3 * DAY);
    // Guardrails: a partial run judges only the guardrails on the cells it computed.
    const { evaluateRunGuardrails } = await import("@/server/control/guardrails/evaluate-run");
    const { guardrailFieldsSchema } = await import("@/server/control/guardrails/types");
    const { runbookIds: _r, ...fields } = guardrailFieldsSchema.parse({ name: "mean too high", notebookId, cellId: "mean", metric: "mean", column: "*", op: ">=", fail: 1000 });
    const nbRow = await prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } });
    await prisma.guardrail.create({ data: { ...fields, runbookIds: "[]", workspaceId: nbRow.workspaceId, modelId: nbRow.modelId, source: "manual" } });
    const partialOfOther = await prisma.run.findFirstOrThrow({ where: { notebookId, cellIds: JSON.stringify(["other"]) } });
    expect((await evaluateRunGuardrails(prisma, partialOfOther.id)).guardrails).toBe(0);
    expect((await evaluateRunGuardrails(prisma, run.id)).guardrails).toBe(1);

    // Cleared with the schedule.
    await suite.env.caller.notebook.clearSchedule(w);
    expect((await prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } })).scheduleParameters).toBeNull();
  }, 90_000);

  it("refuses a partial run that names a cell with invalid settings: 400 naming the cell and the config field, nothing stored", async () => {
    const w = { workspaceSlug: suite.env.slug, notebookId };
    const { revision } = await suite.env.caller.notebook.get(w);
    await suite.env.caller.notebook.addCell({ ...w, expectedRevision: revision, cell: { type: "evaluator", id: "badcfg", title: "Bad config", pluginId: "test.mean", config: { delayMs: "soon" } } });
    const runsBefore = await prisma.run.count({ where: { notebookId } });

    const refused = await post({ cells: ["mean", "badcfg"] });
    expect(refused.status).toBe(400);
    expect(refused.body.error!.message).toContain('"Bad config" (badcfg)');
    expect(refused.body.error!.message).toMatch(/invalid config: .*delayMs/s);
    expect(refused.body.error!.details!.fields!.map((f) => f.field)).toEqual(["cells.1.config.delayMs"]);
    expect(await prisma.run.count({ where: { notebookId } })).toBe(runsBefore);
  }, 30_000);
});

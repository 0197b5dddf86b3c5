import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { isolate } from "./harness";

const db = isolate("nbcrud");
const { workspaceWithModel } = await import("./setup-workspace");
const { savedNotebook } = await import("./faults");
const { prisma } = await import("@/server/db/client");
const { closeProducer } = await import("@/server/jobs/queues");

/** A finished manual run of the notebook `row` whose one evaluator cell `cellId` holds `result`, as the worker stores it. */
async function storeSucceededRun(
  row: { id: string; title: string; workspaceId: string; modelId: string; revision: number },
  cellId: string,
  result: unknown,
  at = new Date(),
): Promise<void> {
  await prisma.run.create({
    data: {
      notebookId: row.id,
      workspaceId: row.workspaceId,
      modelId: row.modelId,
      status: "succeeded",
      trigger: "manual",
      notebookRevision: row.revision,
      snapshot: JSON.stringify({ title: row.title, defaults: {}, cells: [] }),
      createdAt: at,
      finishedAt: at,
      cells: { create: [{ cellId, position: 0, type: "evaluator", status: "succeeded", result: JSON.stringify(result) }] },
    },
  });
}

let env: Awaited<ReturnType<typeof workspaceWithModel>>;
beforeAll(async () => {
  env = await workspaceWithModel("nbcrud");
});
afterAll(async () => {
  await closeProducer();
  await prisma.$disconnect();
  await db.dispose();
});

async function code(p: Promise<unknown>) {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
  }
}

describe("notebooks: cells, revisions, conflicts", () => {
  it("creates a blank notebook and edits cells with revision checks", async () => {
    const { caller, caller2, slug } = env;
    let nb = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", title: "Checks" });
    expect(nb.revision).toBe(1);
    expect(nb.cells).toEqual([]);
    const w = { workspaceSlug: slug, notebookId: nb.id };

    nb = await caller.notebook.addCell({ ...w, expectedRevision: 1, cell: { type: "markdown", source: "# Hello <script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>" } });
    expect(nb.revision).toBe(2);
    const md = nb.cells[0]!;
    expect(md.type).toBe("markdown");
    const html = (md as { html: string }).html;
    expect(html).toContain("<h1>Hello");
    expect(html).not.toMatch(/<script|onerror|javascript:/);

    nb = await caller.notebook.addCell({ ...w, expectedRevision: 2, cell: { type: "evaluator", id: "mean", pluginId: "test.mean", config: {} } });
    nb = await caller.notebook.addCell({ ...w, expectedRevision: 3, cell: { type: "chart", sourceCellId: "mean", metric: "mean" } });
    expect(nb.cells.map((c) => c.type)).toEqual(["markdown", "evaluator", "chart"]);

    // Someone else saved in between: a stale revision is a CONFLICT with the current revision in words.
    await caller2.notebook.save({ ...w, expectedRevision: 4, title: "Checks (theirs)" });
    expect(await code(caller.notebook.save({ ...w, expectedRevision: 4, title: "Checks (mine)" }))).toBe(
      "CONFLICT: Someone else changed this notebook (revision 5); reload to see their changes.",
    );

    nb = await caller.notebook.duplicateCell({ ...w, expectedRevision: 5, cellId: "mean" });
    expect(nb.cells).toHaveLength(4);
    expect(nb.cells[2]!.id).not.toBe("mean");

    // A chart must follow its source; deleting a charted cell is refused with a reason.
    expect(await code(caller.notebook.moveCell({ ...w, expectedRevision: 6, cellId: nb.cells[3]!.id, toIndex: 0 }))).toMatch(/must come after/);
    expect(await code(caller.notebook.deleteCell({ ...w, expectedRevision: 6, cellId: "mean" }))).toMatch(/draws this cell/);
    nb = await caller.notebook.moveCell({ ...w, expectedRevision: 6, cellId: nb.cells[2]!.id, toIndex: 0 });
    expect(nb.cells[0]!.type).toBe("evaluator");
    nb = await caller.notebook.deleteCell({ ...w, expectedRevision: 7, cellId: nb.cells[0]!.id });
    expect(nb.cells).toHaveLength(3);

    // History: every change is a revision; restoring makes a new one.
    const history = await caller.notebook.history(w);
    expect(history.map((h) => h.revision)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(history[0]!.summary).toMatch(/deleted evaluator cell/);
    nb = await caller.notebook.restore({ ...w, expectedRevision: 8, revision: 2 });
    expect(nb.revision).toBe(9);
    expect(nb.cells.map((c) => c.type)).toEqual(["markdown"]);
    expect(nb.title).toBe("Checks");
    const rev = await caller.notebook.revision({ ...w, revision: 4 });
    expect(rev.cells).toHaveLength(3);
  });

  it("flags bad config and unknown plugins on the cell, and lets viewers read but not write", async () => {
    const { caller, viewerCaller, slug } = env;
    const nb = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments" });
    const w = { workspaceSlug: slug, notebookId: nb.id };
    const saved = await caller.notebook.save({
      ...w,
      expectedRevision: 1,
      cells: [
        { type: "evaluator", id: "bad", pluginId: "test.mean", config: { delayMs: -5 } },
        { type: "evaluator", id: "missing", pluginId: "nope.nothing", config: {} },
      ],
    });
    const issues = saved.cells.map((c) => (c as { issue?: string | null }).issue);
    expect(issues[0]).toMatch(/test\.mean@1\.0\.0: invalid config/);
    expect(issues[1]).toBe('Evaluator "nope.nothing" is not installed.');
    expect((await viewerCaller.notebook.get(w)).id).toBe(nb.id);
    expect(await code(viewerCaller.notebook.save({ ...w, expectedRevision: 2, title: "x" }))).toMatch(/^FORBIDDEN/);
  });

  it("builds the four templates from the model's contract", async () => {
    const { caller, slug } = env;
    const templates = await caller.notebook.templates({ workspaceSlug: slug });
    expect(templates.map((t) => t.id)).toEqual(["weekly-health", "drift-and-skew", "cost-and-latency", "candidate-vs-production"]);
    for (const t of templates) {
      const nb = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", template: t.id });
      expect(nb.cells.length).toBeGreaterThan(1);
      expect(nb.template).toBe(t.id);
    }
    const cand = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", template: "candidate-vs-production" });
    const cmp = cand.cells.find((c) => c.type === "comparison") as { a: { version: string }; b: { version: string } };
    expect([cmp.a.version, cmp.b.version]).toEqual(["v1", "v2"]);
    const health = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", template: "weekly-health" });
    expect(health.defaults.cohortKeys).toEqual(["tier"]);
    const list = await caller.notebook.list({ workspaceSlug: slug, modelSlug: "payments" });
    expect(list.length).toBeGreaterThanOrEqual(7);
  });

  it("describes cron schedules in words with next run times, and rejects bad ones", async () => {
    const { caller, slug } = env;
    const d = await caller.notebook.describeSchedule({ workspaceSlug: slug, cron: "0 9 * * 1", tz: "Europe/Berlin" });
    expect(d.description).toBe("At 09:00, only on Monday (Europe/Berlin)");
    expect(d.nextRuns).toHaveLength(5);
    expect(new Date(d.nextRuns[0]!).getUTCHours()).toBe(8); // 09:00 Berlin = 08:00 UTC in winter
    expect(await code(caller.notebook.describeSchedule({ workspaceSlug: slug, cron: "0 99 * * *", tz: "UTC" }))).toMatch(/^BAD_REQUEST: "0 99/);
    expect(await code(caller.notebook.describeSchedule({ workspaceSlug: slug, cron: "0 9 * * 1", tz: "Mars/Base" }))).toMatch(/not a time zone/);
  });

  it("lists every notebook of the workspace with its model and its newest run (notebook.listAll)", async () => {
    const { caller, slug } = env;
    const nb = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", title: "Listed" });
    const row = await prisma.notebook.findUniqueOrThrow({ where: { id: nb.id } });
    const result = { plugin: "test.mean", version: "1.0.0", status: "pass", n: { current: 1, reference: null }, cohorts: [] };
    await storeSucceededRun(row, "q", result, new Date(Date.now() - 60_000));
    await storeSucceededRun(row, "q", result, new Date());
    await storeSucceededRun(row, "q", result, new Date(Date.now() - 120_000));
    const newest = await prisma.run.findFirstOrThrow({ where: { notebookId: nb.id }, orderBy: { createdAt: "desc" } });
    const all = await caller.notebook.listAll({ workspaceSlug: slug });
    const perModel = await caller.notebook.list({ workspaceSlug: slug, modelSlug: "payments" });
    // the same items as the per-model list, each with its model's name
    expect(all.map(({ modelName, ...item }) => (expect(modelName).toBe("Payments"), item))).toEqual(perModel);
    const listed = all.find((n) => n.id === nb.id)!;
    expect(listed).toMatchObject({ title: "Listed", modelSlug: "payments", lastRun: { id: newest.id, status: "succeeded" } });
    expect(all.filter((n) => n.lastRun === null).length).toBeGreaterThan(0); // notebooks never run
  });

  it("answers trend queries for metric names that are Object.prototype keys", async () => {
    const { caller } = env;
    const w = await savedNotebook(env, "Keys", [{ type: "evaluator", id: "q", pluginId: "test.mean", config: {} }]);
    const row = await prisma.notebook.findUniqueOrThrow({ where: { id: w.notebookId } });
    const result = {
      plugin: "test.mean",
      version: "1.0.0",
      status: "pass",
      n: { current: 10, reference: null },
      cohorts: [{ cohort: "all", status: "pass", n: 10, metrics: { mean: 1, toString: 0.25 }, columns: [{ column: "amount", status: "pass", metrics: { valueOf: 3 } }] }],
    };
    await storeSucceededRun(row, "q", result);
    for (const metric of ["constructor", "__proto__", "hasOwnProperty", "isPrototypeOf"]) {
      const t = await caller.notebook.trend({ ...w, cellId: "q", metric });
      expect(t.series, metric).toEqual([]);
    }
    const own = await caller.notebook.trend({ ...w, cellId: "q", metric: "toString" });
    expect(own.metrics).toEqual(["mean", "toString", "valueOf"]);
    expect(own.series.map((s) => s.points.map((p) => p.value))).toEqual([[0.25]]);
    const col = await caller.notebook.trend({ ...w, cellId: "q", metric: "valueOf", column: "amount" });
    expect(col.series).toMatchObject([{ cohort: "all", column: "amount", points: [{ value: 3 }] }]);
  });
  it("trends an estimate (perf.cbpe) with its band and the realized value once labels arrived", async () => {
    const { caller } = env;
    const w = await savedNotebook(env, "Estimates", [{ type: "evaluator", id: "est", pluginId: "perf.cbpe", config: {} }]);
    const row = await prisma.notebook.findUniqueOrThrow({ where: { id: w.notebookId } });
    const runs = [
      { at: "2026-11-01T00:00:00.000Z", metrics: { roc_auc: 0.86, roc_auc_lower: 0.83, roc_auc_upper: 0.89, roc_auc_realized: 0.87, roc_auc_gap: 0.01 } },
      { at: "2026-11-08T00:00:00.000Z", metrics: { roc_auc: 0.84, roc_auc_lower: 0.81, roc_auc_upper: 0.87 } },
    ];
    for (const r of runs) {
      const result = { plugin: "perf.cbpe", version: "1.0.0", status: "pass", n: { current: 100, reference: 200 }, cohorts: [{ cohort: "all", status: "pass", n: 100, metrics: r.metrics, columns: [] }] };
      await storeSucceededRun(row, "est", result, new Date(r.at));
    }
    const t = await caller.notebook.trend({ ...w, cellId: "est", metric: "roc_auc" });
    // the band and the realized value travel with the estimate, not as metrics of their own
    expect(t.metrics).toEqual(["roc_auc", "roc_auc_gap"]);
    expect(t.series).toHaveLength(1);
    expect(t.series[0].points.map((p) => [p.value, p.lower, p.upper, p.realized])).toEqual([
      [0.86, 0.83, 0.89, 0.87],
      [0.84, 0.81, 0.87, undefined],
    ]);
  });
});

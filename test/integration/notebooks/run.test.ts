import { describe, expect, it } from "vitest";
import { isolate, waitFor } from "./harness";

const db = isolate("nbrun");
const { workerSuite } = await import("./worker-suite");
const { lastWeek, savedNotebook } = await import("./faults");
const { prisma } = await import("@/server/db/client");
const { getQueue, queues } = await import("@/server/jobs/queues");

const suite = workerSuite("nbrun", { dispose: () => db.dispose() });

describe("running a notebook through a real worker process", () => {
  it("runs every cell, stores per-cohort results and chart data, and a failing plugin fails only its cell", async () => {
    const { caller } = suite.env;
    const w = await savedNotebook(
      suite.env,
      "E2E",
      [
        { type: "markdown", id: "intro", source: "# Weekly check" },
        { type: "evaluator", id: "mean", title: "Means", pluginId: "test.mean", config: { warn: 45, fail: 1000 } },
        { type: "chart", id: "mean-chart", sourceCellId: "mean", metric: "mean", mark: "bar" },
        { type: "evaluator", id: "boom", title: "Throws", pluginId: "test.throws", config: {} },
        { type: "evaluator", id: "badcfg", title: "Bad config", pluginId: "test.mean", config: { delayMs: "soon" } },
        { type: "comparison", id: "cmp", title: "v1 vs v2", pluginId: "test.mean", config: {}, a: { kind: "version", version: "v1" }, b: { kind: "version", version: "v2" } },
        // CPU-bound for longer than the job lock (2 s in tests): fine, because it runs in a thread.
        { type: "evaluator", id: "cpu", title: "CPU-heavy", pluginId: "test.mean", config: { delayMs: 3500 } },
      ],
      lastWeek(["tier"]),
    );
    const started = await caller.notebook.run(w);
    expect(started.warning).toBeUndefined();
    const run = await suite.finishedRun(started.runId);
    const cell = (id: string) => run.cells.find((c) => c.cellId === id)!;

    expect(run.status).toBe("failed");
    expect(run.error).toBe("2 of 5 evaluator cells failed.");
    expect(run.progress).toMatchObject({ total: 6, done: 6, percent: 100 });
    expect(cell("intro")).toMatchObject({ status: "succeeded", html: "<h1>Weekly check</h1>\n" });

    const mean = cell("mean");
    expect(mean.status).toBe("succeeded");
    expect(mean.pluginRef).toBe("test.mean@1.0.0");
    expect(mean.workerId).toBe(suite.worker.id);
    const result = mean.result as unknown as { cohorts: { cohort: string; n: number; columns: { metrics: { mean: number } }[] }[] };
    expect(result.cohorts.map((c) => c.cohort)).toEqual(["all", "basic", "gold"]);
    expect(result.cohorts[0]!.n).toBe(300);
    expect(result.cohorts[0]!.columns[0]!.metrics.mean).toBeGreaterThan(40);
    expect(mean.resultStatus).toBe("warn");
    expect((mean.selection as { versions: string[] }).versions).toEqual(["v1"]); // production by default

    const chart = cell("mean-chart");
    expect(chart.status).toBe("succeeded");
    expect((chart.result as { points: unknown[] }).points).toHaveLength(3);

    // The throwing plugin: retried with backoff, then failed with its message; the others succeeded.
    const boom = cell("boom");
    expect(boom.status).toBe("failed");
    expect(boom.error).toBe("test.throws: the plugin blew up on purpose");
    expect(boom.attempts).toBe(queues.notebookCell.defaultJobOptions.attempts);

    // Bad config: unrecoverable, one attempt, a message that says what is wrong.
    const bad = cell("badcfg");
    expect(bad.status).toBe("failed");
    expect(bad.attempts).toBe(1);
    expect(bad.error).toMatch(/^test\.mean@1\.0\.0: invalid config: .*delayMs/s);

    const cmp = cell("cmp");
    expect(cmp.status).toBe("succeeded");
    const cmpResult = cmp.result as { a: { label: string }; b: { label: string } };
    expect([cmpResult.a.label, cmpResult.b.label]).toEqual(["v1", "v2"]);

    // The lock was renewed while the thread crunched: one attempt, never reported stalled.
    expect(cell("cpu")).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(suite.worker.output()).not.toMatch(/stalled/);

    expect(run.summary).toMatchObject({ cells: { succeeded: 4, failed: 2, cancelled: 0 } });
  }, 40_000);

  it("never writes a second result for a duplicated or retried job", async () => {
    const { caller } = suite.env;
    const w = await savedNotebook(suite.env, "Idem", [{ type: "evaluator", id: "m", pluginId: "test.mean", config: {} }], { reference: { kind: "none" } } as never);
    const { runId } = await caller.notebook.run(w);
    const run = await suite.finishedRun(runId);
    const before = await prisma.runCell.findUniqueOrThrow({ where: { runId_cellId: { runId, cellId: "m" } } });
    // A duplicate of the cell job (as a lost-and-re-enqueued or replayed job would be):
    const q = await getQueue("notebookCell");
    const dup = await q.add("cell", { runId, runCellId: before.id }, { jobId: `dup-${before.id}` });
    await waitFor("duplicate job to be processed", async () => ["completed", "failed"].includes(await dup.getState()), 10_000);
    const after = await prisma.runCell.findUniqueOrThrow({ where: { runId_cellId: { runId, cellId: "m" } } });
    expect(after.finishedAt).toEqual(before.finishedAt);
    expect(after.result).toBe(before.result);
    expect((await q.getJob(`dup-${before.id}`))!.returnvalue).toEqual({ skipped: "cell already succeeded" });
    expect(run.status).toBe("succeeded");
    expect(await prisma.runCell.count({ where: { runId } })).toBe(1);
  }, 30_000);

  it("cancels a running run, and the trend query returns the metric across runs with thresholds", async () => {
    const { caller, slug } = suite.env;
    const w = await savedNotebook(suite.env, "Slow", [{ type: "evaluator", id: "slow", pluginId: "test.mean", config: { delayMs: 4000, warn: 45, fail: 70 } }], lastWeek(["tier"]));
    const { runId } = await caller.notebook.run(w);
    const polled = await waitFor("cell to run", async () => {
      const st = await caller.notebook.runStatus({ workspaceSlug: slug, runId });
      return st.cells[0]!.status === "running" ? st : null;
    });
    expect(polled).toMatchObject({ status: "running", progress: { total: 1, done: 0, running: 1, percent: 0 } });
    const cancelled = await caller.notebook.cancelRun({ workspaceSlug: slug, runId });
    expect(cancelled.status).toBe("cancelled");
    const run = await caller.notebook.getRun({ workspaceSlug: slug, runId });
    expect(run.status).toBe("cancelled");
    expect(run.cells[0]!.status).toBe("cancelled");
    await new Promise((r) => setTimeout(r, 4500)); // the evaluation finishes in its thread: its result is discarded
    expect((await caller.notebook.getRun({ workspaceSlug: slug, runId })).cells[0]).toMatchObject({ status: "cancelled", result: null });

    // Two quick runs for a trend.
    await caller.notebook.updateCell({ ...w, expectedRevision: 2, cellId: "slow", cell: { type: "evaluator", pluginId: "test.mean", config: { warn: 45, fail: 70 } } });
    for (let i = 0; i < 2; i++) await suite.finishedRun((await caller.notebook.run(w)).runId);
    const t = await caller.notebook.trend({ ...w, cellId: "slow", metric: "mean" });
    expect(t.metrics).toEqual(["mean", "rows"]);
    expect(t.thresholds).toEqual({ warn: 45, fail: 70 });
    expect(t.series.map((s) => s.cohort)).toEqual(["all", "basic", "gold"]);
    expect(t.series[0]!.points).toHaveLength(2);
    expect(t.series[0]!.points[0]!.value).toBeGreaterThan(40);

    const runs = await caller.notebook.runs(w);
    expect(runs.items.map((r) => r.status)).toEqual(["succeeded", "succeeded", "cancelled"]);
    const health = await caller.notebook.queueHealth({ workspaceSlug: slug });
    expect(health.ok).toBe(true);
    expect(health.workersOnline).toBeGreaterThanOrEqual(1);
    expect(health.queues.map((q) => q.name)).toEqual(["notebookCell", "notebookAssemble", "notebookSchedule"]);
  }, 40_000);

  it("runs through the v1 HTTP API with an API key: list notebooks, start a run, poll it", async () => {
    const { slug } = suite.env;
    const { createApiKey } = await import("@/server/apikeys/keys");
    const listRoute = await import("@/app/api/v1/models/[slug]/notebooks/route");
    const runsRoute = await import("@/app/api/v1/notebooks/[id]/runs/route");
    const runRoute = await import("@/app/api/v1/runs/[id]/route");
    const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug } });
    const { secret } = await createApiKey(prisma, ws.id, { id: null, label: "test" }, { name: "ci", scopes: ["read", "run"] });
    const auth = { authorization: `Bearer ${secret}` };

    const { notebookId } = await savedNotebook(suite.env, "Via API", [{ type: "evaluator", id: "m", pluginId: "test.mean", config: {} }]);

    const list = await listRoute.GET(new Request("http://x/api/v1/models/payments/notebooks", { headers: auth }), { params: Promise.resolve({ slug: "payments" }) });
    expect(list.status).toBe(200);
    const { notebooks } = (await list.json()) as { notebooks: { id: string; title: string }[] };
    expect(notebooks.map((n) => n.id)).toContain(notebookId);

    const denied = await runsRoute.POST(new Request(`http://x/api/v1/notebooks/${notebookId}/runs`, { method: "POST" }), { params: Promise.resolve({ id: notebookId }) });
    expect(denied.status).toBe(401);
    const started = await runsRoute.POST(new Request(`http://x/api/v1/notebooks/${notebookId}/runs`, { method: "POST", headers: auth }), { params: Promise.resolve({ id: notebookId }) });
    expect(started.status).toBe(202);
    const { runId, url } = (await started.json()) as { runId: string; url: string };
    expect(url).toBe(`/api/v1/runs/${runId}`);

    const body = await waitFor("the run via GET /api/v1/runs/{id}", async () => {
      const res = await runRoute.GET(new Request(`http://x${url}`, { headers: auth }), { params: Promise.resolve({ id: runId }) });
      const json = (await res.json()) as { status: string; trigger: string; cells: { status: string; result: unknown }[] };
      return json.status === "succeeded" ? json : null;
    });
    expect(body.trigger).toBe("api");
    expect(body.cells[0]).toMatchObject({ status: "succeeded" });
    expect(body.cells[0]!.result).toBeTruthy();
    const missing = await runRoute.GET(new Request("http://x/api/v1/runs/nope", { headers: auth }), { params: Promise.resolve({ id: "nope" }) });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  }, 40_000);

  it("evalbook check exits 0 when every cell passes and 1 when a cell fails; evalbook run --wait prints the cells", async () => {
    const { ROOT } = await import("./harness");
    const cli = (...args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        import("node:child_process").then(({ spawn }) => {
          const child = spawn(process.execPath, ["--import", "tsx", "server/cli/main.ts", ...args], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn" } });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("exit", (code) => resolve({ code, stdout, stderr }));
        });
      });
    const make = async (title: string, cells: Parameters<typeof savedNotebook>[2]) => (await savedNotebook(suite.env, title, cells)).notebookId;
    const good = await make("CI good", [{ type: "evaluator", id: "m", title: "Means", pluginId: "test.mean", config: {} }]);
    const bad = await make("CI bad", [
      { type: "evaluator", id: "m", title: "Means", pluginId: "test.mean", config: {} },
      { type: "evaluator", id: "cfg", title: "Broken", pluginId: "test.mean", config: { delayMs: -1 } },
    ]);
    const [ok, fail, run] = await Promise.all([cli("check", "--notebook", good), cli("check", "--notebook", bad), cli("run", "--notebook", good, "--wait")]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/evalbook check: OK/);
    expect(fail.code, fail.stderr).toBe(1);
    expect(fail.stdout).toMatch(/Broken\s+test\.mean@1\.0\.0\s+FAILED: test\.mean@1\.0\.0: invalid config/);
    expect(fail.stderr).toMatch(/evalbook check: FAIL — 1 cell\(s\) failed/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Means\s+test\.mean@1\.0\.0\s+pass/);
    expect((await cli("check", "--notebook", "nope")).code).toBe(2);
  }, 90_000);
});

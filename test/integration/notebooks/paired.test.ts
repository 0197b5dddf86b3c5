/** A comparison cell with a comparison plugin, run by a real worker: paired by request id, stored, frozen into a report. */
import { describe, expect, it } from "vitest";
import { isolate } from "./harness";

const db = isolate("nbpaired");
const { workerSuite } = await import("./worker-suite");
const { lastWeek, savedNotebook } = await import("./faults");
const { prisma } = await import("@/server/db/client");

const suite = workerSuite("nbpaired", { dispose: () => db.dispose() });

describe("paired comparison cell", () => {
  it("joins v1 and v2 by request id and stores deltas, intervals, tests and verdicts per cohort", async () => {
    const { caller, slug } = suite.env;
    const paired = { type: "comparison" as const, id: "paired", title: "v2 vs v1", pluginId: "compare.binary", config: { margins: { accuracy: 0.05 } }, a: { kind: "version" as const, version: "v1", label: "v1 (production)" }, b: { kind: "version" as const, version: "v2" } };
    const wrongCell = { type: "evaluator" as const, id: "wrong-cell", title: "compare.* in an evaluator cell", pluginId: "compare.binary", config: {} };
    const w = await savedNotebook(suite.env, "Paired", [paired, wrongCell], lastWeek(["tier"], 30));
    const view = await caller.notebook.get(w);
    expect(view.cells.find((c) => c.id === "wrong-cell")).toMatchObject({ issue: "compare.binary compares two versions: use it in a comparison cell." });
    await caller.notebook.save({ ...w, expectedRevision: view.revision, cells: [paired] });
    // the model's business economics feed net value per 1,000 requests
    await caller.model.update({ workspaceSlug: slug, slug: "payments", data: { valuePerCorrectUsd: 1, costPerErrorUsd: 0.5 } });
    const started = await caller.notebook.run(w);
    const run = await suite.finishedRun(started.runId, 30_000);
    const cell = run.cells.find((c) => c.cellId === "paired")!;
    expect(cell.error ?? null).toBeNull();
    expect(cell.status).toBe("succeeded");
    expect(cell.pluginRef).toBe("compare.binary@1.0.0");
    const r = cell.result as unknown as {
      kind: string;
      pairing: string;
      paired: number;
      only_a: number;
      only_b: number;
      labels: { a: string; b: string };
      cohorts: { cohort: string; n: number; metrics: { metric: string; a: number; b: number; delta: number; verdict: string; ratio: number }[] }[];
    };
    expect(r).toMatchObject({ kind: "paired-comparison", pairing: "paired", paired: 380, only_a: 10, only_b: 10, labels: { a: "v1 (production)", b: "v2" } });
    expect(r.cohorts.map((c) => c.cohort)).toEqual(["all", "basic", "gold"]);
    const acc = r.cohorts[0].metrics.find((m) => m.metric === "accuracy")!;
    expect(acc.a).toBeCloseTo(0.7, 10);
    expect(acc.b).toBeCloseTo(0.85, 10);
    expect(acc.verdict).toBe("better");
    const cost = r.cohorts[0].metrics.find((m) => m.metric === "cost_per_request")!;
    expect(cost.ratio).toBeCloseTo(10, 10);
    expect(cost.verdict).toBe("worse");
    expect(cell.resultStatus).toBe("fail"); // worse on cost on `all`
    const net = r.cohorts[0].metrics.find((m) => m.metric === "net_value_per_1k")!;
    expect(net.a).toBeCloseTo(1000 * (0.7 - 0.5 * 0.3 - 0.0002), 9);
    expect(net.b).toBeCloseTo(1000 * (0.85 - 0.5 * 0.15 - 0.002), 9);
    expect(net.verdict).toBe("better");

    // Promote decision: v2 becomes production, v1 is retired, the audit event carries the evidence.
    expect(cell.candidate).toBe("v2"); // the run page offers "Promote v2" on this cell
    expect(run.model.versions).toEqual([
      { label: "v1", stage: "production" },
      { label: "v2", stage: "candidate" },
    ]);
    await expect(suite.env.viewerCaller.notebook.promote({ workspaceSlug: slug, runId: run.id, cellId: "paired" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/editor role/) as unknown });
    expect((await caller.notebook.getRun({ workspaceSlug: slug, runId: run.id })).model.versions.find((v) => v.label === "v1")?.stage).toBe("production");
    const promoted = await caller.notebook.promote({ workspaceSlug: slug, runId: run.id, cellId: "paired" });
    expect(promoted).toMatchObject({ version: "v2", stage: "production" });
    expect(promoted.evidence.summary[0]).toMatch(/^accuracy: better \(Δ 0\.150, 95% CI .+, McNemar mid-p\)$/);
    const event = await prisma.auditEvent.findFirst({ where: { action: "version.stage_changed" }, orderBy: { createdAt: "desc" } });
    const changes = JSON.parse(event!.changes) as { v2: string[]; v1: string[]; evidence: { runId: string; cellId: string } };
    expect(changes.v2).toEqual(["candidate", "production"]);
    expect(changes.v1).toEqual(["production", "retired"]);
    expect(changes.evidence).toMatchObject({ runId: run.id, cellId: "paired" });
    // the model page's audit trail (what the UI lists) shows the decision with its evidence
    const audit = await suite.env.viewerCaller.model.audit({ workspaceSlug: slug, slug: "payments" });
    expect(audit.items[0]).toMatchObject({ action: "version.stage_changed", changes: { evidence: { runId: run.id, cellId: "paired", summary: promoted.evidence.summary } } });
    expect((await caller.notebook.getRun({ workspaceSlug: slug, runId: run.id })).model.versions).toEqual([
      { label: "v1", stage: "retired" },
      { label: "v2", stage: "production" },
    ]);
    // promoting again changes nothing and writes no second audit event
    await caller.notebook.promote({ workspaceSlug: slug, runId: run.id, cellId: "paired" });
    expect(await prisma.auditEvent.count({ where: { action: "version.stage_changed" } })).toBe(1);

    // Frozen into a report, drawn as a delta table (the report HTML through the comparison cell type).
    const report = await caller.report.create({ workspaceSlug: slug, runId: run.id });
    const { body } = await caller.report.preview({ workspaceSlug: slug, id: report.id });
    expect(body).toContain('data-testid="paired-table"');
    expect(body).toContain("380 requests answered by both v1 (production) and v2");
    expect(body).toContain("McNemar mid-p");
    expect(body).toMatch(/<figure[^>]*>\s*<figcaption>Δ accuracy: v2 − v1 \(production\)/);
  }, 90_000);

  it("promotes from a report's frozen comparison: viewers refused, the audit event links the report and its frozen verdicts", async () => {
    const { caller, slug } = suite.env;
    // the previous test promoted v2: put v1 back in production, v2 back to candidate
    await caller.model.setStage({ workspaceSlug: slug, slug: "payments", label: "v1", stage: "production" });
    await caller.model.setStage({ workspaceSlug: slug, slug: "payments", label: "v2", stage: "candidate" });
    const nb = (await caller.notebook.list({ workspaceSlug: slug, modelSlug: "payments" })).find((n) => n.title === "Paired")!;
    const started = await caller.notebook.run({ workspaceSlug: slug, notebookId: nb.id });
    const run = await suite.finishedRun(started.runId, 30_000);
    const report = await caller.report.create({ workspaceSlug: slug, runId: run.id });
    const r = { workspaceSlug: slug, id: report.id };

    const listed = await suite.env.viewerCaller.report.comparisons(r);
    expect(listed.comparisons.map((c) => [c.cellId, c.candidate, c.reason])).toEqual([["paired", "v2", null]]);
    expect(listed.versions).toEqual([
      { label: "v1", stage: "production" },
      { label: "v2", stage: "candidate" },
    ]);
    await expect(suite.env.viewerCaller.report.promote({ ...r, cellId: "paired" })).rejects.toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/editor role/) as unknown });
    await expect(caller.report.promote({ ...r, cellId: "nope" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/no paired comparison "nope"/) as unknown });

    const before = await prisma.auditEvent.count({ where: { action: "version.stage_changed" } });
    const promoted = await caller.report.promote({ ...r, cellId: "paired" });
    expect(promoted).toMatchObject({ version: "v2", stage: "production", evidence: { reportId: report.id, runId: run.id, cellId: "paired" } });
    expect(promoted.evidence.summary[0]).toMatch(/^accuracy: better \(Δ 0\.150, 95% CI .+, McNemar mid-p\)$/);
    expect(await prisma.auditEvent.count({ where: { action: "version.stage_changed" } })).toBe(before + 1);
    const audit = await suite.env.viewerCaller.model.audit({ workspaceSlug: slug, slug: "payments" });
    expect(audit.items[0]).toMatchObject({ action: "version.stage_changed", changes: { v2: ["candidate", "production"], v1: ["production", "retired"], evidence: { reportId: report.id, runId: run.id, cellId: "paired", summary: promoted.evidence.summary } } });

    // a report whose run is gone says why it cannot promote (side B is read from the run definition)
    await prisma.run.deleteMany({ where: { id: run.id } });
    const orphan = await caller.report.comparisons(r);
    expect(orphan.comparisons[0]).toMatchObject({ candidate: null, reason: "the run this report froze no longer exists" });
    await expect(caller.report.promote({ ...r, cellId: "paired" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/the run this report froze no longer exists/) as unknown });
  }, 90_000);
});

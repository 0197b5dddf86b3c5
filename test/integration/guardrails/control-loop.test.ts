/**
 * The control loop end to end: a real worker process (tsx server/worker.ts) on a real Redis
 * evaluates guardrails after runs, opens/appends/resolves incidents, writes notifications to the
 * outbox and calls rollback receivers — small HTTP servers on 127.0.0.1.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isolate, waitFor } from "../notebooks/harness";
import { trpcError } from "../../helpers/trpc-error";

const db = isolate("guard");
const { workerSuite } = await import("../notebooks/worker-suite");
const { prisma } = await import("@/server/db/client");
const { verifySignature } = await import("@/server/notifications/signing");
const { cohort, evaluateThroughWorker, finishedRun, output, receiver } = await import("./fixtures");
const { verifiedByReadmeProcedure } = await import("../notifications/readme-signature");

const suite = workerSuite("guard", { dispose: () => db.dispose() });
let workspaceId = "";
let modelId = "";

beforeAll(async () => {
  workspaceId = (await prisma.workspace.findUniqueOrThrow({ where: { slug: suite.env.slug } })).id;
  modelId = (await prisma.model.findFirstOrThrow({ where: { workspaceId, slug: "payments" } })).id;
});

const CELLS = [
  { type: "evaluator" as const, id: "quality", title: "Quality", pluginId: "quality.binary", config: {} },
  { type: "evaluator" as const, id: "drift", title: "Drift", pluginId: "drift.psi", config: {}, columns: ["amount"] },
  { type: "evaluator" as const, id: "mean", title: "Means", pluginId: "test.mean", config: {} },
];

async function notebook(title: string, cohortKeys: string[] = [], cells: (typeof CELLS)[number][] = CELLS) {
  const nb = await suite.env.caller.notebook.create({ workspaceSlug: suite.env.slug, modelSlug: "payments", title });
  await suite.env.caller.notebook.save({
    workspaceSlug: suite.env.slug,
    notebookId: nb.id,
    expectedRevision: 1,
    defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys, minCohortSize: 10 },
    cells,
  });
  return { id: nb.id, workspaceId, modelId };
}

function guardrail(notebookId: string, fields: Record<string, unknown>) {
  return suite.env.caller.guardrail.create({
    workspaceSlug: suite.env.slug,
    modelSlug: "payments",
    guardrail: { notebookId, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.8, ...fields } as never,
  });
}

const incidentsOf = (guardrailId: string) => prisma.incident.findMany({ where: { guardrailId }, orderBy: { createdAt: "asc" } });

describe("guardrails evaluated by the worker after a run", () => {
  it("a real notebook run that breaches opens exactly one incident; evaluating the run again opens nothing", async () => {
    const nb = await notebook("Run hook");
    const g = await guardrail(nb.id, { name: "mean amount", cellId: "mean", metric: "mean", column: "amount", op: ">", fail: 45 });
    const started = await suite.env.caller.notebook.run({ workspaceSlug: suite.env.slug, notebookId: nb.id });
    const incident = await suite.waitFor("an incident from the run", async () => (await incidentsOf(g.id))[0], 60_000);
    expect(incident).toMatchObject({ state: "open", cohort: "all", openedRunId: started.runId, assignee: "risk@example.com" });
    expect(incident.lastValue!).toBeGreaterThan(45);
    const rows = await prisma.guardrailEvaluation.count({ where: { runId: started.runId } });
    await evaluateThroughWorker(prisma, started.runId);
    expect(await incidentsOf(g.id)).toHaveLength(1);
    expect(await prisma.guardrailEvaluation.count({ where: { runId: started.runId } })).toBe(rows);
    expect(await prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: { in: ["fired", "breach"] } } })).toBe(1);

    // the leadership summary of a report on this run lists the incident it opened
    const report = await suite.env.caller.report.create({ workspaceSlug: suite.env.slug, runId: started.runId });
    const frozen = await suite.env.caller.report.get({ workspaceSlug: suite.env.slug, id: report.id });
    expect(frozen.summary.incidents?.map((i) => i.id)).toEqual([incident.id]);
    expect(frozen.summary.findings.join(" ")).toContain("Incident: “mean amount” — mean on amount above 45, at ");
    // …and the guardrail states the run left: this guardrail in alert, listed with its value
    expect(frozen.summary.guardrails).toMatchObject({ total: 1, counts: { alert: 1 }, rows: [{ guardrail: "mean amount", cohort: "all", state: "alert", rule: "mean on amount > 45" }] });
    const { renderSummary } = await import("@/server/reports/html");
    const html = renderSummary(frozen.summary);
    expect(html).toMatch(/Guardrails on this run<\/h3><p class="eb-meta">1 guardrail × cohort check: 1 alert\.<\/p>/);
    expect(html).toMatch(/<table data-testid="summary-guardrails">.*mean amount.*>alert<.*<\/table>/s);
  }, 90_000);

  it("fires for the weak cohort alone, appends later breaches, resolves after M good runs, and reports no data below the minimum sample", async () => {
    const nb = await notebook("Per tier", ["tier"]);
    const g = await guardrail(nb.id, { name: "AUC every tier", cohortMode: "each", minSamples: 50, resolveAfter: 2 });
    const result = (strategic: number, n = 80) =>
      output("quality.binary", [cohort("all", 600, { roc_auc: 0.9 }), cohort("smb", 400, { roc_auc: 0.86 }), cohort("strategic", n, { roc_auc: strategic })]);

    const r1 = await finishedRun(prisma, nb, "quality", result(0.6));
    await evaluateThroughWorker(prisma, r1);
    let incidents = await incidentsOf(g.id);
    expect(incidents.map((i) => i.cohort)).toEqual(["strategic"]);
    const id = incidents[0]!.id;

    const r2 = await finishedRun(prisma, nb, "quality", result(0.62));
    await evaluateThroughWorker(prisma, r2);
    incidents = await incidentsOf(g.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ id, breaches: 2, lastRunId: r2, state: "open" });

    const r3 = await finishedRun(prisma, nb, "quality", result(0.85));
    await evaluateThroughWorker(prisma, r3);
    expect((await prisma.incident.findUniqueOrThrow({ where: { id } })).state).toBe("open");
    const r4 = await finishedRun(prisma, nb, "quality", result(0.86));
    await evaluateThroughWorker(prisma, r4);
    const resolved = await prisma.incident.findUniqueOrThrow({ where: { id } });
    expect(resolved).toMatchObject({ state: "resolved", openKey: null, resolvedBy: "guardrail" });

    const r5 = await finishedRun(prisma, nb, "quality", result(0.4, 20));
    await evaluateThroughWorker(prisma, r5);
    expect(await incidentsOf(g.id)).toHaveLength(1);
    const state = await prisma.guardrailState.findUniqueOrThrow({ where: { guardrailId_cohort: { guardrailId: g.id, cohort: "strategic" } } });
    expect(state.state).toBe("no_data");

    const page = await suite.env.caller.incident.get({ workspaceSlug: suite.env.slug, id });
    expect(page.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["fired", "breach", "resolved"]));
    expect(page.history.filter((h) => h.fired).map((h) => h.runId)).toEqual([r1, r2]);
  }, 60_000);

  it("a metric alternating around its line for 20 runs sends at most one notification (flapping)", async () => {
    const nb = await notebook("Flapping");
    await prisma.notificationChannel.create({
      data: { workspaceId, name: "flap hook", kind: "webhook", config: JSON.stringify({ url: "http://127.0.0.1:9/unused", secret: "s".repeat(20) }), severities: JSON.stringify(["info", "warning", "critical"]), enabled: true },
    });
    const g = await guardrail(nb.id, { name: "psi flapping", cellId: "drift", metric: "psi", column: "amount", op: ">", fail: 0.25, fireAfter: 2 });
    const before = await prisma.notificationDelivery.count({ where: { workspaceId } });
    for (let i = 0; i < 20; i++) {
      const run = await finishedRun(prisma, nb, "drift", output("drift.psi", [cohort("all", 500, {}, { amount: { psi: i % 2 ? 0.4 : 0.05 } })]));
      await evaluateThroughWorker(prisma, run);
    }
    const after = await prisma.notificationDelivery.count({ where: { workspaceId } });
    expect(after - before).toBeLessThanOrEqual(1);
    expect(after - before).toBe(1);
    expect((await prisma.notificationDelivery.findFirstOrThrow({ where: { workspaceId }, orderBy: { createdAt: "desc" } })).eventKind).toBe("guardrail.flapping");
    expect(await incidentsOf(g.id)).toHaveLength(0);
    const state = await prisma.guardrailState.findFirstOrThrow({ where: { guardrailId: g.id } });
    expect(state.state).toBe("flapping");
    await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
  }, 120_000);

  it("one run breaching twelve features sends one grouped delivery per channel", async () => {
    const nb = await notebook("Grouped");
    const [a, b] = [await receiver(), await receiver()];
    try {
      for (const [name, r] of [["hook a", a], ["hook b", b]] as const) {
        await prisma.notificationChannel.create({
          data: { workspaceId, name, kind: "webhook", config: JSON.stringify({ url: r.url, secret: "t".repeat(24) }), severities: JSON.stringify(["info", "warning", "critical"]), enabled: true },
        });
      }
      const g = await guardrail(nb.id, { name: "psi any feature", cellId: "drift", metric: "psi", column: "*", op: ">", fail: 0.25, severity: "critical" });
      const columns = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, { psi: 0.3 + i / 100 }]));
      const run = await finishedRun(prisma, nb, "drift", output("drift.psi", [cohort("all", 1000, {}, columns)]));
      await evaluateThroughWorker(prisma, run);
      const incidents = await incidentsOf(g.id);
      expect(incidents).toHaveLength(1);
      const deliveries = await prisma.notificationDelivery.findMany({ where: { groupKey: incidents[0]!.id } });
      expect(deliveries).toHaveLength(2);
      expect(new Set(deliveries.map((d) => d.channelId)).size).toBe(2);
      await waitFor("both receivers to get the message", async () => a.requests.length >= 1 && b.requests.length >= 1, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect([a.requests.length, b.requests.length]).toEqual([1, 1]);
      const body = JSON.parse(a.requests[0]!.body) as { kind: string; summary: string; groupKey: string };
      expect(body).toMatchObject({ kind: "incident.opened", groupKey: incidents[0]!.id });
      expect(body.summary).toContain("f11");
      const page = await suite.env.caller.incident.get({ workspaceSlug: suite.env.slug, id: incidents[0]!.id });
      expect(page.deliveries).toHaveLength(2);
      expect(page.timeline.some((e) => e.kind === "notified")).toBe(true);
    } finally {
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await a.close();
      await b.close();
    }
  }, 60_000);
});

describe("an incident opened before any channel existed", () => {
  it("is announced once, by the first breaching run after a matching channel is added; later breaches stay quiet", async () => {
    const nb = await notebook("Announced late");
    const rx = await receiver();
    try {
      expect(await prisma.notificationChannel.count({ where: { workspaceId } })).toBe(0);
      const g = await guardrail(nb.id, { name: "late AUC", severity: "critical" });
      const breach = () => output("quality.binary", [cohort("all", 600, { roc_auc: 0.55 })]);
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      const [incident] = await incidentsOf(g.id);
      expect(await prisma.notificationDelivery.count({ where: { groupKey: incident!.id } })).toBe(0);

      // a channel for other severities changes nothing
      const quiet = await prisma.notificationChannel.create({ data: { workspaceId, name: "info only", kind: "webhook", config: JSON.stringify({ url: rx.url, secret: "q".repeat(24) }), severities: JSON.stringify(["info"]), enabled: true } });
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      expect(await prisma.notificationDelivery.count({ where: { groupKey: incident!.id } })).toBe(0);
      await prisma.notificationChannel.delete({ where: { id: quiet.id } });

      await prisma.notificationChannel.create({ data: { workspaceId, name: "late hook", kind: "webhook", config: JSON.stringify({ url: rx.url, secret: "l".repeat(24) }), severities: JSON.stringify(["critical"]), enabled: true } });
      const announcing = await finishedRun(prisma, nb, "quality", breach());
      await evaluateThroughWorker(prisma, announcing);
      await waitFor("the late announcement", async () => rx.requests.length >= 1, 20_000);
      for (let i = 0; i < 2; i++) await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      await new Promise((r) => setTimeout(r, 500));
      expect(rx.requests).toHaveLength(1);
      expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ kind: "incident.opened", groupKey: incident!.id, eventKey: `${incident!.id}:opened:${announcing}` });
      expect(await incidentsOf(g.id)).toHaveLength(1);
      expect((await prisma.incident.findUniqueOrThrow({ where: { id: incident!.id } })).breaches).toBe(5);
    } finally {
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await rx.close();
    }
  }, 60_000);
});

describe("a scheduled run breaches: the loop end to end, webhook and PagerDuty receivers", () => {
  it("one incident and one delivery per channel whose signature verifies as the README says; the next scheduled run appends; M good runs resolve it and PagerDuty hears resolve on the same dedup_key", async () => {
    // the mean cell alone: without a reference the drift cell would fail every run
    const nb = await notebook("Scheduled", [], CELLS.filter((c) => c.id === "mean"));
    const [hook, pd] = [await receiver(), await receiver()];
    const secret = "scheduled-loop-secret-0123456789";
    const w = { workspaceSlug: suite.env.slug, notebookId: nb.id };
    try {
      const all = JSON.stringify(["info", "warning", "critical"]);
      await prisma.notificationChannel.create({ data: { workspaceId, name: "sched hook", kind: "webhook", config: JSON.stringify({ url: hook.url, secret }), severities: all, enabled: true } });
      await prisma.notificationChannel.create({
        data: { workspaceId, name: "sched pager", kind: "pagerduty", config: JSON.stringify({ routingKey: "rk-sched-0001", eventsUrl: pd.url, source: "evalbook" }), severities: JSON.stringify(["critical"]), enabled: true },
      });
      const g = await guardrail(nb.id, { name: "scheduled mean amount", cellId: "mean", metric: "mean", column: "amount", op: ">", fail: 45, severity: "critical", resolveAfter: 2 });

      // Nobody starts a run: the schedule does, and the worker evaluates each run as it finishes.
      await suite.env.caller.notebook.setSchedule({ ...w, cron: "*/3 * * * * *", tz: "UTC" });
      await suite.waitFor("two scheduled runs evaluated", async () => (await prisma.guardrailEvaluation.count({ where: { guardrailId: g.id } })) >= 2, 90_000, 200);
      await suite.env.caller.notebook.clearSchedule(w);
      // let a run that was already queued finish and be evaluated
      const scheduled = await suite.waitFor(
        "the scheduled runs to settle",
        async () => {
          const runs = await prisma.run.findMany({ where: { notebookId: nb.id }, orderBy: { createdAt: "asc" }, select: { id: true, status: true, trigger: true } });
          if (runs.some((r) => r.status === "queued" || r.status === "running")) return null;
          const evaluated = await prisma.guardrailEvaluation.count({ where: { guardrailId: g.id } });
          return evaluated === runs.filter((r) => r.status === "succeeded").length ? runs : null;
        },
        60_000,
        200,
      );
      expect(scheduled.every((r) => r.trigger === "schedule" && r.status === "succeeded")).toBe(true);

      const incidents = await incidentsOf(g.id);
      expect(incidents).toHaveLength(1);
      const incident = incidents[0]!;
      expect(incident).toMatchObject({ state: "open", openedRunId: scheduled[0]!.id, lastRunId: scheduled.at(-1)!.id, breaches: scheduled.length });
      expect(await prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: "breach" } })).toBe(scheduled.length - 1);

      // one delivery per channel for the opening, none for the later breaches
      await waitFor("both receivers to hear of it", async () => hook.requests.length >= 1 && pd.requests.length >= 1, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect([hook.requests.length, pd.requests.length]).toEqual([1, 1]);
      expect(await prisma.notificationDelivery.count({ where: { groupKey: incident.id } })).toBe(2);
      const req = hook.requests[0]!;
      expect(verifiedByReadmeProcedure(secret, req.body, String(req.headers["x-evalbook-signature"]))).toBe(true);
      expect(verifiedByReadmeProcedure(secret, req.body.replace(/"kind":"[^"]+"/, '"kind":"test"'), String(req.headers["x-evalbook-signature"]))).toBe(false);
      expect(JSON.parse(req.body)).toMatchObject({ kind: "incident.opened", groupKey: incident.id, idempotencyKey: req.headers["idempotency-key"] });
      const trigger = JSON.parse(pd.requests[0]!.body) as { event_action: string; dedup_key: string };
      expect(trigger).toMatchObject({ event_action: "trigger", dedup_key: incident.id });

      // The metric comes back under the line: the first good run keeps it open, the second resolves it.
      const good = () => output("test.mean", [cohort("all", 500, {}, { amount: { mean: 10 } })]);
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "mean", good()));
      expect((await prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("open");
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "mean", good()));
      expect(await prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ state: "resolved", resolvedBy: "guardrail" });
      await waitFor("the resolve event on both channels", async () => hook.requests.length >= 2 && pd.requests.length >= 2, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect([hook.requests.length, pd.requests.length]).toEqual([2, 2]);
      const resolve = JSON.parse(pd.requests[1]!.body) as { event_action: string; dedup_key: string };
      expect(resolve).toEqual(expect.objectContaining({ event_action: "resolve", dedup_key: trigger.dedup_key }));
      expect(JSON.parse(hook.requests[1]!.body)).toMatchObject({ kind: "incident.resolved", groupKey: incident.id });
      expect(verifiedByReadmeProcedure(secret, hook.requests[1]!.body, String(hook.requests[1]!.headers["x-evalbook-signature"]))).toBe(true);
    } finally {
      await suite.env.caller.notebook.clearSchedule(w).catch(() => undefined);
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await hook.close();
      await pd.close();
    }
  }, 180_000);
});

describe("people acknowledging and resolving", () => {
  it("tells PagerDuty: trigger on the breach, acknowledge and resolve by hand with the same dedup_key", async () => {
    const nb = await notebook("Paged");
    const pd = await receiver();
    try {
      await prisma.notificationChannel.create({
        data: { workspaceId, name: "pager", kind: "pagerduty", config: JSON.stringify({ routingKey: "rk-test-0001", eventsUrl: pd.url, source: "evalbook" }), severities: JSON.stringify(["critical"]), enabled: true },
      });
      const g = await guardrail(nb.id, { name: "paged AUC", severity: "critical" });
      const run = await finishedRun(prisma, nb, "quality", output("quality.binary", [cohort("all", 600, { roc_auc: 0.55 })]));
      await evaluateThroughWorker(prisma, run);
      const [incident] = await incidentsOf(g.id);
      await waitFor("the trigger", async () => pd.requests.length >= 1, 20_000);
      await suite.env.caller.incident.acknowledge({ workspaceSlug: suite.env.slug, id: incident!.id, note: "on it" });
      await waitFor("the acknowledge", async () => pd.requests.length >= 2, 20_000);
      await suite.env.caller.incident.resolve({ workspaceSlug: suite.env.slug, id: incident!.id, note: "rolled back the feature pipeline" });
      await waitFor("the resolve", async () => pd.requests.length >= 3, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      const sent = pd.requests.map((r) => JSON.parse(r.body) as { event_action: string; dedup_key: string; routing_key: string });
      expect(sent.map((b) => b.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
      expect(new Set(sent.map((b) => b.dedup_key))).toEqual(new Set([incident!.id]));
      const page = await suite.env.caller.incident.get({ workspaceSlug: suite.env.slug, id: incident!.id });
      expect(page.timeline.filter((e) => e.kind === "notified").map((e) => e.body)).toEqual(
        expect.arrayContaining([expect.stringContaining("incident.acknowledged"), expect.stringContaining("incident.resolved")]),
      );
    } finally {
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await pd.close();
    }
  }, 90_000);
});

describe("guardrail validation", () => {
  it("refuses a warn line stricter than fail, an unknown metric and an operator that does not fit, field by field", async () => {
    const nb = await notebook("Validation");
    const warn = await trpcError(guardrail(nb.id, { name: "bad warn", warn: 0.7, fail: 0.8 }));
    expect(warn.code).toBe("BAD_REQUEST");
    expect(warn.message).toMatch(/warn line \(0\.7\) is stricter than the fail line \(0\.8\)/);
    const unknown = await trpcError(guardrail(nb.id, { name: "bad metric", metric: "roc_acu" }));
    expect(unknown.message).toMatch(/quality\.binary does not report "roc_acu"/);
    const op = await trpcError(guardrail(nb.id, { name: "bad op", op: ">", fail: 0.9 }));
    expect(op.message).toMatch(/roc_auc is better when higher/);
    const range = await trpcError(guardrail(nb.id, { name: "bad range", fail: 80 }));
    expect(range.message).toMatch(/share between 0 and 1/);
    const rollback = await trpcError(guardrail(nb.id, { name: "bad rollback", rollbackMode: "automatic" }));
    expect(rollback.message).toMatch(/rollbackUrl/);
    expect(await suite.env.viewerCaller.guardrail.list({ workspaceSlug: suite.env.slug, modelSlug: "payments" }).then((l) => l.guardrails.filter((g) => g.name.startsWith("bad")))).toEqual([]);
    expect((await trpcError(suite.env.viewerCaller.guardrail.create({ workspaceSlug: suite.env.slug, modelSlug: "payments", guardrail: { name: "x", notebookId: nb.id, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.8 } as never }))).code).toBe("FORBIDDEN");
  });
});

describe("red lines: rollback", () => {
  const breach = () => output("quality.binary", [cohort("all", 500, { roc_auc: 0.5 })]);
  const stages = async () => Object.fromEntries((await prisma.modelVersion.findMany({ where: { modelId } })).map((v) => [v.label, v.stage]));

  beforeAll(async () => {
    // v2 went to production after v1: a rollback returns to v1.
    await suite.env.caller.model.setStage({ workspaceSlug: suite.env.slug, slug: "payments", label: "v2", stage: "production" });
  });

  it("dry run records what it would have sent and calls nothing", async () => {
    const nb = await notebook("Dry run");
    const r = await receiver();
    try {
      const g = await guardrail(nb.id, { name: "dry", rollbackMode: "dry_run", rollbackUrl: r.url });
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      const [incident] = await incidentsOf(g.id);
      const rb = await prisma.rollbackRequest.findUniqueOrThrow({ where: { incidentId: incident!.id } });
      expect(rb).toMatchObject({ status: "dry_run", fromVersion: "v2", toVersion: "v1", url: r.url });
      expect(JSON.parse(rb.payload)).toMatchObject({ model: { slug: "payments" }, fromVersion: "v2", toVersion: "v1", incidentId: incident!.id, guardrailId: g.id });
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(0);
      expect(await stages()).toMatchObject({ v1: "retired", v2: "production" });
      expect(incident!.redLine).toBe(true);
    } finally {
      await r.close();
    }
  }, 30_000);

  it("a receiver answering 500 changes no stage, and the call is never repeated", async () => {
    const nb = await notebook("Auto 500");
    const r = await receiver(500);
    try {
      const g = await guardrail(nb.id, { name: "auto500", rollbackMode: "automatic", rollbackUrl: r.url, rollbackSecret: "x".repeat(24), rollbackCooldownMinutes: 0 });
      const run = await finishedRun(prisma, nb, "quality", breach());
      await evaluateThroughWorker(prisma, run);
      const [incident] = await incidentsOf(g.id);
      const rb = await waitFor("the automatic rollback to be answered", async () => {
        const row = await prisma.rollbackRequest.findUnique({ where: { incidentId: incident!.id } });
        return row?.answeredAt ? row : null;
      });
      expect(rb).toMatchObject({ status: "failed", responseStatus: 500 });
      expect(r.requests).toHaveLength(1);
      expect(await stages()).toMatchObject({ v1: "retired", v2: "production" });
      await evaluateThroughWorker(prisma, run);
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(1);
      expect(await prisma.auditEvent.count({ where: { modelId, action: { in: ["rollback.request", "rollback.answer"] } } })).toBeGreaterThanOrEqual(2);
    } finally {
      await r.close();
    }
  }, 30_000);

  it("confirm: a viewer cannot, an editor presses Roll back once; a 2xx moves the stages with the incident as the reason; a cooldown stops the next automatic one", async () => {
    const nb = await notebook("Confirm");
    const r = await receiver(200);
    const secret = "confirm-secret-0123456789";
    try {
      const g = await guardrail(nb.id, { name: "confirm", rollbackMode: "confirm", rollbackUrl: r.url, rollbackSecret: secret });
      expect(JSON.stringify(await suite.env.caller.guardrail.get({ workspaceSlug: suite.env.slug, id: g.id }))).not.toContain(secret);
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      const [incident] = await incidentsOf(g.id);
      expect((await prisma.rollbackRequest.findUniqueOrThrow({ where: { incidentId: incident!.id } })).status).toBe("awaiting_confirmation");
      expect(r.requests).toHaveLength(0);

      expect((await trpcError(suite.env.viewerCaller.incident.rollback({ workspaceSlug: suite.env.slug, id: incident!.id }))).code).toBe("FORBIDDEN");
      const outcome = await suite.env.caller.incident.rollback({ workspaceSlug: suite.env.slug, id: incident!.id });
      expect(outcome).toMatchObject({ sent: true, status: "succeeded", responseStatus: 200 });
      expect(r.requests).toHaveLength(1);
      const req = r.requests[0]!;
      expect(verifySignature(secret, req.body, req.headers["x-evalbook-signature"] as string)).toBe(true);
      expect(req.headers["idempotency-key"]).toBe(`rollback:${incident!.id}`);
      expect(await stages()).toMatchObject({ v1: "production", v2: "retired" });
      const change = await prisma.stageChange.findFirstOrThrow({ where: { incidentId: incident!.id, toStage: "production" } });
      expect(change.reason).toContain(incident!.title);

      expect((await trpcError(suite.env.caller.incident.rollback({ workspaceSlug: suite.env.slug, id: incident!.id }))).code).toBe("CONFLICT");
      expect(r.requests).toHaveLength(1);

      // An automatic red line on the same model within the cooldown is not sent.
      const nb2 = await notebook("Cooldown");
      const g2 = await guardrail(nb2.id, { name: "cooldown", rollbackMode: "automatic", rollbackUrl: r.url, rollbackSecret: secret, rollbackCooldownMinutes: 60 });
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb2, "quality", breach()));
      const [i2] = await incidentsOf(g2.id);
      expect((await prisma.rollbackRequest.findUniqueOrThrow({ where: { incidentId: i2!.id } })).status).toBe("skipped_cooldown");
      await new Promise((res) => setTimeout(res, 300));
      expect(r.requests).toHaveLength(1);
    } finally {
      await r.close();
    }
  }, 30_000);

  it("automatic: the worker sends it once and the stages follow the 2xx", async () => {
    const nb = await notebook("Auto 200");
    const r = await receiver(202);
    try {
      const g = await guardrail(nb.id, { name: "auto200", rollbackMode: "automatic", rollbackUrl: r.url, rollbackSecret: "y".repeat(24), rollbackCooldownMinutes: 0 });
      await evaluateThroughWorker(prisma, await finishedRun(prisma, nb, "quality", breach()));
      const [incident] = await incidentsOf(g.id);
      await waitFor("the automatic rollback to succeed", async () => (await prisma.rollbackRequest.findUnique({ where: { incidentId: incident!.id } }))?.status === "succeeded");
      expect(r.requests).toHaveLength(1);
      // production was v1 (after the confirmed rollback); the last production before it was v2
      expect(await stages()).toMatchObject({ v1: "retired", v2: "production" });
    } finally {
      await r.close();
    }
  }, 30_000);
});

describe("incident lifecycle by hand", () => {
  it("acknowledge (editor), comment, resolve with a note; the inbox filters by state and model", async () => {
    const open = await suite.env.caller.incident.list({ workspaceSlug: suite.env.slug, state: "active" });
    const target = open.items.find((i) => i.state === "open")!;
    expect(target).toBeTruthy();
    expect((await trpcError(suite.env.viewerCaller.incident.acknowledge({ workspaceSlug: suite.env.slug, id: target.id }))).code).toBe("FORBIDDEN");
    await suite.env.caller.incident.acknowledge({ workspaceSlug: suite.env.slug, id: target.id });
    await suite.env.caller.incident.comment({ workspaceSlug: suite.env.slug, id: target.id, body: "Looking at the feature pipeline." });
    expect((await trpcError(suite.env.caller.incident.resolve({ workspaceSlug: suite.env.slug, id: target.id, note: " " }))).code).toBe("BAD_REQUEST");
    await suite.env.caller.incident.resolve({ workspaceSlug: suite.env.slug, id: target.id, note: "Pipeline fixed." });
    const page = await suite.env.viewerCaller.incident.get({ workspaceSlug: suite.env.slug, id: target.id });
    expect(page.state).toBe("resolved");
    expect(page.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(["acknowledged", "comment", "resolved"]));
    expect(page.timeline.find((e) => e.kind === "acknowledged")!.actorLabel).toMatch(/guard-editor/);
    const resolved = await suite.env.caller.incident.list({ workspaceSlug: suite.env.slug, state: "resolved", model: "payments" });
    expect(resolved.items.map((i) => i.id)).toContain(target.id);
    expect((await suite.env.caller.incident.list({ workspaceSlug: suite.env.slug, state: "active", model: "nope" })).items).toEqual([]);
  });
});

describe("evalbook incidents (CLI on the local database)", () => {
  const cli = async (args: string[]) => {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, ["bin/evalbook.mjs", "incidents", ...args], { cwd: process.cwd(), env: { ...process.env }, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it("lists open incidents and exits 1 while a red line is open, 0 once none is", async () => {
    const open = await cli(["--workspace", suite.env.slug, "--json"]);
    expect(open.err).toBe("");
    const json = JSON.parse(open.out) as { open: number; redLines: number; incidents: { redLine: boolean; model: string }[] };
    expect(json.redLines).toBeGreaterThan(0);
    expect(json.incidents.every((i) => i.model === "payments")).toBe(true);
    expect(open.code).toBe(1);
    const text = await cli(["--workspace", suite.env.slug]);
    expect(text.out).toMatch(/red lines? crossed/);

    for (const i of await prisma.incident.findMany({ where: { workspaceId, redLine: true, openKey: { not: null } } }))
      await suite.env.caller.incident.resolve({ workspaceSlug: suite.env.slug, id: i.id, note: "rolled back" });
    const after = await cli(["--workspace", suite.env.slug, "--json"]);
    expect(JSON.parse(after.out)).toMatchObject({ redLines: 0 });
    expect(after.code).toBe(0);
  }, 120_000);
});

describe("the v1 API over guardrails and incidents", () => {
  type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
  const routes = import.meta.glob<Record<string, Handler>>("../../../app/api/v1/**/route.ts");

  async function call(key: string, method: string, folder: string, params: Record<string, string>, body?: unknown, query = "") {
    const load = routes[`../../../app/api/v1/${folder}/route.ts`];
    expect(load, `route ${folder}`).toBeDefined();
    const handler = (await load!())[method]!;
    const res = await handler(
      new Request(`http://x/api/v1/${folder}${query}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      { params: Promise.resolve(params) },
    );
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  it("creates and replaces a guardrail, lists, acknowledges and resolves its incident, and shows where it was notified", async () => {
    const { createApiKey } = await import("@/server/apikeys/keys");
    const actor = { id: null, label: "v1 test" };
    const key = (await createApiKey(prisma, workspaceId, actor, { name: "control", scopes: ["read", "incidents"] })).secret;
    const readOnly = (await createApiKey(prisma, workspaceId, actor, { name: "read only", scopes: ["read"] })).secret;
    const nb = await notebook("Over the API");
    const rule = { name: "AUC over the API", notebookId: nb.id, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.8 };

    const bad = await call(key, "POST", "models/[slug]/guardrails", { slug: "payments" }, { ...rule, warn: 0.7 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toMatch(/warn/i);
    expect((await call(readOnly, "POST", "models/[slug]/guardrails", { slug: "payments" }, rule)).status).toBe(403);

    const created = await call(key, "POST", "models/[slug]/guardrails", { slug: "payments" }, rule);
    expect(created.status).toBe(201);
    const gid = created.body.id as string;
    const replaced = await call(key, "PUT", "guardrails/[id]", { id: gid }, { ...rule, fail: 0.75, warn: 0.8 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: gid, fail: 0.75, warn: 0.8 });
    const listed = await call(readOnly, "GET", "models/[slug]/guardrails", { slug: "payments" });
    expect(listed.body.guardrails.map((g: { id: string }) => g.id)).toContain(gid);

    const run = await finishedRun(prisma, nb, "quality", output("quality.binary", [cohort("all", 600, { roc_auc: 0.6 })]));
    await evaluateThroughWorker(prisma, run);
    const incidents = await call(readOnly, "GET", "incidents", {}, undefined, "?state=active&model=payments&limit=200");
    expect(incidents.status).toBe(200);
    const mine = incidents.body.items.filter((i: { guardrail: { id: string } }) => i.guardrail.id === gid);
    expect(mine).toHaveLength(1);
    const id = mine[0].id as string;
    expect((await call(readOnly, "GET", "incidents/[id]", { id })).body).toMatchObject({ id, state: "open", guardrail: { id: gid } });

    expect((await call(readOnly, "POST", "incidents/[id]/acknowledge", { id }, {})).status).toBe(403);
    expect((await call(key, "POST", "incidents/[id]/acknowledge", { id }, { note: "looking" })).body).toEqual({ id, state: "acknowledged" });
    expect((await call(key, "POST", "incidents/[id]/acknowledge", { id }, {})).status).toBe(409);
    const noNote = await call(key, "POST", "incidents/[id]/resolve", { id }, {});
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body.error)).toMatch(/note/);
    expect((await call(key, "POST", "incidents/[id]/resolve", { id }, { note: "retrained on fresh data" })).body).toEqual({ id, state: "resolved" });

    const timeline = (await call(readOnly, "GET", "incidents/[id]", { id })).body.timeline.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(["fired", "acknowledged", "resolved"]));
    const deliveries = await call(readOnly, "GET", "incidents/[id]/deliveries", { id });
    expect(deliveries.status).toBe(200);
    expect(Array.isArray(deliveries.body.deliveries)).toBe(true);
    expect((await call(readOnly, "GET", "incidents/[id]", { id: "nope" })).status).toBe(404);
  }, 60_000);
});

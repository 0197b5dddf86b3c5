/**
 * Renotify: a real worker (its `incidentReminders` job scheduler ticking every 300 ms) reminds a
 * local webhook receiver about an open incident once its guardrail's interval has passed — with no
 * further run — at most once per interval, noted in the timeline, and stops once the incident is
 * acknowledged. "The interval has passed" is made true by moving the incident's clock back.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isolate, sleep, waitFor } from "../notebooks/harness";

const db = isolate("renotify");
const { workerSuite } = await import("../notebooks/worker-suite");
const { prisma } = await import("@/server/db/client");
const { verifySignature } = await import("@/server/notifications/signing");
const { cohort, evaluateThroughWorker, finishedRun, output, receiver } = await import("./fixtures");

const suite = workerSuite("renotify", {
  dispose: () => db.dispose(),
  workerEnv: { INCIDENT_REMINDER_INTERVAL_MS: "300", NOTIFY_DRAIN_INTERVAL_MS: "500" },
});
let workspaceId = "";
let modelId = "";
const SECRET = "renotify-secret-0123456789";

beforeAll(async () => {
  workspaceId = (await prisma.workspace.findUniqueOrThrow({ where: { slug: suite.env.slug } })).id;
  modelId = (await prisma.model.findFirstOrThrow({ where: { workspaceId, slug: "payments" } })).id;
});

/** Moves the incident's open and last-notified times `minutes` into the past. */
async function age(incidentId: string, minutes: number) {
  const i = await prisma.incident.findUniqueOrThrow({ where: { id: incidentId } });
  const back = (d: Date | null) => (d ? new Date(d.getTime() - minutes * 60_000) : null);
  await prisma.incident.update({ where: { id: incidentId }, data: { createdAt: back(i.createdAt)!, lastNotifiedAt: back(i.lastNotifiedAt) } });
}

describe("renotify interval", () => {
  it("reminds on a timer while the incident is open and unacknowledged, once per interval, in the timeline", async () => {
    const hook = await receiver();
    try {
      await prisma.notificationChannel.create({
        data: { workspaceId, name: "hook", kind: "webhook", config: JSON.stringify({ url: hook.url, secret: SECRET }), severities: JSON.stringify(["info", "warning", "critical"]), enabled: true },
      });
      const nb = await suite.env.caller.notebook.create({ workspaceSlug: suite.env.slug, modelSlug: "payments", title: "Reminders" });
      await suite.env.caller.notebook.save({
        workspaceSlug: suite.env.slug,
        notebookId: nb.id,
        expectedRevision: 1,
        cells: [{ type: "evaluator", id: "quality", title: "Quality", pluginId: "quality.binary", config: {} }],
      });
      const g = await suite.env.caller.guardrail.create({
        workspaceSlug: suite.env.slug,
        modelSlug: "payments",
        guardrail: { name: "AUC reminders", notebookId: nb.id, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.8, severity: "critical", renotifyMinutes: 30 },
      });
      expect(g.renotifyMinutes).toBe(30);
      const run = await finishedRun(prisma, { id: nb.id, workspaceId, modelId }, "quality", output("quality.binary", [cohort("all", 600, { roc_auc: 0.61 })]));
      await evaluateThroughWorker(prisma, run);
      const incident = await prisma.incident.findFirstOrThrow({ where: { guardrailId: g.id } });
      await suite.waitFor("the opening notification", async () => hook.requests.length >= 1, 20_000);
      expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ kind: "incident.opened" });

      // not due yet: several ticks pass, nothing more is sent
      await sleep(1500);
      expect(hook.requests).toHaveLength(1);

      // 31 minutes later (no run in between): one reminder, signed, same group, in the timeline
      await age(incident.id, 31);
      await waitFor("the first reminder", async () => hook.requests.length >= 2, 20_000);
      const reminder = hook.requests[1]!;
      expect(verifySignature(SECRET, reminder.body, reminder.headers["x-evalbook-signature"] as string)).toBe(true);
      const body = JSON.parse(reminder.body) as { kind: string; groupKey: string; summary: string; runbooks: unknown[] };
      expect(body).toMatchObject({ kind: "incident.reminder", groupKey: incident.id });
      expect(body.summary).toMatch(/open for 31 minutes and nobody has acknowledged it/);
      expect(body.summary).toMatch(/every 30 minutes/);
      await sleep(1500);
      expect(hook.requests).toHaveLength(2); // at most once per interval

      const timeline = await suite.env.caller.incident.get({ workspaceSlug: suite.env.slug, id: incident.id });
      const reminders = timeline.timeline.filter((e) => e.kind === "reminder");
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.body).toMatch(/reminder sent to 1 channel/);

      // another interval: a second reminder with its own idempotency key
      await age(incident.id, 31);
      await waitFor("the second reminder", async () => hook.requests.length >= 3, 20_000);
      expect(JSON.parse(hook.requests[2]!.body)).toMatchObject({ kind: "incident.reminder" });
      expect(hook.requests[2]!.headers["idempotency-key"]).not.toBe(hook.requests[1]!.headers["idempotency-key"]);

      // acknowledged: no more reminders, however long it stays open
      await suite.env.caller.incident.acknowledge({ workspaceSlug: suite.env.slug, id: incident.id, note: "on it" });
      await waitFor("the acknowledge notification", async () => hook.requests.length >= 4, 20_000);
      expect(JSON.parse(hook.requests[3]!.body)).toMatchObject({ kind: "incident.acknowledged" });
      await age(incident.id, 120);
      await sleep(2000);
      expect(hook.requests).toHaveLength(4);
      expect((await suite.env.caller.incident.get({ workspaceSlug: suite.env.slug, id: incident.id })).timeline.filter((e) => e.kind === "reminder")).toHaveLength(2);
    } finally {
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await hook.close();
    }
  }, 120_000);

  it("a guardrail without an interval never reminds; the field is validated (at least 5 minutes); two passes at once remind once", async () => {
    const nb = await prisma.notebook.findFirstOrThrow({ where: { workspaceId, title: "Reminders" } });
    await expect(
      suite.env.caller.guardrail.create({
        workspaceSlug: suite.env.slug,
        modelSlug: "payments",
        guardrail: { name: "too chatty", notebookId: nb.id, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.8, renotifyMinutes: 1 },
      }),
    ).rejects.toThrow(/renotifyMinutes/);
    const { sendDueReminders } = await import("@/server/control/incidents/reminders");
    const g = await suite.env.caller.guardrail.create({
      workspaceSlug: suite.env.slug,
      modelSlug: "payments",
      guardrail: { name: "quiet AUC", notebookId: nb.id, cellId: "quality", metric: "roc_auc", op: "<", fail: 0.9 },
    });
    const run = await finishedRun(prisma, { id: nb.id, workspaceId, modelId }, "quality", output("quality.binary", [cohort("all", 600, { roc_auc: 0.7 })]));
    await evaluateThroughWorker(prisma, run);
    const incident = await prisma.incident.findFirstOrThrow({ where: { guardrailId: g.id } });
    await age(incident.id, 24 * 60);
    const r = await sendDueReminders(prisma);
    expect(r.reminded).not.toContain(incident.id);

    // with an interval, reminder passes at the same moment (the worker's and two here) send one reminder
    const hook = await receiver();
    try {
      await prisma.notificationChannel.create({
        data: { workspaceId, name: "hook 2", kind: "webhook", config: JSON.stringify({ url: hook.url, secret: SECRET }), severities: JSON.stringify(["info", "warning", "critical"]), enabled: true },
      });
      await prisma.guardrail.update({ where: { id: g.id }, data: { renotifyMinutes: 60 } });
      const now = new Date();
      // (the worker's timer, another process, races these two as well)
      const both = await Promise.all([sendDueReminders(prisma, now), sendDueReminders(prisma, now)]);
      expect(both.reduce((sum, b) => sum + b.reminded.filter((id) => id === incident.id).length, 0)).toBeLessThanOrEqual(1);
      await waitFor("the reminder", async () => (await prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: "reminder" } })) > 0, 10_000);
      await sleep(1500);
      expect(await prisma.notificationDelivery.count({ where: { groupKey: incident.id, eventKind: "incident.reminder" } })).toBe(1);
      expect(await prisma.incidentEvent.count({ where: { incidentId: incident.id, kind: "reminder" } })).toBe(1);
      // and right after it, nothing is due
      expect((await sendDueReminders(prisma)).reminded).not.toContain(incident.id);
    } finally {
      await prisma.notificationChannel.deleteMany({ where: { workspaceId } });
      await hook.close();
    }
  }, 60_000);
});

import { describe, expect, it } from "vitest";
import { isolate, freePort, waitFor, sleep } from "../notebooks/harness";
import { NOTIFY_ENV } from "./env";
import { receiverPool } from "./receiver";
import { startSmtp } from "./smtp";

Object.assign(process.env, NOTIFY_ENV);
const db = isolate("notifych");
const { workerSuite } = await import("../notebooks/worker-suite");
const { prisma } = await import("@/server/db/client");
const { channel, enqueue, event, workspace } = await import("./setup");
const { callerFor, createWorkspaceWith, signUp, uniqueEmail } = await import("../../helpers/auth");

const servers = receiverPool();
const receiver = servers.start;
workerSuite("notifych", { dispose: () => db.dispose(), workspace: false, workerEnv: NOTIFY_ENV, after: servers.closeAll });

describe("channel payloads", () => {
  it("Slack: text + blocks, the idempotency key in a header and in the body", async () => {
    const ws = await workspace("slack");
    const rx = await receiver();
    await channel(ws.id, "slack", { webhookUrl: rx.url });
    const ev = event(ws.id, { title: "PSI 0.31 > 0.25 on <amount>" });
    await enqueue(ev);
    await waitFor("the Slack message", async () => rx.received.length === 1);
    const body = JSON.parse(rx.received[0]!.body);
    const key = rx.received[0]!.headers["idempotency-key"] as string;
    expect(typeof body.text).toBe("string");
    expect(body.text).toContain(ev.url);
    expect(body.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    expect(body.blocks.every((b: { type: string }) => ["header", "section", "context"].includes(b.type))).toBe(true);
    expect(body.blocks[0].text.text).toContain("on <amount>"); // plain_text: shown as typed
    expect(body.text).toContain("on &lt;amount&gt;"); // mrkdwn: escaped, so no injected links or mentions
    const mrkdwn = JSON.stringify(body.blocks);
    expect(mrkdwn).toContain(`<${ev.url}|Open in evalbook>`);
    expect(mrkdwn).toContain(key);
  });

  it("PagerDuty: dedup_key = groupKey; trigger, acknowledge, resolve follow the incident", async () => {
    const ws = await workspace("pd");
    const rx = await receiver(() => 202, "/v2/enqueue");
    // Critical only: the acknowledge and resolve (severity info) follow the incident all the same.
    await channel(ws.id, "pagerduty", { routingKey: "R0UT1NGKEY0123456789abcdefabcdef", eventsUrl: rx.url }, { severities: ["critical"] });
    const base = event(ws.id, { severity: "critical" });
    for (const [i, kind] of (["incident.opened", "incident.acknowledged", "incident.resolved"] as const).entries()) {
      await enqueue({ ...base, kind, severity: kind === "incident.opened" ? "critical" : "info", eventKey: `${base.groupKey}:${kind}` });
      await waitFor(`PagerDuty event ${kind}`, async () => rx.received.length === i + 1);
    }
    const bodies = rx.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
    for (const b of bodies) {
      expect(b.routing_key).toBe("R0UT1NGKEY0123456789abcdefabcdef");
      expect(b.dedup_key).toBe(base.groupKey);
    }
    expect(bodies[0].payload).toMatchObject({ severity: "critical", source: "evalbook", custom_details: { metric: "auc", value: 0.64 } });
    // An unrelated info event does not reach the critical-only channel.
    await enqueue(event(ws.id, { severity: "info" }));
    await sleep(800);
    expect(rx.received).toHaveLength(3);
    expect(bodies[0].payload.summary).toContain(base.title);
    expect(bodies[0].payload.custom_details.idempotency_key).toBe(rx.received[0]!.headers["idempotency-key"]);
    expect(bodies[0].links[0]).toEqual({ href: base.url, text: "Incident in evalbook" });
    expect(bodies[0].links[1].href).toBe(base.runbooks[0]!.url);
  });

  it("email: an SMTP server receives the message with the idempotency key", async () => {
    const smtp = await startSmtp();
    servers.track(smtp);
    const ws = await workspace("mail");
    const ch = await channel(ws.id, "email", { to: ["oncall@example.com", "ml@example.com"], from: "evalbook <alerts@example.com>", smtpUrl: smtp.url });
    const ev = event(ws.id);
    await enqueue(ev);
    await waitFor("the email", async () => smtp.mails.length === 1);
    const [mail] = smtp.mails;
    expect(mail!.from).toBe("alerts@example.com");
    expect(mail!.to.sort()).toEqual(["ml@example.com", "oncall@example.com"]);
    const delivery = await waitFor("the row to be sent", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }));
    expect(mail!.data).toMatch(/^Subject: \[evalbook critical\] AUC below 0\.70 for cohort tier=gold \(Payments\)$/m);
    expect(mail!.data).toContain(`Idempotency-Key: ${delivery.idempotencyKey}`);
    expect(mail!.data).toContain(ev.url);
    expect(delivery.statusCode).toBe(250);
  });
});

describe("failures", () => {
  it("switches a channel off after N consecutive failures; other channels are unaffected", async () => {
    const ws = await workspace("down");
    const deadPort = await freePort(); // nothing listens there
    const healthy = await receiver();
    const down = await channel(ws.id, "webhook", { url: `http://127.0.0.1:${deadPort}/hook`, secret: "d".repeat(16) }, { disableAfterFailures: 3 });
    const ok = await channel(ws.id, "webhook", { url: healthy.url, secret: "h".repeat(16) });
    const events = [event(ws.id), event(ws.id)];
    for (const ev of events) await enqueue(ev);

    const off = await waitFor("the channel to be switched off", async () => {
      const c = await prisma.notificationChannel.findUniqueOrThrow({ where: { id: down.id } });
      return c.enabled ? null : c;
    }, 20_000);
    expect(off.disabledReason).toMatch(/switched off after 3 consecutive failed deliveries \(last: .*ECONNREFUSED/);
    expect(off.disabledAt).not.toBeNull();
    // Every pending delivery of that channel ends as failed, none stays pending forever.
    await waitFor("the dead channel's deliveries to fail", async () => (await prisma.notificationDelivery.count({ where: { channelId: down.id, status: "pending" } })) === 0, 20_000);
    const attempts = await prisma.notificationAttempt.findMany({ where: { channelId: down.id } });
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.every((a) => !a.ok && a.statusCode === null && /ECONNREFUSED/.test(a.error ?? ""))).toBe(true);

    await waitFor("the healthy channel's deliveries", async () => healthy.received.length === 2);
    const okChannel = await prisma.notificationChannel.findUniqueOrThrow({ where: { id: ok.id } });
    expect(okChannel).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    expect(await prisma.notificationDelivery.count({ where: { channelId: ok.id, status: "sent" } })).toBe(2);

    // A switched-off channel gets no new rows; the healthy one does.
    const later = event(ws.id);
    expect(await enqueue(later)).toBe(1);
    expect((await prisma.notificationDelivery.findFirstOrThrow({ where: { eventKey: later.eventKey } })).channelId).toBe(ok.id);
  }, 40_000);

  it("does not follow a redirect to another host and does not retry it", async () => {
    const ws = await workspace("redirect");
    const elsewhere = await receiver();
    const redirecting = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    const ch = await channel(ws.id, "webhook", { url: redirecting.url, secret: "r".repeat(16) });
    await enqueue(event(ws.id));
    const failed = await waitFor("the delivery to fail", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "failed" } }));
    expect(failed.statusCode).toBe(307);
    expect(failed.attempts).toBe(1);
    expect(failed.error).toBe(`redirect to ${elsewhere.url} not followed: configure the final URL`);
    await sleep(300);
    expect(redirecting.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe("notificationChannel router", () => {
  it("creates channels with masked secrets, keeps a secret left empty, sends a test, shows the log", async () => {
    const admin = await signUp(uniqueEmail("notify-admin"));
    const viewer = await signUp(uniqueEmail("notify-viewer"));
    const slug = `notify-router-${Date.now()}`;
    await createWorkspaceWith(slug, [
      { userId: admin.userId, role: "admin" },
      { userId: viewer.userId, role: "viewer" },
    ]);
    const asAdmin = await callerFor(admin.cookie);
    const asViewer = await callerFor(viewer.cookie);
    const rx = await receiver();
    const secret = "topsecret-signing-key-42";

    await expect(asAdmin.notificationChannel.create({ workspaceSlug: slug, name: "bad", kind: "webhook", severities: ["critical"], config: { url: "ftp://x", secret } })).rejects.toThrow(/url: must be an http/);
    await expect(asAdmin.notificationChannel.create({ workspaceSlug: slug, name: "short", kind: "webhook", severities: ["critical"], config: { url: rx.url, secret: "short" } })).rejects.toThrow(/secret: use at least 16 characters/);
    const { id } = await asAdmin.notificationChannel.create({ workspaceSlug: slug, name: "ops hook", kind: "webhook", severities: ["warning", "critical"], config: { url: rx.url, secret } });

    const [listed] = await asViewer.notificationChannel.list({ workspaceSlug: slug });
    expect(listed).toMatchObject({ id, name: "ops hook", kind: "webhook", target: rx.url, enabled: true, severities: ["warning", "critical"] });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed!.config.secret).toBe("••••y-42");

    // Edit without retyping the secret: the stored one stays (the test below verifies with it).
    await asAdmin.notificationChannel.update({ workspaceSlug: slug, id, name: "ops hook 2", severities: ["critical"], config: { url: rx.url, secret: "" } });
    const stored = JSON.parse((await prisma.notificationChannel.findUniqueOrThrow({ where: { id } })).config);
    expect(stored.secret).toBe(secret);

    const result = await asAdmin.notificationChannel.sendTest({ workspaceSlug: slug, id });
    expect(result).toMatchObject({ status: "sent", statusCode: 200, attempts: 1, error: null });
    const { verifySignature } = await import("@/server/notifications/signing");
    expect(verifySignature(secret, rx.received[0]!.body, rx.received[0]!.headers["x-evalbook-signature"] as string)).toBe(true);
    expect(JSON.parse(rx.received[0]!.body).kind).toBe("test");

    const log = await asViewer.notificationChannel.deliveries({ workspaceSlug: slug, channelId: id });
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ eventKind: "test", status: "sent", statusCode: 200, attempts: 1 });

    // Switched off by failures → "re-enable" clears the count and the reason.
    await prisma.notificationChannel.update({ where: { id }, data: { enabled: false, consecutiveFailures: 5, disabledAt: new Date(), disabledReason: "switched off after 5 consecutive failed deliveries" } });
    await expect(asAdmin.notificationChannel.sendTest({ workspaceSlug: slug, id })).rejects.toThrow(/switched off/);
    await asAdmin.notificationChannel.setEnabled({ workspaceSlug: slug, id, enabled: true });
    const [again] = await asAdmin.notificationChannel.list({ workspaceSlug: slug });
    expect(again).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });

    await expect(asViewer.notificationChannel.delete({ workspaceSlug: slug, id })).rejects.toThrow(/needs the admin role/);
    await asAdmin.notificationChannel.delete({ workspaceSlug: slug, id });
    expect(await asAdmin.notificationChannel.list({ workspaceSlug: slug })).toEqual([]);
  }, 40_000);
});

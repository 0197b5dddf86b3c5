import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, freePort, isolate, waitFor, sleep } from "../notebooks/harness";
import { NOTIFY_ENV } from "./env";
import { receiverPool } from "./receiver";
import { verifiedByReadmeProcedure } from "./readme-signature";

Object.assign(process.env, NOTIFY_ENV);
const db = isolate("notify");
const { workerSuite } = await import("../notebooks/worker-suite");
const { prisma } = await import("@/server/db/client");
const { channel, enqueue, event, workspace } = await import("./setup");
const { enqueueNotifications, kickDeliveries } = await import("@/server/notifications/outbox");

const servers = receiverPool();
const receiver = servers.start;
const suite = workerSuite("notify", { dispose: () => db.dispose(), workspace: false, workerEnv: NOTIFY_ENV, after: servers.closeAll });

const debug = () => suite.worker.output().slice(-3000);

describe("notification outbox → queue → receiver", () => {
  it("delivers a signed webhook that verifies with the documented procedure", async () => {
    const ws = await workspace("hook");
    const secret = "s3cret-signing-key-0123456789";
    const rx = await receiver();
    const ch = await channel(ws.id, "webhook", { url: rx.url, secret });
    const ev = event(ws.id);
    expect(await enqueue(ev)).toBe(1);

    await waitFor("the webhook to arrive", async () => rx.received.length === 1, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${debug()}`);
    });
    const [req] = rx.received;
    const body = JSON.parse(req!.body);
    expect(verifiedByReadmeProcedure(secret, req!.body, String(req!.headers["x-evalbook-signature"]))).toBe(true);
    expect(verifiedByReadmeProcedure("another-secret-0123456789", req!.body, String(req!.headers["x-evalbook-signature"]))).toBe(false);
    expect(verifiedByReadmeProcedure(secret, req!.body.replace("0.64", "0.99"), String(req!.headers["x-evalbook-signature"]))).toBe(false);
    expect(req!.headers["idempotency-key"]).toMatch(/^evb_[0-9a-f]{40}$/);
    expect(body.idempotencyKey).toBe(req!.headers["idempotency-key"]);
    expect(body).toMatchObject({ kind: "incident.opened", groupKey: ev.groupKey, eventKey: ev.eventKey, severity: "critical", url: ev.url, model: ev.model, details: ev.details });

    const delivery = await waitFor("the row to be sent", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }));
    expect(delivery).toMatchObject({ attempts: 1, statusCode: 200, idempotencyKey: body.idempotencyKey });
    expect(delivery.latencyMs).toBeGreaterThanOrEqual(0);
    const log = await prisma.notificationAttempt.findMany({ where: { deliveryId: delivery.id } });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ ok: true, statusCode: 200, attempt: 1 });
  }, 40_000);

  it("writes one delivery per matching channel, and nothing for a replayed eventKey", async () => {
    const ws = await workspace("dedupe");
    const rx = await receiver();
    const critical = await channel(ws.id, "webhook", { url: rx.url, secret: "x".repeat(16) }, { severities: ["critical"] });
    await channel(ws.id, "webhook", { url: rx.url, secret: "y".repeat(16) }, { severities: ["info"] });
    const ev = event(ws.id, { severity: "critical" });
    expect(await enqueue(ev)).toBe(1);
    expect(await enqueue(ev)).toBe(0);
    expect(await enqueue({ ...ev, title: "same key, other text" })).toBe(0);
    await waitFor("the delivery", async () => rx.received.length >= 1);
    await sleep(1500); // long enough for a duplicate to show up
    expect(rx.received).toHaveLength(1);
    expect(await prisma.notificationDelivery.count({ where: { eventKey: ev.eventKey } })).toBe(1);
    expect((await prisma.notificationDelivery.findFirstOrThrow({ where: { eventKey: ev.eventKey } })).channelId).toBe(critical.id);
  }, 30_000);

  it("sends nothing for rows written in a rolled-back transaction", async () => {
    const ws = await workspace("rollback");
    const rx = await receiver();
    await channel(ws.id, "webhook", { url: rx.url, secret: "z".repeat(16) });
    const ev = event(ws.id);
    await expect(
      prisma.$transaction(async (tx) => {
        expect(await enqueueNotifications(tx, ev)).toBe(1);
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    await kickDeliveries();
    await sleep(1500); // the worker drains every 500 ms here
    expect(await prisma.notificationDelivery.count({ where: { eventKey: ev.eventKey } })).toBe(0);
    expect(rx.received).toHaveLength(0);
  }, 30_000);

  it("retries a receiver that fails 3 times, then delivers once with the same idempotency key", async () => {
    const ws = await workspace("flaky");
    const rx = await receiver((n) => (n < 3 ? 503 : 200));
    const ch = await channel(ws.id, "webhook", { url: rx.url, secret: "f".repeat(16) });
    await enqueue(event(ws.id));
    const delivery = await waitFor("the delivery to succeed", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }), 20_000);
    await sleep(500);
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.headers["idempotency-key"]))).toEqual(new Set([delivery.idempotencyKey]));
    expect(delivery.attempts).toBe(4);
    const log = await prisma.notificationAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { attempt: "asc" } });
    expect(log.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([[1, false, 503], [2, false, 503], [3, false, 503], [4, true, 200]]);
    // backoff grows: the gaps between tries double (100, 200, 400 ms base)
    const gaps = rx.received.slice(1).map((r, i) => r.at - rx.received[i]!.at);
    expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
    expect((await prisma.notificationChannel.findUniqueOrThrow({ where: { id: ch.id } })).consecutiveFailures).toBe(0);
  }, 30_000);

  it("the README's example receiver verifies a real delivery and refuses a forged one", async () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- notifications-receiver[^>]*-->\s*```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, "README has the example receiver").toBeTruthy();
    expect(block!.trim().split("\n").length).toBeLessThanOrEqual(10);
    const dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-readme-receiver-"));
    writeFileSync(path.join(dir, "receiver.mjs"), block!);
    const port = await freePort();
    const secret = "readme-secret-0123456789";
    let out = "";
    const child = spawn(process.execPath, [path.join(dir, "receiver.mjs")], { env: { ...process.env, PORT: String(port), EVALBOOK_WEBHOOK_SECRET: secret }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    try {
      const url = `http://127.0.0.1:${port}/evalbook`;
      const forged = await waitFor("the example receiver to listen", () => fetch(url, { method: "POST", body: "{}", headers: { "x-evalbook-signature": `t=${Math.floor(Date.now() / 1000)},v1=${"0".repeat(64)}` } }).catch(() => null), 10_000);
      expect(forged.status).toBe(401);
      const ws = await workspace("readme");
      const ch = await channel(ws.id, "webhook", { url, secret });
      await enqueue(event(ws.id));
      const sent = await waitFor("the delivery to the example receiver", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }), 20_000);
      expect(sent.statusCode).toBe(200);
      await waitFor("the receiver's log line", async () => out.includes(sent.idempotencyKey), 5000);
      expect(out).toContain(`event incident.opened ${sent.idempotencyKey}`);
    } finally {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40_000);
});

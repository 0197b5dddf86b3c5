import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { isolate, spawnWorker, stopWorker, waitFor, sleep, type WorkerProc } from "../notebooks/harness";
import { NOTIFY_ENV } from "./env";
import { startReceiver, type Receiver } from "./receiver";

Object.assign(process.env, NOTIFY_ENV);
const db = isolate("notifyrec");
const { prisma } = await import("@/server/db/client");
const { closeProducer, getQueue } = await import("@/server/jobs/queues");
const { channel, enqueue, event, workspace } = await import("./setup");

const workers: WorkerProc[] = [];
const receivers: Receiver[] = [];
afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await Promise.all(receivers.map((r) => r.close()));
  await closeProducer();
  await prisma.$disconnect();
  await db.dispose();
});

async function worker(tag: string) {
  const w = await spawnWorker(`${tag}-${process.pid}`, NOTIFY_ENV);
  workers.push(w);
  return w;
}

/** Deletes only this test file's keys (its QUEUE_PREFIX), never the whole database. */
async function flushOurKeys(): Promise<number> {
  const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
  redis.on("error", () => {});
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${process.env.QUEUE_PREFIX}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

describe("the database is the truth for deliveries", () => {
  it("a worker SIGKILLed before its send completed: a new worker sends it, with the same idempotency key, marked sent once", async () => {
    const ws = await workspace("kill");
    // The first request is never answered (the worker dies holding it); later ones get 200.
    const rx = await startReceiver((n) => (n === 0 ? "hang" : 200));
    receivers.push(rx);
    const ch = await channel(ws.id, "webhook", { url: rx.url, secret: "k".repeat(16) });
    const a = await worker("notify-kill-A");
    await enqueue(event(ws.id));
    await waitFor("worker A to be sending", async () => rx.received.length === 1, 20_000);
    a.kill("SIGKILL");
    await waitFor("worker A to die", async () => a.child.exitCode !== null || a.child.signalCode !== null, 5000);
    const row = await prisma.notificationDelivery.findFirstOrThrow({ where: { channelId: ch.id } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, sentAt: null });

    const b = await worker("notify-kill-B");
    const sent = await waitFor("worker B to send it", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\nB:\n${b.output().slice(-3000)}`);
    });
    await sleep(1000);
    expect(rx.received).toHaveLength(2);
    expect(rx.received.map((r) => r.headers["idempotency-key"])).toEqual([row.idempotencyKey, row.idempotencyKey]);
    expect(sent.attempts).toBe(2);
    const log = await prisma.notificationAttempt.findMany({ where: { deliveryId: sent.id } });
    // A died before it could log its attempt; B's attempt is the one success.
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ ok: true, attempt: 2, workerId: b.id });
    await stopWorker(b);
  }, 150_000);

  it("Redis emptied after the commit (only this test's keys): the outbox is drained from the database by the next worker", async () => {
    const ws = await workspace("flush");
    const rx = await startReceiver();
    receivers.push(rx);
    const ch = await channel(ws.id, "webhook", { url: rx.url, secret: "q".repeat(16) });
    const ev = event(ws.id);
    await enqueue(ev); // no worker runs now: the job waits in Redis…
    const queue = await getQueue("notificationDelivery");
    expect((await queue.getJobCounts()).waiting).toBeGreaterThanOrEqual(1);
    await closeProducer();
    expect(await flushOurKeys()).toBeGreaterThan(0); // …and is lost.
    expect(rx.received).toHaveLength(0);

    const c = await worker("notify-flush-C");
    const sent = await waitFor("the drained delivery", () => prisma.notificationDelivery.findFirst({ where: { channelId: ch.id, status: "sent" } }), 30_000).catch((e: Error) => {
      throw new Error(`${e.message}\nC:\n${c.output().slice(-3000)}`);
    });
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]!.headers["idempotency-key"]).toBe(sent.idempotencyKey);
    expect(c.output()).toContain("queued pending notifications from the outbox");
    await stopWorker(c);
  }, 150_000);
});

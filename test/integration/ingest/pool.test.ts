/**
 * The ingest threads (server/ingest/pool.ts) with real threads and a real SQLite file: a batch is
 * parsed, validated and stored in a thread (its rejections reported like inline), a body error
 * comes back as the same 400, a thread that dies fails its batch with 503 (resend) and is replaced,
 * and a full queue refuses at once with 503 + Retry-After instead of piling up. Pages first: while
 * the web server counts pages in flight, one batch at a time goes to the threads, which run at a
 * lower priority.
 */
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../helpers/db";

const db = createTestDatabase({ useAsDefault: true });
const { IngestPool } = await import("../../../server/ingest/pool");
const { predictionRepository } = await import("../../../server/predictions");
const { createModel } = await import("../../../server/services/models");
const { errorResponse } = await import("../../../server/api/v1/errors");
const { DomainError } = await import("../../../server/domain/errors");
type ModelRef = import("../../../server/predictions").ModelRef;

let model: ModelRef;
const pools: InstanceType<typeof IngestPool>[] = [];
beforeAll(async () => {
  const ws = await db.prisma.workspace.create({ data: { slug: "pool", name: "Pool" } });
  await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug: "m", name: "M", task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  model = (await predictionRepository().findModel(ws.id, "m"))!;
}, 60_000);
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await db.dispose();
});

const body = (from: number, n: number, extra = "") =>
  new TextEncoder().encode(
    JSON.stringify(Array.from({ length: n }, (_, i) => ({ requestId: `p-${from + i}`, timestamp: Date.UTC(2026, 9, 1) + i, features: { x: i }, prediction: 0.5 }))).slice(0, -1) + extra + "]",
  );
const task = (b: Uint8Array) => ({ kind: "predictions" as const, model, body: b, contentType: "application/json", maxRows: 50_000, now: Date.UTC(2026, 9, 2) });

describe("IngestPool", () => {
  it("stores a batch in a thread, with rejections and duplicates as inline", async () => {
    const pool = new IngestPool({ size: 2, maxQueued: 8 });
    pools.push(pool);
    const results = await Promise.all([pool.run(task(body(0, 500))), pool.run(task(body(500, 500, ', {"requestId": 7}')))]);
    expect(results[0]).toMatchObject({ accepted: 500, duplicates: 0, rejected: [] });
    expect(results[1]).toMatchObject({ accepted: 500, duplicates: 0, rejected: [{ index: 500, field: "requestId" }] });
    expect(await pool.run(task(body(0, 10)))).toMatchObject({ accepted: 0, duplicates: 10 });
    expect(pool.threads).toBe(2);
    const window = await predictionRepository().loadWindow({ modelId: model.id, version: "v1", from: 0, to: Date.UTC(2027, 0, 1) });
    expect(window.frame.length).toBe(1000);

    const broken = await pool.run(task(new TextEncoder().encode("[{"))).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(DomainError);
    expect(errorResponse(broken, "r").status).toBe(400);
  });

  it("refuses with 503 + Retry-After when every thread is busy and the queue is full", async () => {
    const pool = new IngestPool({ size: 1, perThread: 1, maxQueued: 1 });
    pools.push(pool);
    const running = pool.run(task(body(10_000, 2000))); // in the thread
    const queued = pool.run(task(body(20_000, 2000))); // waiting
    const refused = await pool.run(task(body(30_000, 10))).catch((e: unknown) => e);
    const res = errorResponse(refused, "r");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect((await res.json()).error.message).toMatch(/busy.*resend this batch in 1 s/);
    expect(await running).toMatchObject({ accepted: 2000 });
    expect(await queued).toMatchObject({ accepted: 2000 });
    expect(await pool.run(task(body(30_000, 10)))).toMatchObject({ accepted: 10 }); // room again
  });

  it("a thread that dies fails its batches with 503 and the next batch gets a fresh thread", async () => {
    const pool = new IngestPool({ size: 1, maxQueued: 4, timeoutMs: 30_000 });
    pools.push(pool);
    await pool.run(task(body(40_000, 10)));
    const slots = (pool as unknown as { slots: { worker: import("node:worker_threads").Worker }[] }).slots;
    const pending = pool.run(task(body(41_000, 5000))).catch((e: unknown) => e);
    await slots[0]!.worker.terminate(); // what an out-of-memory or native crash looks like from here
    const err = await pending;
    expect(errorResponse(err, "r").status).toBe(503);
    const resent = await pool.run(task(body(41_000, 5000))); // stored once, whether or not the dead thread had committed it
    expect(resent.accepted + resent.duplicates).toBe(5000);
    expect((await predictionRepository().loadWindow({ modelId: model.id, version: "v1", from: 0, to: Date.UTC(2027, 0, 1) })).frame.length).toBe(1000 + 4010 + 10 + 5000);
    expect(pool.threads).toBe(1);
  });

  describe("pages first", () => {
    /** What scripts/web-server.mjs does as page requests begin and end. */
    const pages = (globalThis.evalbookPageActivity = { inFlight: 0, idle: new Set<() => void>() });
    const pagesDone = () => {
      pages.inFlight = 0;
      const waiting = [...pages.idle];
      pages.idle.clear();
      for (const fn of waiting) fn();
    };
    afterAll(pagesDone);

    it("holds all but one batch while pages render, and sends the rest when they are done", async () => {
      const pool = new IngestPool({ size: 2, maxQueued: 8, whilePages: 1 });
      pools.push(pool);
      pages.inFlight = 2;
      const runs = [0, 1, 2].map((k) => pool.run(task(body(60_000 + k * 1000, 1000))));
      expect(pool.queued).toBe(2);
      expect(await runs[0]).toMatchObject({ accepted: 1000 });
      expect(pool.queued).toBe(1); // the next one went when the first was done, not both
      pagesDone();
      expect(pool.queued).toBe(0);
      expect(await Promise.all(runs.slice(1))).toMatchObject([{ accepted: 1000 }, { accepted: 1000 }]);
    });

    it("refuses with 503 when the queue is full while pages hold it, though threads are free", async () => {
      const pool = new IngestPool({ size: 2, maxQueued: 1, whilePages: 1 });
      pools.push(pool);
      pages.inFlight = 1;
      const first = pool.run(task(body(70_000, 2000)));
      const held = pool.run(task(body(72_000, 10)));
      const refused = await pool.run(task(body(73_000, 10))).catch((e: unknown) => e);
      expect(errorResponse(refused, "r").status).toBe(503);
      pagesDone();
      expect(await first).toMatchObject({ accepted: 2000 });
      expect(await held).toMatchObject({ accepted: 10 });
    });

    it.runIf(process.platform === "linux")("runs the ingest threads at INGEST_THREAD_NICE (10), the web server's own thread at 0", async () => {
      const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);
      const pool = new IngestPool({ size: 1, maxQueued: 1 });
      pools.push(pool);
      await pool.run(task(body(80_000, 10)));
      const nices = readdirSync("/proc/self/task").map(nice);
      expect(nices.filter((n) => n === 10).length).toBeGreaterThanOrEqual(1);
      expect(nice(String(process.pid))).toBe(0);
    });
  });
});

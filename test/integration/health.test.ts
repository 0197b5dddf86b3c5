import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runHealthCheck } from "@/server/services/health";
import { closeProducer } from "@/server/jobs/queues";
import { prisma } from "@/server/db/client";
import { createApiKey } from "@/server/apikeys/keys";

const ROOT = path.resolve(__dirname, "../..");
const WORKER_ID = `health-test-worker-${process.pid}`;

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error(`worker did not exit within ${timeoutMs} ms`)), timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe("health check through a real worker process", () => {
  let worker: ChildProcess;
  let output = "";

  beforeAll(async () => {
    const ctx = inject("evalbook");
    expect(process.env.QUEUE_PREFIX).toBe(ctx.queuePrefix);
    // One process (node --import tsx), not the tsx CLI: the CLI relays SIGTERM to its child and
    // SIGKILLs it (exit 143) when the child does not acknowledge within 30 ms, which a loaded CI
    // machine misses.
    worker = spawn(process.execPath, ["--import", "tsx", "server/worker.ts"], {
      cwd: ROOT,
      env: { ...process.env, EVALBOOK_WORKER_ID: WORKER_ID, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so afterAll can end it and anything it started if a test fails half-way.
      detached: true,
    });
    worker.stdout!.on("data", (d) => (output += d));
    worker.stderr!.on("data", (d) => (output += d));
    // Ready when it logs "worker ready". Generous: a cold tsx transform on a loaded 2-core CI
    // machine has been seen to take 30 s+.
    const deadline = Date.now() + 100_000;
    while (!output.includes("worker ready")) {
      if (worker.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`worker not ready after 100 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    if (worker?.pid && worker.exitCode === null) {
      try {
        process.kill(-worker.pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    await closeProducer();
    await prisma.$disconnect();
  });

  it("completes the HealthCheck row in the database, by that worker", async () => {
    const result = await runHealthCheck({ timeoutMs: 10_000 });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.workerId).toBe(WORKER_ID);
    expect(result.workersOnline).toBeGreaterThanOrEqual(1);
    expect(result.queue).toMatchObject({ failed: 0 });
    const row = await prisma.healthCheck.findUniqueOrThrow({ where: { id: result.healthCheckId! } });
    expect(row.completedAt).toBeInstanceOf(Date);
    expect(row.workerId).toBe(WORKER_ID);
  });

  it("answers anonymous callers with the shallow check: no row written, no worker named", async () => {
    const { GET } = await import("@/app/api/health/route");
    const before = await prisma.healthCheck.count();
    for (let i = 0; i < 5; i++) {
      const res = await GET(new Request("http://x/api/health", { headers: { "x-evalbook-peer": "203.0.113.9", "x-forwarded-for": "127.0.0.1" } }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toEqual({ ok: true, check: "shallow" });
    }
    expect(await prisma.healthCheck.count()).toBe(before);
  });

  it("runs the deep check for an API key, and prunes rows older than an hour", async () => {
    const { GET } = await import("@/app/api/health/route");
    const ws = await prisma.workspace.create({ data: { slug: `health-${Date.now()}`, name: "health" } });
    const { secret } = await createApiKey(prisma, ws.id, { id: null, label: "test" }, { name: "probe" });
    const old = await prisma.healthCheck.create({ data: { requestedAt: new Date(Date.now() - 2 * 60 * 60_000) } });
    const res = await GET(new Request("http://x/api/health", { headers: { authorization: `Bearer ${secret}`, "x-evalbook-peer": "203.0.113.9" } }));
    const body = (await res.json()) as { ok: boolean; check: string; workerId?: string };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, check: "deep", workerId: WORKER_ID });
    expect(await prisma.healthCheck.findUnique({ where: { id: old.id } })).toBeNull();
    const bad = await GET(new Request("http://x/api/health", { headers: { authorization: "Bearer eb_live_not-a-real-key-at-all-000000", "x-evalbook-peer": "203.0.113.9" } }));
    expect(await bad.json()).toEqual({ ok: true, check: "shallow" });
  }, 30_000);

  it("stops cleanly on SIGTERM (exit 0 within a few seconds)", async () => {
    const t = Date.now();
    worker.kill("SIGTERM");
    const { code, signal } = await waitForExit(worker, 10_000);
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it("reports 'no worker' instead of hanging once the worker is gone", async () => {
    const result = await runHealthCheck({ timeoutMs: 500 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/No worker completed the health job/);
  });
});

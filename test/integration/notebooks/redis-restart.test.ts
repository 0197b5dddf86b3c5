import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrivateRedis, freePort, isolate, spawnWorker, stopWorker, waitFor, type WorkerProc } from "./harness";

// Our own redis-server on a free port: this test empties it; the shared one is never touched.
const redis = new PrivateRedis(await freePort());
redis.start();
await redis.waitUp();
process.env.REDIS_URL = redis.url;

const db = isolate("nbredis");
const { workspaceWithModel } = await import("./setup-workspace");
const { slowNotebook, waitForRun } = await import("./faults");
const { prisma } = await import("@/server/db/client");
const { closeProducer } = await import("@/server/jobs/queues");

let env: Awaited<ReturnType<typeof workspaceWithModel>>;
let worker: WorkerProc | undefined;

beforeAll(async () => {
  [env, worker] = await Promise.all([workspaceWithModel("nbredis"), spawnWorker(`nbredis-${process.pid}`)]);
}, 120_000);
afterAll(async () => {
  await stopWorker(worker);
  await closeProducer();
  await prisma.$disconnect();
  await db.dispose();
  redis.dispose();
});

describe("Redis restarted empty mid-run", () => {
  it("the reconciler re-enqueues what the database says is pending and the run completes", async () => {
    const notebookId = await slowNotebook(env, "redis", 4, 1500);
    const { runId } = await env.caller.notebook.run({ workspaceSlug: env.slug, notebookId });
    await waitFor("a cell to be running", async () => (await prisma.runCell.count({ where: { runId, status: "running" } })) > 0);

    redis.stop(); // SHUTDOWN NOSAVE: every job, flow and lock is gone
    await redis.waitDown();
    redis.start();
    await redis.waitUp();

    const run = await waitForRun(env, runId, 60_000, () => worker!.output().slice(-5000));
    expect(run.status).toBe("succeeded");
    expect(run.cells.every((c) => c.status === "succeeded" && c.result !== null)).toBe(true);
    expect(await prisma.runCell.count({ where: { runId } })).toBe(4);
    expect(worker!.output()).toMatch(/re-enqueued cells whose jobs Redis no longer had|assembled a run whose assemble job was lost/);
  }, 90_000);
});

import { describe, expect, it } from "vitest";
import { PrivateRedis, freePort, isolate, waitFor } from "./harness";

// Our own redis-server on a free port: this test empties it; the shared one is never touched.
const redis = new PrivateRedis(await freePort());
redis.start();
await redis.waitUp();
process.env.REDIS_URL = redis.url;

const db = isolate("nbredis");
const { workerSuite } = await import("./worker-suite");
const { slowNotebook } = await import("./faults");
const { prisma } = await import("@/server/db/client");

const suite = workerSuite("nbredis", {
  dispose: async () => {
    await db.dispose();
    redis.dispose();
  },
});

describe("Redis restarted empty mid-run", () => {
  it("the reconciler re-enqueues what the database says is pending and the run completes", async () => {
    const notebookId = await slowNotebook(suite.env, "redis", 4, 1500);
    const { runId } = await suite.env.caller.notebook.run({ workspaceSlug: suite.env.slug, notebookId });
    await waitFor("a cell to be running", async () => (await prisma.runCell.count({ where: { runId, status: "running" } })) > 0);

    redis.stop(); // SHUTDOWN NOSAVE: every job, flow and lock is gone
    await redis.waitDown();
    redis.start();
    await redis.waitUp();

    const run = await suite.finishedRun(runId, 60_000);
    expect(run.status).toBe("succeeded");
    expect(run.cells.every((c) => c.status === "succeeded" && c.result !== null)).toBe(true);
    expect(await prisma.runCell.count({ where: { runId } })).toBe(4);
    expect(suite.worker.output()).toMatch(/re-enqueued cells whose jobs Redis no longer had|assembled a run whose assemble job was lost/);
  }, 90_000);
});

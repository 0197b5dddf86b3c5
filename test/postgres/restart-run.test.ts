/**
 * PostgreSQL restarted during a notebook run (a throwaway cluster stopped with `pg_ctl -m
 * immediate` while a worker process runs the cells): the run still finishes, every cell once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ThrowawayPostgres } from "../helpers/pg-cluster";
import { FAST_ENV, freePort, sleep, spawnWorker, stopWorker, waitFor, type WorkerProc } from "../integration/notebooks/harness";

// Before any server module is imported: they read DATABASE_URL and QUEUE_PREFIX once.
const cluster = new ThrowawayPostgres(await freePort());
cluster.start();
process.env.PG_URL = cluster.url;
process.env.QUEUE_PREFIX = `${inject("evalbook").queuePrefix}:pgrestart`;
Object.assign(process.env, FAST_ENV);
const { createPgTestDatabase } = await import("../helpers/pg");
await createPgTestDatabase({ useAsDefault: true });
const { workspaceWithModel } = await import("../integration/notebooks/setup-workspace");
const { slowNotebook, waitForRun } = await import("../integration/notebooks/faults");
const { prisma } = await import("@/server/db/client");
const { closeProducer } = await import("@/server/jobs/queues");

let env: Awaited<ReturnType<typeof workspaceWithModel>>;
let worker: WorkerProc | undefined;

beforeAll(async () => {
  [env, worker] = await Promise.all([workspaceWithModel("pgrestart"), spawnWorker(`pgrestart-${process.pid}`)]);
}, 120_000);
afterAll(async () => {
  await stopWorker(worker);
  await closeProducer();
  await prisma.$disconnect().catch(() => {});
  cluster.dispose();
});

/** The test's own reads may hit the restart too: retry them like a client would. */
const tolerant = <T>(fn: () => Promise<T>) => async () => fn().catch(() => null);

describe("PostgreSQL restarted during a run", () => {
  it("the run finishes after the database is back, each cell once", async () => {
    const notebookId = await slowNotebook(env, "pg-restart", 3, 2500);
    const { runId } = await env.caller.notebook.run({ workspaceSlug: env.slug, notebookId });
    await waitFor("a cell to be running", tolerant(async () => (await prisma.runCell.count({ where: { runId, status: "running" } })) > 0));

    cluster.stop();
    await sleep(3000);
    cluster.start();

    const run = await waitFor("the run to finish", tolerant(() => waitForRun(env, runId, 5_000, () => worker!.output())), 60_000, 500);
    expect(run.status, worker!.output().slice(-4000)).toBe("succeeded");
    expect(run.cells).toHaveLength(3);
    for (const cell of run.cells) expect(cell.status).toBe("succeeded");
    expect(run.summary?.cells).toEqual({ succeeded: 3, failed: 0, cancelled: 0 });
  }, 120_000);
});

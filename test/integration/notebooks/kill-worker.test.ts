import { describe, expect, it } from "vitest";
import { isolate, waitFor, type WorkerProc } from "./harness";

const db = isolate("nbkill");
const { workerSuite } = await import("./worker-suite");
const { slowNotebook, waitForRun } = await import("./faults");
const { prisma } = await import("@/server/db/client");

const suite = workerSuite("nbkill", { dispose: () => db.dispose(), workers: 2 });

describe("a worker SIGKILLed mid-run", () => {
  it("another worker finishes the run; every cell has exactly one result", async () => {
    const { env } = suite;
    const [a, b] = suite.workers as [WorkerProc, WorkerProc];
    const notebookId = await slowNotebook(env, "kill", 4, 4000);
    const { runId } = await env.caller.notebook.run({ workspaceSlug: env.slug, notebookId });
    // Workers A and B each take cells (2 at a time); A is killed while its cells are running.
    const onA = await waitFor("worker A to be running cells", async () => {
      const cells = await prisma.runCell.findMany({ where: { runId, status: "running", workerId: a.id } });
      return cells.length ? cells : null;
    });
    a.kill("SIGKILL");
    // Only cells still running on A after the kill count (A cannot have finished them any more).
    const orphaned = await prisma.runCell.findMany({ where: { id: { in: onA.map((c) => c.id) }, status: "running", workerId: a.id } });
    expect(orphaned.length).toBeGreaterThan(0);
    const run = await waitForRun(env, runId, 45_000, () => `A:\n${a.output().slice(-2000)}\nB:\n${b.output().slice(-3000)}`);

    expect(run.status).toBe("succeeded");
    expect(await prisma.runCell.count({ where: { runId } })).toBe(4);
    for (const cell of run.cells) {
      expect(cell.status).toBe("succeeded");
      expect(cell.result).not.toBeNull();
    }
    // The cells A was running when it died were finished by B, which picked them up after A's locks expired.
    for (const killed of orphaned) {
      const cell = run.cells.find((c) => c.id === killed.id)!;
      expect(cell.workerId).toBe(b.id);
      expect(cell.attempts).toBeGreaterThanOrEqual(1);
    }
    expect(run.summary?.cells).toEqual({ succeeded: 4, failed: 0, cancelled: 0 });
  }, 90_000);
});

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isolate, waitFor, type WorkerProc } from "./harness";

const db = isolate("nbthreads");
const { workerSuite } = await import("./worker-suite");
const { slowNotebook } = await import("./faults");

const IDLE_MS = 3000;
const suite = workerSuite("nbthreads", {
  dispose: () => db.dispose(),
  workerEnv: { EVALBOOK_EVAL_THREADS: "2", EVALBOOK_EVAL_THREAD_IDLE_MS: String(IDLE_MS), EVALBOOK_EVAL_THREAD_MAX_TASKS: "100" },
});

interface PoolLine {
  msg: string;
  threads: number;
  reason?: string;
}
function poolLines(w: WorkerProc): PoolLine[] {
  return w
    .output()
    .split("\n")
    .filter((l) => l.includes("evaluation thread"))
    .map((l) => JSON.parse(l) as PoolLine);
}
/** OS threads of the worker process (each evaluation thread is one). */
const osThreads = (w: WorkerProc) => readdirSync(`/proc/${w.child.pid}/task`).length;

describe("evaluation threads", () => {
  it("are spawned for the work, at most EVALBOOK_EVAL_THREADS, and gone after the idle period", async () => {
    const w = suite.worker;
    expect(poolLines(w)).toEqual([]); // none at start: spawned on demand

    const notebookId = await slowNotebook(suite.env, "threads", 4, 300);
    const { runId } = await suite.env.caller.notebook.run({ workspaceSlug: suite.env.slug, notebookId });
    const run = await suite.finishedRun(runId, 60_000);
    expect(run.status).toBe("succeeded");
    const whileAlive = osThreads(w);

    const started = poolLines(w).filter((l) => l.msg === "evaluation thread started");
    expect(started.length).toBe(2); // 4 cells, 2 at a time, threads reused
    expect(Math.max(...started.map((l) => l.threads))).toBe(2);

    const retired = await waitFor(
      "the evaluation threads to be retired",
      async () => {
        const lines = poolLines(w).filter((l) => l.msg === "evaluation thread retired");
        return lines.length === 2 ? lines : null;
      },
      IDLE_MS + 15_000,
    );
    expect(retired.map((l) => l.reason)).toEqual(["idle", "idle"]);
    expect(retired.at(-1)!.threads).toBe(0);
    // the OS threads are really gone (terminate() finishes shortly after the log line); under tsx
    // each evaluation thread also had a module-hooks thread of its own, which goes with it
    await waitFor("the OS threads to exit", async () => osThreads(w) <= whileAlive - 2, 10_000);

    // …and the next run spawns threads again
    const again = await suite.env.caller.notebook.run({ workspaceSlug: suite.env.slug, notebookId });
    expect((await suite.finishedRun(again.runId, 60_000)).status).toBe("succeeded");
    expect(poolLines(w).filter((l) => l.msg === "evaluation thread started").length).toBeGreaterThan(2);
  }, 120_000);
});

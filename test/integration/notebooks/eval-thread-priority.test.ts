/**
 * Evaluation threads run at EVALBOOK_EVAL_THREAD_NICE (19): the worker's own thread (job locks,
 * schedules) and pages, where they compete for the CPU, come first.
 */
import { readFileSync, readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { CellEvaluationError, EvalPool } from "../../../server/notebooks/eval-pool";
import type { CellTask } from "../../../server/notebooks/eval-thread-protocol";

const nice = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, "utf8").split(") ")[1]!.split(" ")[16]);

describe.runIf(process.platform === "linux")("evaluation thread priority", () => {
  const pool = new EvalPool({ size: 1, idleMs: 60_000, maxTasks: 10, heapMb: 256 });
  afterAll(() => pool.close());

  it("the thread runs at nice 19, the worker's own thread stays at 0", async () => {
    const before = new Set(readdirSync("/proc/self/task"));
    // A task the thread cannot evaluate: it answers with an error, after it has started.
    const failed = await pool.run({ taskId: 0 } as unknown as Omit<CellTask, "taskId">, 30_000).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CellEvaluationError);
    const added = readdirSync("/proc/self/task").filter((tid) => !before.has(tid));
    expect(added.map(nice)).toContain(19);
    expect(nice(String(process.pid))).toBe(0);
  });
});

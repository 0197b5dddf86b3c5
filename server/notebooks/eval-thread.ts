/**
 * Evaluation thread: loads a cell's window and reference and runs its evaluator, off the worker's
 * main event loop (see eval-pool.ts). One task at a time per thread.
 */
import { parentPort } from "node:worker_threads";
import type { CellTask, CellTaskReply } from "./eval-thread-protocol";
import { compareSelections, evaluateSelection, UnrecoverableCellError } from "./evaluation";
import { env } from "../env";
import { lowerThreadPriority } from "../threads/lower-priority";

if (!parentPort) throw new Error("eval-thread.ts must run in a worker thread");
const port = parentPort;

// The worker's own thread (job locks, schedules) and pages, where they compete, come first.
lowerThreadPriority(env.EVALBOOK_EVAL_THREAD_NICE, "evaluation thread");

port.on("message", async (task: CellTask) => {
  const started = performance.now();
  let reply: CellTaskReply;
  try {
    const output = task.comparison
      ? await compareSelections({ ...task, a: task.selection, b: task.comparison.b, labels: task.comparison.labels, economics: task.comparison.economics })
      : await evaluateSelection(task);
    reply = { taskId: task.taskId, ok: true, output, durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    const e = err as Error;
    reply = { taskId: task.taskId, ok: false, message: e?.message ?? String(err), unrecoverable: err instanceof UnrecoverableCellError };
  }
  port.postMessage(reply);
});

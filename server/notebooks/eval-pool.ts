/**
 * A small pool of worker threads that evaluate cells off the worker's event loop, so BullMQ's
 * lock renewal (and everything else on the main thread) keeps running while statistics crunch.
 *
 * Each task runs in a thread that loads the data and runs the evaluator (server/notebooks/eval-thread.ts).
 * A thread that crashes or exceeds the task timeout is terminated and replaced.
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { env } from "../env";
import type { CellTask, CellTaskReply } from "./eval-thread-protocol";

export class CellEvaluationError extends Error {
  constructor(
    message: string,
    readonly unrecoverable: boolean,
  ) {
    super(message);
    this.name = "CellEvaluationError";
  }
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Pending {
  task: CellTask;
  timeoutMs: number;
  resolve: (v: CellTaskReply & { ok: true }) => void;
  reject: (e: Error) => void;
}

function threadEntry(): { code: string; eval: boolean } | { file: string } {
  const ts = new URL("./eval-thread.ts", import.meta.url);
  const js = new URL("./eval-thread.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return { file: fileURLToPath(js) };
  // Running from TypeScript sources (tsx): register tsx's loader inside the thread first.
  return { code: `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`, eval: true };
}

export class EvalPool {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  run(task: Omit<CellTask, "taskId">, timeoutMs: number): Promise<CellTaskReply & { ok: true }> {
    if (this.closed) return Promise.reject(new CellEvaluationError("the evaluation pool is shut down", false));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, taskId: this.nextId++ }, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const entry = threadEntry();
    // A thread gets a copy of the process's environment (Node's default) and reads it through
    // server/env.ts like the main thread does.
    const worker = "file" in entry ? new Worker(entry.file) : new Worker(entry.code, { eval: true });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      this.dispatch(slot, job);
    }
  }

  private retire(slot: Slot) {
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate().catch(() => {});
  }

  private dispatch(slot: Slot, job: Pending) {
    slot.busy = true;
    const { worker } = slot;
    let done = false;
    const finish = (fn: () => void, healthy: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (healthy) slot.busy = false;
      else this.retire(slot);
      fn();
      this.pump();
    };
    const onMessage = (reply: CellTaskReply) => {
      if (reply.taskId !== job.task.taskId) return;
      if (reply.ok) finish(() => job.resolve(reply), true);
      else finish(() => job.reject(new CellEvaluationError(reply.message, reply.unrecoverable)), true);
    };
    const onError = (err: Error) => finish(() => job.reject(new CellEvaluationError(`evaluation thread crashed: ${err.message}`, false)), false);
    const onExit = (code: number) => finish(() => job.reject(new CellEvaluationError(`evaluation thread exited (code ${code})`, false)), false);
    const timer = setTimeout(
      () => finish(() => job.reject(new CellEvaluationError(`evaluation took longer than ${Math.round(job.timeoutMs / 1000)} s and was stopped`, false)), false),
      job.timeoutMs,
    );
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.once("exit", onExit);
    worker.postMessage(job.task);
  }

  async close() {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new CellEvaluationError("the evaluation pool is shut down", false));
    await Promise.allSettled(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}

let pool: EvalPool | undefined;
export function evalPool(): EvalPool {
  pool ??= new EvalPool(env.EVALBOOK_EVAL_THREADS);
  return pool;
}
export async function closeEvalPool() {
  await pool?.close();
  pool = undefined;
}

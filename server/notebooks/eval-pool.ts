/**
 * A pool of worker threads that evaluate cells off the worker's event loop, so BullMQ's lock
 * renewal (and everything else on the main thread) keeps running while statistics crunch.
 *
 * Each task runs in a thread that loads the data and runs the evaluator (server/notebooks/eval-thread.ts).
 * Threads cost memory (a V8 heap each, grown to the largest window they evaluated), so they live
 * only while there is work: spawned on demand up to `size`, given a heap limit (`resourceLimits`),
 * and retired after `idleMs` without a task or after `maxTasks` tasks. A thread that crashes, runs
 * out of heap or exceeds the task timeout is terminated and replaced on the next task.
 */
import { Worker } from "node:worker_threads";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { env } from "../env";
import { logger } from "../logger";
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

export interface EvalPoolOptions {
  /** Most threads alive at once. */
  size: number;
  /** A thread with no task for this long is terminated. */
  idleMs: number;
  /** A thread that has run this many tasks is terminated after the last one (a fresh heap). */
  maxTasks: number;
  /** V8 heap limit of each thread (old generation, MB); typed-array data is outside it. */
  heapMb: number;
}

export type RetireReason = "idle" | "tasks" | "failed" | "shutdown";

interface Slot {
  worker: Worker;
  busy: boolean;
  tasks: number;
  idleTimer?: NodeJS.Timeout;
}

interface Pending {
  task: CellTask;
  timeoutMs: number;
  resolve: (v: CellTaskReply & { ok: true }) => void;
  reject: (e: Error) => void;
}

const log = logger.child({ component: "eval-pool" });

function threadEntry(): { code: string; eval: boolean } | { file: string } {
  // The compiled worker (scripts/build-server.mjs) has the thread bundled in dist/: next to this code,
  // or one folder up when this module was split into dist/chunks/ (the worker loads it lazily).
  for (const candidate of ["./eval-thread.mjs", "../eval-thread.mjs"]) {
    const built = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(built)) return { file: built };
  }
  // Running from TypeScript sources (tsx): register tsx's loader inside the thread first.
  const ts = new URL("./eval-thread.ts", import.meta.url);
  return { code: `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); })`, eval: true };
}

export class EvalPool {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: EvalPoolOptions) {}

  /** Threads alive now (busy or idle). */
  get threads(): number {
    return this.slots.length;
  }

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
    const resourceLimits = { maxOldGenerationSizeMb: this.opts.heapMb };
    const worker = "file" in entry ? new Worker(entry.file, { resourceLimits }) : new Worker(entry.code, { eval: true, resourceLimits });
    worker.unref();
    const slot: Slot = { worker, busy: false, tasks: 0 };
    this.slots.push(slot);
    log.info({ threads: this.slots.length, threadId: worker.threadId }, "evaluation thread started");
    return slot;
  }

  private pump() {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.opts.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      this.dispatch(slot, job);
    }
  }

  private retire(slot: Slot, reason: RetireReason) {
    if (!this.slots.includes(slot)) return;
    clearTimeout(slot.idleTimer);
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate().catch(() => {});
    log.info({ threads: this.slots.length, threadId: slot.worker.threadId, reason, tasks: slot.tasks }, "evaluation thread retired");
  }

  /** After a task: a fresh thread next time if this one has done enough, else retire it when idle. */
  private release(slot: Slot) {
    slot.busy = false;
    if (slot.tasks >= this.opts.maxTasks) return this.retire(slot, "tasks");
    slot.idleTimer = setTimeout(() => this.retire(slot, "idle"), this.opts.idleMs);
    slot.idleTimer.unref();
  }

  private dispatch(slot: Slot, job: Pending) {
    clearTimeout(slot.idleTimer);
    slot.busy = true;
    slot.tasks++;
    const { worker } = slot;
    let done = false;
    const finish = (fn: () => void, healthy: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
      if (healthy) this.release(slot);
      else this.retire(slot, "failed");
      fn();
      this.pump();
    };
    const onMessage = (reply: CellTaskReply) => {
      if (reply.taskId !== job.task.taskId) return;
      if (reply.ok) finish(() => job.resolve(reply), true);
      else finish(() => job.reject(new CellEvaluationError(reply.message, reply.unrecoverable)), true);
    };
    const onError = (err: Error & { code?: string }) => {
      const why =
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `the evaluation needed more than the thread's ${this.opts.heapMb} MB heap (EVALBOOK_EVAL_THREAD_HEAP_MB); narrow the window or raise the limit`
          : `evaluation thread crashed: ${err.message}`;
      finish(() => job.reject(new CellEvaluationError(why, false)), false);
    };
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
    const slots = this.slots;
    for (const s of slots) clearTimeout(s.idleTimer);
    this.slots = [];
    await Promise.allSettled(slots.map((s) => s.worker.terminate()));
  }
}

let pool: EvalPool | undefined;
export function evalPool(): EvalPool {
  pool ??= new EvalPool({
    size: env.EVALBOOK_EVAL_THREADS,
    idleMs: env.EVALBOOK_EVAL_THREAD_IDLE_MS,
    maxTasks: env.EVALBOOK_EVAL_THREAD_MAX_TASKS,
    heapMb: env.EVALBOOK_EVAL_THREAD_HEAP_MB,
  });
  return pool;
}
export async function closeEvalPool() {
  await pool?.close();
  pool = undefined;
}

/**
 * Helper threads for the CPU-heavy steps of reading and evaluating local files (the CSV scanner,
 * the column sorts): plain worker threads, no TypeScript loader, whose work arrives as source —
 * a caller names a kind of request and gives its handler's source, installed on a thread the first
 * time that thread sees the kind. The handler source is a function expression
 * `(require) => (msg) => reply`, self-contained (it sees only `require`).
 *
 * `sharedHelperThread()` is one thread per process (per thread) that successive steps reuse:
 * `evalbook evaluate` reads both files and then sorts their columns on the same thread instead of
 * starting one per step (a thread start costs ~40–100 ms of CPU before its first job). It lives
 * while in use and IDLE_MS after; it never keeps the process alive.
 */
import type { Worker } from "node:worker_threads";

/** How long the shared thread waits for the next step before it ends. */
const IDLE_MS = 2000;

const BOOTSTRAP = `
const { parentPort } = require("node:worker_threads");
const handlers = new Map();
parentPort.on("message", ({ id, kind, source, msg }) => {
  try {
    if (source !== undefined) handlers.set(kind, new Function("require", "__name", "return (" + source + ");")(require, (f) => f)(require));
    parentPort.postMessage({ id, ok: true, reply: handlers.get(kind)(msg) });
  } catch (e) {
    parentPort.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});`;
// (`__name`: the helper esbuild's keepNames may reference inside the functions a source is built from)

type Reply = { id: number; ok: true; reply: unknown } | { id: number; ok: false; message: string };

export interface HelperThread {
  /** Runs the handler of `kind` (from `source`, installed on first use) on `msg`; resolves with its reply. */
  request<R>(kind: string, source: string, msg: unknown): Promise<R>;
  /** Done with the thread: a fresh one ends, the shared one ends after IDLE_MS unless used again. */
  release(): Promise<void>;
}

class Thread {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly installed = new Set<string>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on("message", (m: Reply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok) p?.resolve(m.reply);
      else p?.reject(new Error(m.message));
    });
    const fail = (e: Error) => {
      this.failure = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", () => fail(this.failure ?? new Error("helper thread exited")));
  }

  get alive(): boolean {
    return !this.failure;
  }

  request<R>(kind: string, source: string, msg: unknown): Promise<R> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const first = !this.installed.has(kind);
    this.installed.add(kind);
    this.worker.ref(); // a request in flight keeps the process alive
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, kind, source: first ? source : undefined, msg });
    });
  }
}

async function startThread(): Promise<Thread> {
  // node:worker_threads only when a step needs a thread: `evalbook evaluate` on a small file never loads it (start-up, issue 18)
  const { Worker } = await import("node:worker_threads");
  const worker = new Worker(BOOTSTRAP, { eval: true });
  worker.unref();
  return new Thread(worker);
}

/** A thread of its own, ended on release (for a step that wants more threads than the shared one). */
export async function newHelperThread(): Promise<HelperThread> {
  const t = await startThread();
  return {
    request: (kind, source, msg) => t.request(kind, source, msg),
    release: async () => void (await t.worker.terminate()),
  };
}

interface Shared {
  thread: Promise<Thread>;
  started?: Thread;
  users: number;
  timer?: ReturnType<typeof setTimeout>;
}
let shared: Shared | undefined;

/** The process's shared helper thread (started now if none is alive). */
export async function sharedHelperThread(): Promise<HelperThread> {
  if (shared?.started && !shared.started.alive) shared = undefined;
  if (!shared) {
    const s: Shared = { thread: startThread(), users: 0 };
    void s.thread.then((t) => (s.started = t));
    shared = s;
  }
  const s = shared;
  s.users++;
  clearTimeout(s.timer);
  const t = await s.thread;
  let released = false;
  return {
    request: (kind, source, msg) => t.request(kind, source, msg),
    release: async () => {
      if (released) return;
      released = true;
      if (--s.users > 0) return;
      s.timer = setTimeout(() => {
        if (shared === s) shared = undefined;
        void t.worker.terminate();
      }, IDLE_MS);
      s.timer.unref();
    },
  };
}

/**
 * Ingest off the page-rendering path: a large batch is parsed, validated and stored in an ingest
 * thread, so the web server's event loop stays free to render pages while clients send 1,000-row
 * batches. Small bodies (under INGEST_THREAD_MIN_BYTES) are handled inline: the hop would cost more
 * than it saves.
 *
 * Bounded with backpressure: at most INGEST_THREADS threads, each with up to PER_THREAD batches in
 * flight (their writes share the thread's group commit), and at most INGEST_QUEUE batches waiting.
 * A batch beyond that is refused with 503 + Retry-After instead of piling up in memory; a client
 * resends it (replays are deduplicated by requestId).
 *
 * Pages first: while pages are rendering (server/threads/page-activity.ts), at most
 * `whilePages` batches are in the threads, and the threads run at a lower scheduling priority
 * (thread.ts), so ingest takes the CPU that pages leave rather than the other way round.
 */
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { env } from "../env";
import { logger } from "../logger";
import { processSingleton } from "../process-singleton";
import { pagesInFlight, whenPagesIdle } from "../threads/page-activity";
import { DomainError } from "../domain/errors";
import type { ModelRef, PredictionRepository } from "../predictions/repository";
import { parseRecords } from "./body";
import type { IngestResult } from "./schemas";
import { ingestLabels, ingestPredictions } from "./service";
import { fromThreadError, type IngestReply, type IngestTask } from "./thread-protocol";

const log = logger.child({ component: "ingest-pool" });

/** Batches one thread works on at once: enough for its group commit to share an fsync. */
const PER_THREAD = 4;
/** Longest one batch may take in a thread before the thread is replaced and the client told to resend. */
const TASK_TIMEOUT_MS = 60_000;

export interface IngestPoolOptions {
  size: number;
  maxQueued: number;
  perThread?: number;
  timeoutMs?: number;
  /** Batches in the threads while pages are rendering (default: no limit). */
  whilePages?: number;
}

interface Pending {
  task: IngestTask;
  resolve: (r: IngestResult) => void;
  reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
}

function threadEntry(): { file: string } | { code: string } {
  // `npm start` points this at the compiled thread (dist/ingest-thread.mjs, scripts/build-server.mjs).
  if (env.EVALBOOK_INGEST_THREAD_ENTRY) return { file: path.resolve(env.EVALBOOK_INGEST_THREAD_ENTRY) };
  // Otherwise the TypeScript sources through tsx (resolved from the working directory, the project
  // root: inside Next.js's bundle import.meta.url does not point at the sources).
  const ts = path.join(process.cwd(), "server", "ingest", "thread.ts");
  return { code: `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify("file://" + ts)}); })` };
}

/** 503 + Retry-After: every thread busy and the queue full. */
export function ingestBusy(queued: number): DomainError {
  return new DomainError(
    "UNAVAILABLE",
    `The server is busy storing other batches (${queued} waiting); resend this batch in 1 s. Nothing of it was stored.`,
    { retryAfterSeconds: 1, queued },
  );
}

export class IngestPool {
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private waitingForPages = false;
  private readonly perThread: number;

  constructor(private readonly opts: IngestPoolOptions) {
    this.perThread = opts.perThread ?? PER_THREAD;
  }

  get threads(): number {
    return this.slots.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  run(task: Omit<IngestTask, "taskId">): Promise<IngestResult> {
    if (this.closed) return Promise.reject(new DomainError("UNAVAILABLE", "The server is shutting down; resend this batch to another server.", { retryAfterSeconds: 1 }));
    const capacity = this.opts.size * this.perThread;
    if (this.queue.length >= this.opts.maxQueued && (this.inFlight() >= capacity || this.pagesHold())) return Promise.reject(ingestBusy(this.queue.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, taskId: this.nextId++ }, resolve, reject });
      this.pump();
    });
  }

  private spawn(): Slot {
    const entry = threadEntry();
    const threadEnv = { ...process.env, DATABASE_POOL_SIZE: String(Math.min(env.DATABASE_POOL_SIZE, this.perThread)) };
    // Taken from Node at run time: Next.js's bundler reads `new Worker(path)` as a module to
    // bundle and, with a path known only at run time, traces the whole project.
    const { Worker: Thread } = process.getBuiltinModule("node:worker_threads");
    const worker = "file" in entry ? new Thread(entry.file, { env: threadEnv }) : new Thread(entry.code, { eval: true, env: threadEnv });
    worker.unref();
    const slot: Slot = { worker, inFlight: new Map() };
    worker.on("message", (reply: IngestReply) => {
      const p = slot.inFlight.get(reply.taskId);
      if (!p) return;
      slot.inFlight.delete(reply.taskId);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(fromThreadError(reply.error));
      this.pump();
    });
    const fail = (why: string) => this.retire(slot, why);
    worker.on("error", (err) => fail(`ingest thread crashed: ${err.message}`));
    worker.on("exit", (code) => fail(`ingest thread exited (code ${code})`));
    this.slots.push(slot);
    log.info({ threads: this.slots.length, threadId: worker.threadId }, "ingest thread started");
    return slot;
  }

  /** A thread that crashed, exited or hung: its batches' clients are told to resend (deduplicated). */
  private retire(slot: Slot, why: string) {
    if (!this.slots.includes(slot)) return;
    this.slots = this.slots.filter((s) => s !== slot);
    void slot.worker.terminate().catch(() => {});
    if (!this.closed) log.warn({ why, batches: slot.inFlight.size }, "ingest thread retired");
    for (const p of slot.inFlight.values()) {
      clearTimeout(p.timer);
      p.reject(new DomainError("UNAVAILABLE", `${why}; resend this batch (what was stored of it is deduplicated).`, { retryAfterSeconds: 1 }));
    }
    slot.inFlight.clear();
    this.pump();
  }

  private inFlight(): number {
    return this.slots.reduce((n, s) => n + s.inFlight.size, 0);
  }

  /** Whether rendering pages hold the next batch back. */
  private pagesHold(): boolean {
    return this.opts.whilePages !== undefined && this.inFlight() >= this.opts.whilePages && pagesInFlight() > 0;
  }

  /** pagesHold(), and if so, pump() again once the pages are done. */
  private heldForPages(): boolean {
    if (!this.pagesHold()) return false;
    if (!this.waitingForPages) {
      this.waitingForPages = true;
      whenPagesIdle(() => {
        this.waitingForPages = false;
        this.pump();
      });
    }
    return true;
  }

  private pump() {
    while (this.queue.length && !this.closed && !this.heldForPages()) {
      let slot: Slot | undefined;
      for (const s of this.slots) if (s.inFlight.size < this.perThread && (!slot || s.inFlight.size < slot.inFlight.size)) slot = s;
      // A new thread when every thread has work (up to the size), rather than stacking on a busy one.
      if ((!slot || slot.inFlight.size > 0) && this.slots.length < this.opts.size) slot = this.spawn();
      if (!slot) return;
      const p = this.queue.shift()!;
      slot.inFlight.set(p.task.taskId, p);
      const s = slot;
      p.timer = setTimeout(() => this.retire(s, `storing a batch took longer than ${Math.round((this.opts.timeoutMs ?? TASK_TIMEOUT_MS) / 1000)} s`), this.opts.timeoutMs ?? TASK_TIMEOUT_MS);
      p.timer.unref();
      // The body's bytes move to the thread (no copy) when they own their buffer.
      const body = p.task.body;
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const sent = own ? body : new Uint8Array(body);
      slot.worker.postMessage({ ...p.task, body: sent }, [sent.buffer as ArrayBuffer]);
    }
  }

  async close() {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new DomainError("UNAVAILABLE", "The server is shutting down; resend this batch.", { retryAfterSeconds: 1 }));
    const slots = this.slots;
    this.slots = [];
    await Promise.allSettled(slots.map((s) => s.worker.terminate()));
  }
}

const sharedPool = processSingleton("ingest.pool", () => new IngestPool({ size: env.INGEST_THREADS, maxQueued: env.INGEST_QUEUE, whilePages: env.INGEST_BATCHES_WHILE_PAGES }));

export function ingestPool(): IngestPool {
  return sharedPool.get();
}

export async function closeIngestPool() {
  await sharedPool.peek()?.close();
  sharedPool.clear();
}

/**
 * One HTTP batch of predictions or labels (the body already read and decompressed): in an ingest
 * thread when it is large and threads are configured, else here.
 */
export async function ingestBody(
  predictions: PredictionRepository,
  kind: "predictions" | "labels",
  model: ModelRef,
  body: Buffer,
  contentType: string,
  maxRows: number,
): Promise<IngestResult> {
  const now = Date.now();
  if (env.INGEST_THREADS > 0 && body.byteLength >= env.INGEST_THREAD_MIN_BYTES) return ingestPool().run({ kind, model, body, contentType, maxRows, now });
  const records = parseRecords(body, contentType, maxRows);
  return kind === "predictions" ? ingestPredictions(predictions, model, records, now) : ingestLabels(predictions, model, records, now);
}

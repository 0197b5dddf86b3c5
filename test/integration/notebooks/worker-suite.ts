/**
 * The setup the worker test files share: before the file's tests, a workspace with a model
 * (`workspaceWithModel`) and real worker processes, started together; after them, the workers
 * stopped, the queue producer and Prisma closed and the file's database disposed.
 *
 * Import it dynamically after `isolate()` (or after pointing DATABASE_URL elsewhere), like every
 * server module: it imports the Prisma client and the queues.
 */
import { afterAll, beforeAll } from "vitest";
import { prisma } from "@/server/db/client";
import { closeProducer } from "@/server/jobs/queues";
import { waitForRun, type WorkspaceEnv } from "./faults";
import { spawnWorker, stopWorker, waitFor, type WorkerProc } from "./harness";
import { workspaceWithModel } from "./setup-workspace";

export type { WorkspaceEnv };

export class WorkerSuite {
  /** The workspace, its callers and the `payments` model (set before the first test; unset with `workspace: false`). */
  env!: WorkspaceEnv;
  /** The first worker process (set before the first test). */
  worker!: WorkerProc;
  /** Every worker process, `worker` first. */
  workers: WorkerProc[] = [];

  /** `waitFor`, whose timeout error ends with the worker's last output. */
  waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs?: number, everyMs?: number): Promise<T> {
    return waitFor(what, fn, timeoutMs, everyMs).catch((err: Error) => {
      throw new Error(`${err.message}\nworker output:\n${this.worker?.output().slice(-4000)}`);
    });
  }

  /** The run once it has ended (succeeded, failed or cancelled). */
  finishedRun(runId: string, timeoutMs = 45_000) {
    return waitForRun(this.env, runId, timeoutMs, () => `worker output:\n${this.worker.output().slice(-4000)}`);
  }
}

export interface WorkerSuiteOptions {
  /** Removes the file's database; runs last. */
  dispose: () => unknown;
  /** How many worker processes to start (1 unless said). */
  workers?: number;
  /** false: no workspace is made, for files that write their rows directly. */
  workspace?: boolean;
  workerEnv?: Record<string, string>;
  workerArgs?: string[];
  before?: () => Promise<void>;
  /** Runs once the workers have stopped, before the producer and Prisma close (the file's own servers). */
  after?: () => Promise<unknown>;
}

/** Registers the file's beforeAll/afterAll. */
export function workerSuite(tag: string, opts: WorkerSuiteOptions): WorkerSuite {
  const suite = new WorkerSuite();
  const n = opts.workers ?? 1;
  const ids = Array.from({ length: n }, (_, i) => (n === 1 ? `${tag}-worker-${process.pid}` : `${tag}-${String.fromCharCode(65 + i)}-${process.pid}`));
  beforeAll(async () => {
    await opts.before?.();
    let env: WorkspaceEnv | undefined;
    [env, suite.workers] = await Promise.all([opts.workspace === false ? undefined : workspaceWithModel(tag), Promise.all(ids.map((id) => spawnWorker(id, opts.workerEnv, opts.workerArgs)))]);
    if (env) suite.env = env;
    suite.worker = suite.workers[0]!;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(suite.workers.map((w) => stopWorker(w)));
    await opts.after?.();
    await closeProducer();
    await prisma.$disconnect();
    await opts.dispose();
  });
  return suite;
}

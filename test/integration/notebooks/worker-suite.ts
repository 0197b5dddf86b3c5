/**
 * The setup the worker test files share: before the file's tests, a workspace with a model
 * (`workspaceWithModel`) and a real worker process, started together; after them, the worker
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
  /** The workspace, its callers and the `payments` model (set before the first test). */
  env!: WorkspaceEnv;
  /** The worker process (set before the first test). */
  worker!: WorkerProc;

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

/** Registers the file's beforeAll/afterAll; `dispose` removes the file's database last. */
export function workerSuite(tag: string, opts: { dispose: () => unknown; workerEnv?: Record<string, string>; workerArgs?: string[]; before?: () => Promise<void> }): WorkerSuite {
  const suite = new WorkerSuite();
  beforeAll(async () => {
    await opts.before?.();
    [suite.env, suite.worker] = await Promise.all([workspaceWithModel(tag), spawnWorker(`${tag}-worker-${process.pid}`, opts.workerEnv, opts.workerArgs)]);
  }, 120_000);
  afterAll(async () => {
    await stopWorker(suite.worker);
    await closeProducer();
    await prisma.$disconnect();
    await opts.dispose();
  });
  return suite;
}

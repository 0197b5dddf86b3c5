/**
 * Shared harness for the notebook integration tests: an isolated database copy and queue prefix
 * per test file, real worker processes (tsx server/worker.ts), an optional private redis-server.
 *
 * Call `isolate()` before importing any server module (they read the env when first imported).
 */
import path from "node:path";
import net from "node:net";
import os from "node:os";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../helpers/db";

export const ROOT = path.resolve(__dirname, "../../..");
export const HOOKS = path.join(__dirname, "hooks.ts");

/** Env every spawned worker gets on top of process.env: fast locks, retries and reconciler. */
export const FAST_ENV = {
  EVALBOOK_TEST_HOOKS: HOOKS,
  EVALBOOK_CELL_LOCK_MS: "2000",
  EVALBOOK_CELL_BACKOFF_MS: "200",
  EVALBOOK_RECONCILE_INTERVAL_MS: "500",
  EVALBOOK_RECONCILE_GRACE_MS: "1000",
  EVALBOOK_EVAL_THREADS: "2",
};

export function isolate(tag: string): TestDatabase {
  const ctx = inject("evalbook");
  const db = createTestDatabase({ useAsDefault: true });
  // Under the run's prefix, so the global teardown deletes these keys too.
  process.env.QUEUE_PREFIX = `${ctx.queuePrefix}:${tag}`;
  Object.assign(process.env, FAST_ENV);
  return db;
}

export interface WorkerProc {
  id: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): void;
}

export async function spawnWorker(id: string, env: Record<string, string> = {}, args: string[] = ["--import", "tsx", "server/worker.ts"]): Promise<WorkerProc> {
  let output = "";
  // `node --import tsx`, not the tsx CLI: the CLI runs the worker in a child process and cannot relay
  // SIGKILL, so "kill the worker" would kill only the wrapper. `args` ["dist/worker.mjs"]: the compiled worker.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...FAST_ENV, EVALBOOK_WORKER_ID: id, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  // Generous: on a loaded 2-core machine tsx takes a while to compile the worker.
  const deadline = Date.now() + 90_000;
  while (!output.includes("worker ready")) {
    if (child.exitCode !== null) throw new Error(`worker ${id} exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`worker ${id} not ready after 90 s:\n${output}`);
    await sleep(50);
  }
  return { id, child, output: () => output, kill: (signal = "SIGKILL") => void (child.exitCode === null && child.kill(signal)) };
}

export async function stopWorker(w: WorkerProc | undefined, timeoutMs = 10_000) {
  if (!w || w.child.exitCode !== null || w.child.signalCode) return;
  w.child.kill("SIGTERM");
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      w.child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    w.child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** A private, non-persistent redis-server on `port` (never the system one). */
export class PrivateRedis {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-redis-"));
  constructor(readonly port: number) {}
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  start() {
    const r = spawnSync("redis-server", [
      "--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
      "--daemonize", "yes", "--pidfile", path.join(this.dir, "redis.pid"), "--dir", this.dir,
    ]);
    if (r.status !== 0) throw new Error(`redis-server failed: ${r.stderr}`);
  }
  async waitUp() {
    await waitFor("private redis to answer", async () => spawnSync("redis-cli", ["-p", String(this.port), "ping"]).stdout?.toString().includes("PONG"), 5000, 50);
  }
  /** SHUTDOWN NOSAVE: the data is gone. */
  stop() {
    spawnSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
  }
  async waitDown() {
    await waitFor("private redis to stop", async () => !spawnSync("redis-cli", ["-p", String(this.port), "ping"]).stdout?.toString().includes("PONG"), 5000, 50);
  }
  dispose() {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

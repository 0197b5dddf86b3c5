/**
 * What the app benchmarks share (bench/footprint.ts, bench/ten-million.ts): a fresh demo database
 * seeded like `npm start` seeds it, the app started the way `npm start` starts it
 * (scripts/build-server.mjs: the same builds and commands), and the resident memory of its process
 * trees read from /proc.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAll, webCommand, workerCommand } from "../scripts/build-server.mjs";
import { deleteKeysWithPrefix } from "../scripts/redis-keys.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

export const MB = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ── process trees and their memory ──────────────────────────────────────────

function children(): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(ppid, [...(map.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  return map;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, from /proc/PID/stat (clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

export function treeRss(root: number): number {
  const kids = children();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rssOf(pid);
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** CPU time (user + system, ms) used so far by a process and everything under it; 0 once it is gone. */
export function treeCpuMs(root: number): number {
  const kids = children();
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      total += cpuMsOf(pid);
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Resident memory of the web tree, the worker tree and both together (bytes). */
export interface AppRss {
  web: number;
  worker: number;
  total: number;
}

/** Samples both trees every 250 ms; peak() since the last reset. */
export class Sampler {
  private peaks = { web: 0, worker: 0, total: 0 };
  private timer: NodeJS.Timeout;
  constructor(private readonly procs: { web: ChildProcess; worker: ChildProcess }) {
    this.timer = setInterval(() => this.sample(), 250);
  }
  sample(): AppRss {
    const web = treeRss(this.procs.web.pid!);
    const worker = treeRss(this.procs.worker.pid!);
    this.peaks.web = Math.max(this.peaks.web, web);
    this.peaks.worker = Math.max(this.peaks.worker, worker);
    this.peaks.total = Math.max(this.peaks.total, web + worker);
    return { web, worker, total: web + worker };
  }
  reset() {
    this.peaks = { web: 0, worker: 0, total: 0 };
  }
  peak(): AppRss {
    return { ...this.peaks };
  }
  stop() {
    clearInterval(this.timer);
  }
}

/**
 * The memory of a benchmark's phases: `report` prints a phase's resident memory (and the peak
 * during it) and keeps the row for `print`, the closing table; `atRest` samples after `restMs`
 * without work (longer than the evaluation threads' idle period).
 */
export function phaseTable(sampler: Sampler, restMs: number) {
  const rows: string[][] = [];
  return {
    report(phase: string, at: AppRss, peak?: AppRss) {
      rows.push([phase, MB(at.web), MB(at.worker), MB(at.total), peak ? `${MB(peak.web)} / ${MB(peak.worker)} / ${MB(peak.total)}` : ""]);
      console.log(`  ${phase}: web ${MB(at.web)}, worker ${MB(at.worker)}, together ${MB(at.total)}${peak ? `  (peak ${MB(peak.web)} / ${MB(peak.worker)} / ${MB(peak.total)})` : ""}`);
    },
    async atRest(): Promise<AppRss> {
      await sleep(restMs);
      return sampler.sample();
    },
    print() {
      console.log("phase | web | worker | together | peak web / worker / together");
      for (const r of rows) console.log(r.join(" | "));
    },
  };
}

/** A benchmark's whole-number option: `--name N` or BENCH_NAME (dashes as underscores), else `fallback`. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0 (got "${raw}")`);
  return n;
}

// ── the app, started like `npm start` ───────────────────────────────────────

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, EVALBOOK_PROCESS: name }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

export async function waitForText(what: string, output: () => string, text: string, child: ChildProcess, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${output()}`);
    if (Date.now() > end) throw new Error(`${what} not ready after ${timeoutMs / 1000} s:\n${output()}`);
    await sleep(20);
  }
}

/** SIGTERM to the child's process group; resolves when the child has exited (so that, e.g., a
 * --cpu-prof it was started with is written). */
export function stopGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
  return exited;
}


/** The SQLite file and its WAL. */
export function dbBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

/** Deletes the app's queue keys (its private QUEUE_PREFIX) from Redis. */
export const dropQueueKeys = deleteKeysWithPrefix;


/** The environment of an app on a SQLite file in `tmp`, on the local Redis under a private queue prefix. */
export function appEnv(tmp: string, name: string, port: number): NodeJS.ProcessEnv & { DATABASE_URL: string; REDIS_URL: string; QUEUE_PREFIX: string } {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${path.join(tmp, "demo.db")}`,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `evalbook-${name}-${process.pid}`,
    AUTH_SECRET: `${name}-bench-secret-0123456789`,
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

/**
 * A benchmark's app, before it starts: a temp folder for its demo database (`dbFile`), a free port,
 * and the app's environment (appEnv), which this process takes too (logging warnings only).
 */
export async function prepareApp(name: string) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), `evalbook-${name}-`));
  const port = await freePort();
  const env = appEnv(tmp, name, port);
  Object.assign(process.env, { ...env, LOG_LEVEL: "warn" });
  return { tmp, dbFile: path.join(tmp, "demo.db"), port, env };
}

/** A fresh demo database (env's DATABASE_URL), migrated and seeded like `npm start` does it. */
export function seedDemo(env: NodeJS.ProcessEnv, tmp: string): void {
  const bin = (n: string) => path.join(ROOT, "node_modules", ".bin", n);
  execFileSync(bin("prisma"), ["migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  mkdirSync(path.join(tmp, "cwd"), { recursive: true });
  execFileSync(bin("tsx"), ["--tsconfig", path.join(ROOT, "tsconfig.json"), path.join(ROOT, "prisma", "seed.ts")], { cwd: path.join(tmp, "cwd"), env: { ...env, LOG_LEVEL: "warn" }, stdio: "ignore" });
}

export interface RunningApp {
  web: ReturnType<typeof startProcess>;
  worker: ReturnType<typeof startProcess>;
  workerReadyMs: number;
  workerReadyCpuMs: number;
  webReadyMs: number;
  stop: () => void;
}

/** Builds what `npm start` builds (when stale) and starts the web process and the worker; resolves when both are ready. */
export async function startApp(env: NodeJS.ProcessEnv, port: number): Promise<RunningApp> {
  const builds = await buildAll(env);
  console.log(`builds: ${Object.entries(builds).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const workerCmd = workerCommand();
  const tWeb = performance.now();
  const webCmd = webCommand(port);
  const web = startProcess("web", webCmd.cmd, [...webCmd.args, "-H", "127.0.0.1"], { ...env, ...webCmd.env });
  const tWorker = performance.now();
  const worker = startProcess("worker", workerCmd.cmd, workerCmd.args, { ...env, ...workerCmd.env });
  const stop = () => [web.child, worker.child].forEach(stopGroup);
  process.on("exit", stop);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130)); // "exit" stops the app
  await waitForText("worker", worker.output, "worker ready", worker.child);
  const workerReadyMs = performance.now() - tWorker;
  const workerReadyCpuMs = cpuMsOf(worker.child.pid!);
  console.log(`worker ready after ${(workerReadyMs / 1000).toFixed(2)} s (${(workerReadyCpuMs / 1000).toFixed(2)} s CPU), load ${os.loadavg()[0]!.toFixed(2)}`);
  await waitForText("web", web.output, "web ready", web.child);
  return { web, worker, workerReadyMs, workerReadyCpuMs, webReadyMs: performance.now() - tWeb, stop };
}

/** Signs in as the demo user; returns the session cookie. */
export async function signInDemo(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: "demo@evalbook.local", password: "evalbook-demo" }),
  });
  if (!res.ok) throw new Error(`sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/** Run ids → resolves when none is queued or running; throws when one did not succeed or the worker exited. */
export async function waitRuns(prisma: typeof import("../server/db/client").prisma, worker: RunningApp["worker"], ids: string[], timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const open = await prisma.run.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
    if (!open) break;
    if (worker.child.exitCode !== null || worker.child.signalCode) throw new Error(`the worker exited:\n${worker.output().slice(-3000)}`);
    if (Date.now() > end) throw new Error(`${open} run(s) still open after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  const failed = await prisma.run.findMany({ where: { id: { in: ids }, status: { not: "succeeded" } }, select: { id: true, status: true } });
  if (failed.length) throw new Error(`runs did not succeed: ${JSON.stringify(failed.slice(0, 5))}`);
}

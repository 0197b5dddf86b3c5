/**
 * `npm run bench:footprint` — what evalbook costs a machine: resident memory of the web and worker
 * processes at rest, at their peak and after work, and start-up times. Goals (issue #18): worker
 * ≤ 300 MB at rest after the demo notebooks ran 60 times, web ≤ 250 MB after 1,000 page loads,
 * both back within 20% of their at-rest figure after a 1M × 20 evaluation, the app < 600 MB at rest;
 * worker ready ≤ 2 s, `evalbook evaluate` start-up ≤ 80 ms.
 *
 *   npm run bench:footprint                         (runs=60 pages=1000 rows=1000000 features=20)
 *   npm run bench:footprint -- --runs 5 --pages 100 --rows 100000
 *   npm run bench:footprint -- --rows 0             (skip the big evaluation)
 *   npm run bench:footprint -- --keep-logs          (web and worker output → bench/out/footprint-*.log)
 *
 * The app is started the way `npm start` starts it (scripts/build-server.mjs: the same builds and the
 * same commands) against a freshly seeded demo database in a temp folder, on the local Redis under a
 * private queue prefix (deleted at the end). RSS figures are of each process tree (a wrapper process
 * included), read from /proc; "at rest" is after 40 s without work (--rest-seconds). It ends with
 * a table of every goal: measured against it, met or not, with the machine's load (start-up times
 * grow with the load; the worker's CPU time at ready and the CLI's CPU time are printed next to them).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildAll, webCommand, workerCommand } from "../scripts/build-server.mjs";
import { describeCliStartup, measureCliStartup } from "./cli-startup";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[`BENCH_${name.toUpperCase()}`];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0 (got "${raw}")`);
  return n;
}
const RUNS = flag("runs", 60);
const PAGES = flag("pages", 1000);
const ROWS = flag("rows", 1_000_000);
const FEATURES = flag("features", 20);
const REST_MS = flag("rest-seconds", 40) * 1000; // longer than the evaluation threads' idle period (30 s)

const MB = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

function treeRss(root: number): number {
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

/** Samples both trees every 250 ms; peak() since the last reset. */
class Sampler {
  private peaks = { web: 0, worker: 0, total: 0 };
  private timer: NodeJS.Timeout;
  constructor(private readonly procs: { web: ChildProcess; worker: ChildProcess }) {
    this.timer = setInterval(() => this.sample(), 250);
  }
  sample() {
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
  peak() {
    return { ...this.peaks };
  }
  stop() {
    clearInterval(this.timer);
  }
}

// ── the app, started like `npm start` ───────────────────────────────────────

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, EVALBOOK_PROCESS: name }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

async function waitForText(what: string, output: () => string, text: string, child: ChildProcess, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (child.exitCode !== null) throw new Error(`${what} exited:\n${output()}`);
    if (Date.now() > end) throw new Error(`${what} not ready after ${timeoutMs / 1000} s:\n${output()}`);
    await sleep(20);
  }
}

function stopGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    /* gone */
  }
}

// ── main ─────────────────────────────────────────────────────────────────────

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-footprint-"));
  const dbFile = path.join(tmp, "demo.db");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${dbFile}`,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    QUEUE_PREFIX: `evalbook-footprint-${process.pid}`,
    AUTH_SECRET: "footprint-bench-secret-0123456789",
    LOG_LEVEL: "info",
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  };
  Object.assign(process.env, { ...env, LOG_LEVEL: "warn" });
  console.log(`footprint: runs=${RUNS} pages=${PAGES} rows=${ROWS}×${FEATURES}   load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}   ${os.cpus().length} cores, ${MB(os.totalmem())} RAM`);

  // A fresh demo database, seeded like `npm start` seeds it.
  const bin = (n: string) => path.join(ROOT, "node_modules", ".bin", n);
  execFileSync(bin("prisma"), ["migrate", "deploy"], { cwd: ROOT, env, stdio: "ignore" });
  mkdirSync(path.join(tmp, "cwd"));
  execFileSync(bin("tsx"), ["--tsconfig", path.join(ROOT, "tsconfig.json"), path.join(ROOT, "prisma", "seed.ts")], { cwd: path.join(tmp, "cwd"), env: { ...env, LOG_LEVEL: "warn" }, stdio: "ignore" });
  const builds = await buildAll(env);
  console.log(`builds: ${Object.entries(builds).map(([k, v]) => `${k} ${v}`).join(", ")}`);

  const worker = workerCommand();
  console.log(`demo database: ${MB(dbBytes(dbFile))}`);
  const tWeb = performance.now();
  const webCmd = webCommand(port);
  const web = startProcess("web", webCmd.cmd, [...webCmd.args, "-H", "127.0.0.1"], { ...env, ...webCmd.env });
  const tWorker = performance.now();
  const wrk = startProcess("worker", worker.cmd, worker.args, { ...env, ...worker.env });
  const stopAll = () => [web.child, wrk.child].forEach(stopGroup);
  process.on("exit", stopAll);
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130)); // "exit" stops the app
  await waitForText("worker", wrk.output, "worker ready", wrk.child);
  const workerReadyMs = performance.now() - tWorker;
  const workerReadyCpuMs = cpuMsOf(wrk.child.pid!);
  console.log(`worker ready after ${(workerReadyMs / 1000).toFixed(2)} s (${(workerReadyCpuMs / 1000).toFixed(2)} s CPU), load ${os.loadavg()[0]!.toFixed(2)}`);
  await waitForText("web", web.output, "web ready", web.child);
  const webReadyMs = performance.now() - tWeb;

  const sampler = new Sampler({ web: web.child, worker: wrk.child });
  const rows: string[][] = [];
  const report = (phase: string, at: { web: number; worker: number; total: number }, peak?: { web: number; worker: number; total: number }) => {
    rows.push([phase, MB(at.web), MB(at.worker), MB(at.total), peak ? `${MB(peak.web)} / ${MB(peak.worker)} / ${MB(peak.total)}` : ""]);
    console.log(`  ${phase}: web ${MB(at.web)}, worker ${MB(at.worker)}, together ${MB(at.total)}${peak ? `  (peak ${MB(peak.web)} / ${MB(peak.worker)} / ${MB(peak.total)})` : ""}`);
  };
  const atRest = async () => {
    await sleep(REST_MS);
    return sampler.sample();
  };

  const { prisma } = await import("../server/db/client");
  const { startRun } = await import("../server/notebooks/runs");
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: "demo" } });
  const user = await prisma.user.findFirstOrThrow({ where: { email: "demo@evalbook.local" } });
  const actor = { id: user.id, label: user.email };

  const waitRuns = async (ids: string[], timeoutMs: number) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const open = await prisma.run.count({ where: { id: { in: ids }, status: { in: ["queued", "running"] } } });
      if (!open) break;
      if (wrk.child.exitCode !== null || wrk.child.signalCode) throw new Error(`the worker exited:\n${wrk.output().slice(-3000)}`);
      if (Date.now() > end) throw new Error(`${open} run(s) still open after ${timeoutMs / 1000} s`);
      await sleep(200);
    }
    const failed = await prisma.run.findMany({ where: { id: { in: ids }, status: { not: "succeeded" } }, select: { id: true, status: true } });
    if (failed.length) throw new Error(`runs did not succeed: ${JSON.stringify(failed.slice(0, 5))}`);
  };

  report("started", await atRest());
  const goals: Array<{ goal: string; measured: string; met: boolean }> = [];
  const goal = (what: string, measured: string, met: boolean) => goals.push({ goal: what, measured, met });

  // 1. every demo notebook, RUNS times (the four at once, then the next round)
  const notebooks = await prisma.notebook.findMany({ where: { workspaceId: ws.id }, select: { id: true } });
  sampler.reset();
  const tRuns = performance.now();
  const runIds: string[] = [];
  for (let r = 0; r < RUNS; r++) {
    const ids = await Promise.all(notebooks.map(async (nb) => (await startRun(prisma, ws.id, actor, nb.id, { trigger: "manual" })).runId));
    await waitRuns(ids, 300_000);
    runIds.push(...ids);
  }
  const runsSecs = (performance.now() - tRuns) / 1000;
  const runsPeak = sampler.peak();
  console.log(`${RUNS} × ${notebooks.length} demo notebooks in ${runsSecs.toFixed(1)} s`);
  const afterRuns = await atRest();
  report(`after ${RUNS}× demo notebooks, at rest`, afterRuns, runsPeak);
  goal(`worker ≤ 300 MB at rest after ${RUNS}× the demo notebooks${RUNS < 60 ? " (goal is after 60)" : ""}`, MB(afterRuns.worker), afterRuns.worker <= 300 * 1048576);

  // 2. page loads, signed in as the demo user
  const base = `http://127.0.0.1:${port}`;
  const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: "demo@evalbook.local", password: "evalbook-demo" }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: HTTP ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const models = await prisma.model.findMany({ where: { workspaceId: ws.id }, select: { slug: true, id: true } });
  const nbs = await prisma.notebook.findMany({ where: { workspaceId: ws.id }, select: { id: true, modelId: true } });
  const slugOf = new Map(models.map((m) => [m.id, m.slug]));
  const w = `/w/${ws.slug}`;
  const pages = [
    w,
    `${w}/models`,
    `${w}/notebooks`,
    `${w}/incidents`,
    `${w}/reports`,
    ...models.map((m) => `${w}/models/${m.slug}`),
    ...nbs.map((n) => `${w}/models/${slugOf.get(n.modelId)}/notebooks/${n.id}`),
    ...nbs.map((n) => `${w}/models/${slugOf.get(n.modelId)}/notebooks/${n.id}/trends`),
    ...runIds.slice(-8).map((id) => `${w}/runs/${id}`),
  ];
  sampler.reset();
  const tPages = performance.now();
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < PAGES) {
        const p = pages[next++ % pages.length]!;
        const t = performance.now();
        const res = await fetch(base + p, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200 || new URL(res.url).pathname.startsWith("/sign-in")) throw new Error(`GET ${p}: HTTP ${res.status} at ${res.url}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const pagesPeak = sampler.peak();
  latencies.sort((a, b) => a - b);
  if (PAGES) console.log(`${PAGES} page loads (${pages.length} pages) in ${((performance.now() - tPages) / 1000).toFixed(1)} s, p50 ${Math.round(latencies[Math.floor(latencies.length / 2)]!)} ms`);
  const afterPages = await atRest();
  report(`after ${PAGES} page loads, at rest`, afterPages, pagesPeak);
  goal(`web ≤ 250 MB at rest after ${PAGES} page loads${PAGES < 1000 ? " (goal is after 1,000)" : ""}`, MB(afterPages.web), afterPages.web <= 250 * 1048576);
  goal("web + worker < 600 MB at rest", MB(afterPages.total), afterPages.total < 600 * 1048576);

  // 3. one ROWS × FEATURES evaluation (drift.ks, window vs the preceding window of the same size)
  if (ROWS > 0) {
    const t = performance.now();
    const sizeBefore = dbBytes(dbFile);
    const notebookId = await bigEvaluationNotebook(prisma, ws.id);
    const perRow = (dbBytes(dbFile) - sizeBefore) / (2 * ROWS);
    console.log(`wrote 2 × ${ROWS} predictions × ${FEATURES} features in ${((performance.now() - t) / 1000).toFixed(1)} s; the database grew by ${Math.round(perRow)} bytes per prediction`);
    const before = await atRest();
    report("before the big evaluation, at rest", before);
    sampler.reset();
    const tEval = performance.now();
    const { runId } = await startRun(prisma, ws.id, actor, notebookId, { trigger: "manual" });
    await waitRuns([runId], 900_000);
    console.log(`${ROWS} × ${FEATURES} drift.ks evaluation in ${((performance.now() - tEval) / 1000).toFixed(1)} s`);
    const peak = sampler.peak();
    const after = await atRest();
    report(`after the ${ROWS / 1e6}M × ${FEATURES} evaluation, at rest`, after, peak);
    const pct = (a: number, b: number) => `${a >= b ? "+" : ""}${Math.round((a / b - 1) * 100)}%`;
    console.log(`  back within ${pct(after.worker, before.worker)} (worker), ${pct(after.web, before.web)} (web) of before`);
    const dims = `${ROWS / 1e6}M × ${FEATURES}`;
    goal(`worker within 20% of at-rest after the ${dims} evaluation`, `${MB(before.worker)} → ${MB(after.worker)} (${pct(after.worker, before.worker)})`, after.worker <= before.worker * 1.2);
    goal(`web within 20% of at-rest after the ${dims} evaluation`, `${MB(before.web)} → ${MB(after.web)} (${pct(after.web, before.web)})`, after.web <= before.web * 1.2);
    goal(`peak during the ${dims} evaluation under bench:evaluate's 1 GB`, `worker ${MB(peak.worker)}`, peak.worker <= 1024 * 1048576);
  }

  // 4. CLI start-up: `evalbook evaluate` until it reads its first byte (bench/cli-startup.ts; median of 10)
  const cli = measureCliStartup(ROOT, env, 10);

  sampler.stop();
  stopAll();
  if (process.argv.includes("--keep-logs")) {
    mkdirSync(path.join(ROOT, "bench", "out"), { recursive: true });
    writeFileSync(path.join(ROOT, "bench", "out", "footprint-web.log"), web.output());
    writeFileSync(path.join(ROOT, "bench", "out", "footprint-worker.log"), wrk.output());
  }
  await prisma.$disconnect();
  await dropQueueKeys(env.REDIS_URL!, env.QUEUE_PREFIX!);
  rmSync(tmp, { recursive: true, force: true });

  console.log(`\nstart-up: worker ready ${(workerReadyMs / 1000).toFixed(2)} s (${(workerReadyCpuMs / 1000).toFixed(2)} s CPU), web ready ${(webReadyMs / 1000).toFixed(2)} s, evalbook evaluate start-up (before the first byte) ${describeCliStartup(cli)}`);
  console.log("phase | web | worker | together | peak web / worker / together");
  for (const r of rows) console.log(r.join(" | "));
  goal("worker ready ≤ 2 s after the build", `${(workerReadyMs / 1000).toFixed(2)} s wall, ${(workerReadyCpuMs / 1000).toFixed(2)} s CPU`, workerReadyMs <= 2000);
  goal("`evalbook evaluate` start-up (before the first byte) ≤ 80 ms", describeCliStartup(cli), cli.wallMs <= 80);
  console.log(`\ngoals (issue #18), load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores — start-up times grow with the load, memory does not:`);
  console.log("goal | measured | met");
  for (const g of goals) console.log(`${g.goal} | ${g.measured} | ${g.met ? "yes" : "NO"}`);
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}

/** The SQLite file and its WAL. */
function dbBytes(file: string): number {
  return [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);
}

async function bigEvaluationNotebook(prisma: typeof import("../server/db/client").prisma, workspaceId: string): Promise<string> {
  const { predictionRepository } = await import("../server/predictions");
  const { validatePrediction } = await import("../server/ingest/validate");
  const model = await prisma.model.create({
    data: {
      workspaceId,
      slug: "footprint-bench",
      name: "Footprint bench",
      task: "regression",
      ownerTeam: "bench",
      onCall: "bench",
      versions: { create: [{ label: "v1", stage: "production" }] },
      features: { create: Array.from({ length: FEATURES }, (_, j) => ({ name: `f${j}`, type: "numeric", position: j })) },
    },
  });
  const repo = predictionRepository();
  const ref = (await repo.findModel(workspaceId, model.slug))!;
  const now = Date.now();
  const ctx = { now, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const BATCH = 5000;
  for (const [start, shift] of [[now - 47 * 3600_000, 0], [now - 23 * 3600_000, 0.05]] as const) {
    const step = (22 * 3600_000) / ROWS;
    const pending: Promise<unknown>[] = [];
    for (let b = 0; b < ROWS; b += BATCH) {
      const rows = [];
      for (let i = b; i < Math.min(ROWS, b + BATCH); i++) {
        const features: Record<string, number> = {};
        for (let j = 0; j < FEATURES; j++) features[`f${j}`] = Math.round((rand() + (j % 4 === 0 ? shift : 0)) * 1e6) / 1e4;
        rows.push(validatePrediction({ requestId: `${shift}-${i}`, timestamp: Math.round(start + i * step), version: "v1", features, prediction: rand() }, i, ctx));
      }
      pending.push(repo.writePredictions(ref, rows as never[]));
      if (pending.length >= 4) await pending.shift();
    }
    await Promise.all(pending);
  }
  const nb = await prisma.notebook.create({
    data: {
      workspaceId,
      modelId: model.id,
      title: "Footprint: big drift",
      defaults: JSON.stringify({ versions: ["v1"], window: { kind: "lastDays", days: 1 }, reference: { kind: "precedingWindow" }, cohortKeys: [], minCohortSize: 1 }),
      cells: JSON.stringify([{ id: "ks", type: "evaluator", title: "KS", pluginId: "drift.ks", config: {} }]),
    },
  });
  return nb.id;
}

async function dropQueueKeys(url: string, prefix: string) {
  const { Redis } = await import("ioredis");
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  r.on("error", () => {});
  try {
    await r.connect();
    let cursor = "0";
    do {
      const [c, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = c;
      if (keys.length) await r.del(...keys);
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

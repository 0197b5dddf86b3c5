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
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MB, ROOT, Sampler, dbBytes, dropQueueKeys, flag, phaseTable, prepareApp, seedDemo, signInDemo, startApp, waitRuns as waitRunsOf } from "./app-harness";
import { describeCliStartup, measureCliStartup } from "./cli-startup";

const RUNS = flag("runs", 60);
const PAGES = flag("pages", 1000);
const ROWS = flag("rows", 1_000_000);
const FEATURES = flag("features", 20);
const REST_MS = flag("rest-seconds", 40) * 1000; // longer than the evaluation threads' idle period (30 s)

// ── main ─────────────────────────────────────────────────────────────────────

async function main() {
  const { tmp, dbFile, port, env } = await prepareApp("footprint");
  console.log(`footprint: runs=${RUNS} pages=${PAGES} rows=${ROWS}×${FEATURES}   load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}   ${os.cpus().length} cores, ${MB(os.totalmem())} RAM`);

  seedDemo(env, tmp);
  console.log(`demo database: ${MB(dbBytes(dbFile))}`);
  const app = await startApp(env, port);
  const { web, worker: wrk, workerReadyMs, workerReadyCpuMs, webReadyMs, stop: stopAll } = app;

  const sampler = new Sampler({ web: web.child, worker: wrk.child });
  const { report, atRest, print: printPhases } = phaseTable(sampler, REST_MS);

  const { prisma } = await import("../server/db/client");
  const { startRun } = await import("../server/notebooks/runs");
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: "demo" } });
  const user = await prisma.user.findFirstOrThrow({ where: { email: "demo@evalbook.local" } });
  const actor = { id: user.id, label: user.email };

  const waitRuns = (ids: string[], timeoutMs: number) => waitRunsOf(prisma, wrk, ids, timeoutMs);

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
  const cookie = await signInDemo(base);
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
  printPhases();
  goal("worker ready ≤ 2 s after the build", `${(workerReadyMs / 1000).toFixed(2)} s wall, ${(workerReadyCpuMs / 1000).toFixed(2)} s CPU`, workerReadyMs <= 2000);
  goal("`evalbook evaluate` start-up (before the first byte) ≤ 80 ms", describeCliStartup(cli), cli.wallMs <= 80);
  console.log(`\ngoals (issue #18), load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")} on ${os.cpus().length} cores — start-up times grow with the load, memory does not:`);
  console.log("goal | measured | met");
  for (const g of goals) console.log(`${g.goal} | ${g.measured} | ${g.met ? "yes" : "NO"}`);
  console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
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

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

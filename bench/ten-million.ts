/**
 * `npm run bench:ten-million` — the minimum machine for 10M predictions, measured (issue #18): a
 * demo instance whose database also holds one model with 10M predictions (bench/synthetic-traffic.ts:
 * 3 versions over 60 days, 5 features, 10% labelled), written straight into the store before the
 * app starts. Then, with the app started the way `npm start` starts it (bench/app-harness.ts):
 *
 *   - the database's size on disk (file + WAL, after a checkpoint) and what the app itself takes
 *     (node_modules, the web build, dist/);
 *   - web and worker resident memory at rest, the web's peak while serving the 10M model's page
 *     (its traffic panels read the rollups) and the inventory `--pages` times, then at rest;
 *   - the worker's peak while running the "Weekly health check" notebook on that model (quality per
 *     cohort, PSI drift against the preceding window, data quality, cost & latency) over the last 7
 *     days of all three versions (~1.2M predictions, and as many in the reference) `--runs` times,
 *     then at rest.
 *
 *   npm run bench:ten-million                      (rows=10000000 pages=200 runs=3)
 *   npm run bench:ten-million -- --rows 1000000 --pages 20 --runs 1
 *
 * "At rest" is after --rest-seconds (40) without work: past the evaluation threads' idle period.
 */
import { execFileSync } from "node:child_process";
import { realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { MB, ROOT, Sampler, dbBytes, dropQueueKeys, flag, load, phaseTable, prepareApp, seedDemo, signInDemo, startApp, waitRuns } from "./app-harness";
import { TRAFFIC_DAYS, syntheticTraffic } from "./synthetic-traffic";

const ROWS = flag("rows", 10_000_000);
const PAGES = flag("pages", 200);
const RUNS = flag("runs", 3);
const REST_MS = flag("rest-seconds", 40) * 1000;
const WINDOW_DAYS = 7;
if (ROWS % 10_000 !== 0 || ROWS === 0) throw new Error("--rows must be a positive multiple of 10,000");

/** Disk use of a folder (bytes, as `du` counts it), 0 when missing. */
function du(dir: string): number {
  try {
    return Number(execFileSync("du", ["-sb", realpathSync(dir)], { encoding: "utf8" }).split("\t")[0]);
  } catch {
    return 0;
  }
}

async function main() {
  const { tmp, dbFile, port, env } = await prepareApp("ten-million");
  console.log(`ten-million: rows=${ROWS} pages=${PAGES} runs=${RUNS}   load: ${load()}   ${os.cpus().length} cores, ${MB(os.totalmem())} RAM`);
  try {
    seedDemo(env, tmp);
    const demoBytes = dbBytes(dbFile);
    console.log(`demo database: ${MB(demoBytes)}`);

    // 1. the model and its predictions, straight into the store (the repository's write path: rollups as in production)
    const { prisma } = await import("../server/db/client");
    const { predictionRepository } = await import("../server/predictions");
    const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: "demo" } });
    const user = await prisma.user.findFirstOrThrow({ where: { email: "demo@evalbook.local" } });
    const actor = { id: user.id, label: user.email };
    const slug = "traffic-10m";
    await prisma.model.create({
      data: {
        workspaceId: ws.id,
        slug,
        name: "Traffic 10M",
        task: "binary",
        ownerTeam: "bench",
        onCall: "bench",
        versions: { create: [{ label: "v1", stage: "production" }, { label: "v2", stage: "candidate" }, { label: "v3", stage: "shadow" }] },
        features: {
          create: [
            { name: "amount", type: "numeric", key: true, position: 0 },
            { name: "age", type: "numeric", key: true, position: 1 },
            { name: "score", type: "numeric", key: true, position: 2 },
            { name: "tier", type: "categorical", key: true, position: 3 },
            { name: "country", type: "categorical", key: true, position: 4 },
          ],
        },
      },
    });
    const repo = predictionRepository();
    const ref = (await repo.findModel(ws.id, slug))!;
    const traffic = syntheticTraffic(ROWS);
    let t = performance.now();
    for (let b = 0; b < traffic.batches; b++) {
      await repo.writePredictions(ref, traffic.predictions(b));
      if (b % 100 === 99) process.stdout.write(`\r${((b + 1) * 10_000).toLocaleString("en-US")} predictions`);
    }
    const ingestS = (performance.now() - t) / 1000;
    t = performance.now();
    for (let b = 0; b < traffic.batches; b++) await repo.writeLabels(ref.id, traffic.labels(b));
    process.stdout.write("\r");
    console.log(`${ROWS.toLocaleString("en-US")} predictions in ${ingestS.toFixed(0)} s, ${(ROWS / 10).toLocaleString("en-US")} labels in ${((performance.now() - t) / 1000).toFixed(0)} s`);

    const { createNotebook } = await import("../server/notebooks/service");
    const nb = await createNotebook(prisma, ws.id, actor, { modelSlug: slug, template: "weekly-health" });
    const defaults = { ...JSON.parse((await prisma.notebook.findUniqueOrThrow({ where: { id: nb.id } })).defaults), versions: ["v1", "v2", "v3"], reference: { kind: "precedingWindow" } };
    await prisma.notebook.update({ where: { id: nb.id }, data: { defaults: JSON.stringify(defaults) } });
    await prisma.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const dbOnDisk = dbBytes(dbFile);
    console.log(`database on disk: ${MB(dbOnDisk)} (demo ${MB(demoBytes)} + ${Math.round((dbOnDisk - demoBytes) / ROWS)} bytes per prediction with its labels and rollups)`);

    // 2. the app, at rest on it
    const app = await startApp(env, port);
    const sampler = new Sampler({ web: app.web.child, worker: app.worker.child });
    const { report, atRest, print: printPhases } = phaseTable(sampler, REST_MS);
    report("started, at rest", await atRest());

    // 3. the 10M model's page and the inventory, served
    const base = `http://127.0.0.1:${port}`;
    const cookie = await signInDemo(base);
    const pages = [`/w/demo/models/${slug}`, `/w/demo/models`];
    const latencies: Record<string, number[]> = Object.fromEntries(pages.map((p) => [p, []]));
    sampler.reset();
    for (let i = 0; i < PAGES; i++) {
      const p = pages[i % pages.length]!;
      const t0 = performance.now();
      const res = await fetch(base + p, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200 || new URL(res.url).pathname.startsWith("/sign-in")) throw new Error(`GET ${p}: HTTP ${res.status} at ${res.url}`);
      latencies[p]!.push(performance.now() - t0);
    }
    const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    if (PAGES) console.log(`${PAGES} page loads: ${pages.map((p) => `${p} p50 ${Math.round(p50(latencies[p]!))} ms`).join(", ")}`);
    report(`after ${PAGES} loads of the 10M model's page and the inventory, at rest`, await atRest(), sampler.peak());

    // 4. the weekly health check over the last 7 days of the 10M model
    const db = prisma;
    const { startRun } = await import("../server/notebooks/runs");
    sampler.reset();
    const tRuns = performance.now();
    for (let r = 0; r < RUNS; r++) {
      const { runId } = await startRun(db, ws.id, actor, nb.id, { trigger: "manual" });
      await waitRuns(db, app.worker, [runId], 1_800_000);
    }
    const windowRows = Math.round((ROWS * WINDOW_DAYS) / TRAFFIC_DAYS);
    if (RUNS) console.log(`${RUNS} × the weekly health check (last ${WINDOW_DAYS} days ≈ ${windowRows.toLocaleString("en-US")} predictions, the preceding ${WINDOW_DAYS} days as reference) in ${((performance.now() - tRuns) / 1000).toFixed(1)} s`);
    report(`after ${RUNS} × the weekly health check on ${WINDOW_DAYS} days, at rest`, await atRest(), sampler.peak());

    sampler.stop();
    app.stop();
    await db.$disconnect();
    await dropQueueKeys(env.REDIS_URL, env.QUEUE_PREFIX);

    const disk = { node_modules: du(path.join(ROOT, "node_modules")), web: du(path.join(ROOT, ".next")), dist: du(path.join(ROOT, "dist")) };
    console.log(`\nstart-up: worker ready ${(app.workerReadyMs / 1000).toFixed(2)} s (${(app.workerReadyCpuMs / 1000).toFixed(2)} s CPU), web ready ${(app.webReadyMs / 1000).toFixed(2)} s`);
    console.log(`disk: database ${MB(dbOnDisk)} (the demo alone ${MB(demoBytes)}), node_modules ${MB(disk.node_modules)}, web build ${MB(disk.web)}, dist ${MB(disk.dist)}`);
    printPhases();
    console.log(`load after: ${load()}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

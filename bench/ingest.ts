/**
 * `npm run bench:ingest` — ingest throughput over HTTP and at the database layer, and the window
 * read the evaluators depend on. Needs a production build (`next build`).
 *
 *   BENCH_BATCHES=300 BENCH_CLIENTS=8 BENCH_WINDOW_ROWS=1000000 npm run bench:ingest
 *
 * 1. HTTP: a fresh migrated database, `next start` on a free port, BENCH_CLIENTS concurrent clients
 *    POSTing 1,000-row × 20-feature JSON batches. Prints rows/s, p50/p95 batch latency, server peak RSS.
 * 2. Database layer: the same rows straight into the prediction repository (validated rows, group commit with
 *    the same concurrency, and one batch per transaction), rows/s.
 * 3. Window load: BENCH_WINDOW_ROWS rows × 20 features written, then loadWindow() → typed arrays.
 */
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BATCHES = Number(process.env.BENCH_BATCHES ?? 300);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROWS = 1000;
const FEATURES = 20;
const WINDOW_ROWS = Number(process.env.BENCH_WINDOW_ROWS ?? 1_000_000);

const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-bench-"));
const dbFile = path.join(tmp, "bench.db");
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.LOG_LEVEL ??= "warn";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function makeRows(batch: number, t0: number): object[] {
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const features: Record<string, number | string> = {};
    for (let j = 0; j < FEATURES; j++) features[`f${j}`] = j < 16 ? Math.round(Math.random() * 1e6) / 100 : `c${(i * 7 + j) % 6}`;
    rows.push({
      requestId: `b${batch}-r${i}`,
      timestamp: t0 + batch * ROWS + i,
      version: "v1",
      features,
      prediction: Math.round(Math.random() * 1e4) / 1e4,
      latencyMs: 20 + Math.random() * 30,
      costUsd: 0.0001,
      cohort: { tier: i % 50 === 0 ? "strategic" : "smb", region: i % 3 ? "emea" : "na" },
    });
  }
  return rows;
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function rssOfTree(pid: number): number {
  // VmHWM (peak resident set) of the process and its children, in MB
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) total += Number(m[1]) / 1024;
      const children = readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
      children.forEach(visit);
    } catch {
      /* gone */
    }
  };
  visit(pid);
  return Math.round(total);
}

async function setup() {
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    stdio: "ignore",
  });
  const { openSqlite } = await import("../server/db/sqlite");
  const { hashSecret } = await import("../server/apikeys/keys");
  const db = openSqlite();
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO "Workspace" (id, slug, name, config, createdAt) VALUES ('ws_bench', 'bench', 'Bench', '{}', ?)`).run(now);
  db.prepare(
    `INSERT INTO "Model" (id, workspaceId, slug, name, task, ownerTeam, onCall, createdAt, updatedAt) VALUES ('m_bench', 'ws_bench', 'bench-model', 'Bench', 'binary', 'bench', 'bench', ?, ?)`,
  ).run(now, now);
  const insertFeature = db.prepare(`INSERT INTO "FeatureContract" (id, modelId, name, type, nullable, min, max, position) VALUES (?, 'm_bench', ?, ?, 1, ?, ?, ?)`);
  for (let j = 0; j < FEATURES; j++) insertFeature.run(`fc${j}`, `f${j}`, j < 16 ? "numeric" : "categorical", j < 16 ? 0 : null, j < 16 ? 9000 : null, j);
  const secret = "eb_live_benchbenchben" + "x".repeat(32);
  db.prepare(`INSERT INTO "ApiKey" (id, workspaceId, name, prefix, hash, createdById, createdAt) VALUES ('k_bench', 'ws_bench', 'bench', ?, ?, 'bench', ?)`).run(
    secret.slice(0, 20),
    hashSecret(secret),
    now,
  );
  db.close();
  return secret;
}

async function httpBench(secret: string) {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `node_modules/.bin/next build` first");
  const port = await freePort();
  const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-p", String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", INGEST_RATE_LIMIT_PER_MINUTE: "100000000", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  server.stdout.on("data", (d: Buffer) => (out += d));
  server.stderr.on("data", (d: Buffer) => (out += d));
  const url = `http://127.0.0.1:${port}/api/v1/models/bench-model/predictions`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const t0 = Date.now() - 86_400_000;
  const bodies = Array.from({ length: BATCHES }, (_, b) => JSON.stringify(makeRows(b, t0)));
  const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
  // warm-up (JIT, statement cache) on a separate id range
  for (let w = 0; w < 3; w++) await fetch(url, { method: "POST", headers, body: JSON.stringify(makeRows(1e6 + w, t0)) });
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t = performance.now();
        const res = await fetch(url, { method: "POST", headers, body });
        const answer = (await res.json()) as { accepted: number };
        latencies.push(performance.now() - t);
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${JSON.stringify(answer)}`);
        accepted += answer.accepted;
      }
    }),
  );
  const secs = (performance.now() - started) / 1000;
  const rss = rssOfTree(server.pid!);
  server.kill("SIGTERM");
  latencies.sort((a, b) => a - b);
  return { rowsPerSec: Math.round((BATCHES * ROWS) / secs), accepted, p50: Math.round(pct(latencies, 0.5)), p95: Math.round(pct(latencies, 0.95)), rss, secs };
}

/** The bench database on a connection of this process: its prediction repository, the bench model, and validation. */
async function benchRepository() {
  const { openSqlite } = await import("../server/db/sqlite");
  const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
  const { validatePrediction } = await import("../server/ingest/validate");
  const db = openSqlite();
  const predictions = new SqlitePredictionRepository(db);
  const model = (await predictions.findModel("ws_bench", "bench-model"))!;
  return { db, predictions, model, validatePrediction };
}

async function dbBench() {
  const { db, predictions, model, validatePrediction } = await benchRepository();
  const ctx = { now: Date.now(), defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
  const t0 = Date.now() - 3 * 86_400_000;
  const normalized = (b: number) => makeRows(b, t0).map((r, i) => validatePrediction(r, i, ctx)) as never[];
  // a) group commit with CLIENTS batches in flight (what the server does)
  const n = BATCHES;
  const batches = Array.from({ length: n }, (_, b) => normalized(2e6 + b));
  let t = performance.now();
  for (let i = 0; i < n; i += CLIENTS) await Promise.all(batches.slice(i, i + CLIENTS).map((rows) => predictions.writePredictions(model, rows)));
  const grouped = Math.round((n * ROWS) / ((performance.now() - t) / 1000));
  // b) one transaction (and fsync) per batch
  const batches2 = Array.from({ length: n }, (_, b) => normalized(3e6 + b));
  t = performance.now();
  for (const rows of batches2) predictions.store.writePredictions(model, rows);
  const single = Math.round((n * ROWS) / ((performance.now() - t) / 1000));
  // c) validation alone (parsed JSON → normalized rows)
  const raw = makeRows(4e6, t0);
  t = performance.now();
  for (let k = 0; k < 20; k++) raw.forEach((r, i) => validatePrediction(r, i, ctx));
  const validate = Math.round((20 * ROWS) / ((performance.now() - t) / 1000));
  db.close();
  return { grouped, single, validate };
}

async function windowBench() {
  const { db, predictions, model, validatePrediction } = await benchRepository();
  db.prepare(`INSERT INTO "ModelVersion" (id, modelId, label, stage, createdAt) VALUES ('mv_w', 'm_bench', 'window', 'shadow', ?)`).run(new Date().toISOString());
  const ctx = { now: Date.now(), defaultVersion: "window", knownVersions: null, maxFeaturesPerRow: 1000 };
  const t0 = Date.UTC(2026, 0, 1);
  const t = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let b = 0; b < WINDOW_ROWS / ROWS; b++) {
    const rows = makeRows(5e6 + b, t0).map((r, i) => validatePrediction({ ...r, version: "window" }, i, ctx)) as never[];
    pending.push(predictions.writePredictions(model, rows));
    if (pending.length >= CLIENTS) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const writeSecs = (performance.now() - t) / 1000;
  db.pragma("wal_checkpoint(TRUNCATE)");
  const loads: number[] = [];
  let rows = 0;
  let features = 0;
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    const w = await predictions.loadWindow({ modelId: model.id, version: "window" });
    loads.push(performance.now() - s);
    rows = w.frame.length;
    features = Object.keys(w.frame.features).length;
  }
  const s = performance.now();
  // makeRows(batch) stamps row i of batch b at t0 + b*ROWS + i; the window batches start at b = 5e6
  const first = t0 + 5e6 * ROWS;
  const half = await predictions.loadWindow({ modelId: model.id, version: "window", from: first, to: first + WINDOW_ROWS / 2, cohort: { tier: "strategic" } });
  const filtered = performance.now() - s;
  db.close();
  return { rows, features, writeSecs, loadMs: loads.map(Math.round), filteredMs: Math.round(filtered), filteredRows: half.frame.length, rss: Math.round(process.memoryUsage().rss / 1e6) };
}

async function main() {
  console.log(`evalbook ingest benchmark — ${os.cpus().length} cores, Node ${process.version}; batches of ${ROWS} rows × ${FEATURES} features`);
  const secret = await setup();
  const http = await httpBench(secret);
  console.log(
    `HTTP:      ${http.rowsPerSec.toLocaleString("en-US")} rows/s (${BATCHES} batches, ${CLIENTS} clients, ${http.secs.toFixed(1)} s); batch latency p50 ${http.p50} ms, p95 ${http.p95} ms; server peak RSS ${http.rss} MB`,
  );
  const db = await dbBench();
  console.log(
    `DB layer:  ${db.grouped.toLocaleString("en-US")} rows/s with group commit (${CLIENTS} batches in flight); ${db.single.toLocaleString("en-US")} rows/s at one transaction+fsync per batch; validation alone ${db.validate.toLocaleString("en-US")} rows/s`,
  );
  if (WINDOW_ROWS > 0) {
    const w = await windowBench();
    console.log(
      `Window:    ${w.rows.toLocaleString("en-US")} rows × ${w.features} features → typed arrays in ${w.loadMs.join(" / ")} ms (3 runs; written in ${w.writeSecs.toFixed(1)} s); half the range + cohort filter: ${w.filteredRows.toLocaleString("en-US")} rows in ${w.filteredMs} ms; bench RSS ${w.rss} MB`,
    );
  }
  rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});

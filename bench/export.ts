/**
 * `npm run bench:export` — export BENCH_EXPORT_ROWS (default 1,000,000) labelled rows × 20 contract
 * features from a fresh SQLite database as Parquet and as CSV, each in its own process (so the
 * peak RSS is the export's, not the setup's). Goal: ≤ 10 s and ≤ 300 MB each.
 *
 *   BENCH_EXPORT_ROWS=1000000 npm run bench:export
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
const FEATURES = 20;
const BATCH = 1000;
const T0 = Date.UTC(2026, 0, 1);

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function setup() {
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
  const { openSqlite } = await import("../server/db/sqlite");
  const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
  const { validatePrediction } = await import("../server/ingest/validate");
  const db = openSqlite();
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO "Workspace" (id, slug, name, config, createdAt) VALUES ('ws_bench', 'bench', 'Bench', '{}', ?)`).run(now);
  db.prepare(`INSERT INTO "Model" (id, workspaceId, slug, name, task, ownerTeam, onCall, createdAt, updatedAt) VALUES ('m_bench', 'ws_bench', 'bench-model', 'Bench', 'binary', 'bench', 'bench', ?, ?)`).run(now, now);
  db.prepare(`INSERT INTO "ModelVersion" (id, modelId, label, stage, createdAt) VALUES ('mv_1', 'm_bench', 'v1', 'production', ?)`).run(now);
  const insertFeature = db.prepare(`INSERT INTO "FeatureContract" (id, modelId, name, type, nullable, min, max, position) VALUES (?, 'm_bench', ?, ?, 1, ?, ?, ?)`);
  for (let j = 0; j < FEATURES; j++) insertFeature.run(`fc${j}`, `f${j}`, j < 16 ? "numeric" : "categorical", j < 16 ? 0 : null, j < 16 ? 1e5 : null, j);
  const repo = new SqlitePredictionRepository(db);
  const model = (await repo.findModel("ws_bench", "bench-model"))!;
  const ctx = { now: T0 + 86_400_000, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
  const t = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let b = 0; b < ROWS / BATCH; b++) {
    const rows: never[] = [];
    for (let i = 0; i < BATCH; i++) {
      const features: Record<string, number | string> = {};
      for (let j = 0; j < FEATURES; j++) features[`f${j}`] = j < 16 ? Math.round(Math.random() * 1e6) / 100 : `c${(i * 7 + j) % 6}`;
      const row = { requestId: `b${b}-r${i}`, timestamp: T0 + b * BATCH + i, version: "v1", features, prediction: Math.random(), label: i % 2, cohort: { tier: i % 50 === 0 ? "strategic" : "smb" } };
      rows.push(validatePrediction(row, i, ctx) as never);
    }
    pending.push(repo.writePredictions(model, rows));
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return (performance.now() - t) / 1000;
}

/** The child: one export to a file; prints JSON with seconds, rows and peak RSS. */
async function child(format: "parquet" | "csv", out: string) {
  const { openSqlite } = await import("../server/db/sqlite");
  const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
  const { prisma } = await import("../server/db/client");
  const { startExport } = await import("../server/export/service");
  const { createWriteStream } = await import("node:fs");
  const { once } = await import("node:events").then((m) => m.default);
  const repo = new SqlitePredictionRepository(openSqlite(undefined, { readonly: true }));
  const model = (await repo.findModel("ws_bench", "bench-model"))!;
  const rssBefore = peakRssMb();
  const peak = { heapUsed: 0, external: 0, arrayBuffers: 0, rss: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], Math.round(m[k] / 1e6));
  }, 50);
  const t = performance.now();
  const cpu = process.cpuUsage();
  const chunkRows = process.env.BENCH_CHUNK_ROWS ? Number(process.env.BENCH_CHUNK_ROWS) : undefined;
  const file = await startExport(prisma, repo, { workspaceId: "ws_bench", actor: { id: null, label: "bench" }, chunkRows }, model, { from: T0, to: T0 + ROWS, format, labelled: true, dataQuality: true });
  const stream = createWriteStream(out);
  for await (const p of file.body) if (!stream.write(p)) await once(stream, "drain");
  stream.end();
  await once(stream, "close");
  const secs = (performance.now() - t) / 1000;
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ secs, cpuSecs: (used.user + used.system) / 1e6, rows: file.counts.rows, rssBefore, rss: peakRssMb(), peak }));
  await prisma.$disconnect();
}

async function main() {
  if (process.argv[2] === "--child") return child(process.argv[3] as "parquet" | "csv", process.argv[4]!);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-bench-export-"));
  const dbFile = path.join(tmp, "bench.db");
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.LOG_LEVEL ??= "warn";
  try {
    console.log(`evalbook export benchmark — ${os.cpus().length} cores, Node ${process.version}; load ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    const writeSecs = await setup();
    console.log(`setup: ${ROWS.toLocaleString("en-US")} labelled rows × ${FEATURES} features written in ${writeSecs.toFixed(1)} s`);
    for (const format of ["parquet", "csv"] as const) {
      const out = path.join(tmp, `export.${format}`);
      const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", format, out], { cwd: ROOT, env: process.env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`${format} export failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { secs: number; cpuSecs: number; rows: number; rssBefore: number; rss: number };
      const mb = statSync(out).size / 1e6;
      console.log(
        `${format.padEnd(7)} ${m.rows.toLocaleString("en-US")} rows in ${m.secs.toFixed(2)} s wall, ${m.cpuSecs.toFixed(2)} s CPU (${Math.round(m.rows / m.secs).toLocaleString("en-US")} rows/s), ${mb.toFixed(0)} MB file; peak RSS ${m.rss} MB (${m.rssBefore} MB before the export) — goal ≤ 10 s, ≤ 300 MB`,
      );
    }
    // The same exports through the command a user runs (compiled `evalbook export`, no tsx), whole process under /usr/bin/time.
    const localEnv = { ...process.env };
    delete localEnv.EVALBOOK_URL; // the local database, not a server
    delete localEnv.EVALBOOK_API_KEY;
    for (const format of ["parquet", "csv"] as const) {
      const out = path.join(tmp, `cli.${format}`);
      const args = ["-f", "%e %U %S %M", process.execPath, path.join(ROOT, "bin/evalbook.mjs"), "export", "--model", "bench-model", "--from", String(T0), "--to", String(T0 + ROWS), "--labelled-only", "--format", format, "--out", out, "--no-progress"];
      const r = spawnSync("/usr/bin/time", args, { cwd: ROOT, env: localEnv, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`evalbook export --format ${format} failed: ${r.stderr}`);
      const [wall, user, sys, kb] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
      console.log(`${("cli " + format).padEnd(11)} whole process ${wall.toFixed(2)} s wall, ${(user + sys).toFixed(2)} s CPU, peak RSS ${Math.round(kb / 1024)} MB (start-up included) — goal ≤ 10 s, ≤ 300 MB`);
    }
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept ${tmp}`);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * `npm run bench:backends` — the prediction store on SQLite and on PostgreSQL, side by side, at
 * the storage layer (no HTTP): ingest of 1,000-row × 20-feature batches with BENCH_CLIENTS batches
 * in flight, then a window load of everything written and the model page's traffic summary.
 *
 *   PG_URL=postgresql://postgres@127.0.0.1:5432 BENCH_BATCHES=200 BENCH_CLIENTS=8 npm run bench:backends
 *
 * PostgreSQL gets a throwaway database (created and dropped); SQLite a temp file. The model has a
 * 20-feature contract (checked at write time, as for a real model). This is issue 12's "storage
 * layer" figure (goal: ≥ 200,000 rows/s on SQLite): validated rows → repository.writePredictions
 * → durable commit. Printed per backend: wall-clock rows/s, rows per CPU-second of this process (on
 * a shared machine the wall figure follows the load; PostgreSQL's server CPU is not in it), and,
 * once, the encoding alone (segment + rollup deltas + contract checks) — the CPU floor of a write.
 * A warm-up of BENCH_CLIENTS batches per backend is not timed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const ROWS = 1000;
const FEATURES = 20;
const PG_URL = process.env.PG_URL || "postgresql://postgres@127.0.0.1:5432";
process.env.LOG_LEVEL ??= "warn";

function makeRows(batch: number, t0: number): object[] {
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const features: Record<string, number | string> = {};
    for (let j = 0; j < FEATURES; j++) features[`f${j}`] = j < 16 ? Math.round(Math.random() * 1e6) / 100 : `c${(i * 7 + j) % 6}`;
    rows.push({ requestId: `b${batch}-r${i}`, timestamp: t0 + batch * ROWS + i, version: "v1", features, prediction: Math.random(), latencyMs: 20, cohort: { region: i % 3 ? "emea" : "na" } });
  }
  return rows;
}

const dbUrl = (name: string) => Object.assign(new URL(PG_URL), { pathname: `/${name}` }).toString();

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-bench-backends-"));
  const pgName = `evalbook_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: dbUrl("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
  process.env.DATABASE_URL = `file:${path.join(tmp, "bench.db")}`;
  try {
    const { execFileSync } = await import("node:child_process");
    execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
    const { migratePostgres } = await import("../scripts/pg-migrate.mjs");
    await migratePostgres(dbUrl(pgName));

    const { openSqlite } = await import("../server/db/sqlite");
    const { createPgPool } = await import("../server/db/postgres");
    const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
    const { PgPredictionRepository } = await import("../server/predictions/pg-repository");
    const { validatePrediction } = await import("../server/ingest/validate");
    const sqlite = openSqlite();
    const pool = createPgPool(dbUrl(pgName), CLIENTS + 2);
    for (const q of [
      (sql: string) => sqlite.exec(sql),
      (sql: string) => pool.query(sql),
    ]) {
      await q(`INSERT INTO "Workspace" ("id","slug","name") VALUES ('ws_b','b','B')`);
      await q(
        `INSERT INTO "Model" ("id","workspaceId","slug","name","task","ownerTeam","onCall","createdAt","updatedAt") VALUES ('m_b','ws_b','m','M','binary','t','t',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP)`,
      );
      for (let j = 0; j < FEATURES; j++)
        await q(
          `INSERT INTO "FeatureContract" ("id","modelId","name","type","nullable","min","max","position") VALUES ('fc${j}','m_b','f${j}','${j < 16 ? "numeric" : "categorical"}',true,${j < 16 ? 0 : "NULL"},${j < 16 ? 9000 : "NULL"},${j})`,
        );
    }
    const repos = { sqlite: new SqlitePredictionRepository(sqlite), postgresql: new PgPredictionRepository(pool) };
    const ctx = { now: Date.now(), defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
    const t0 = Date.now() - 3 * 86_400_000;
    const batches = Array.from({ length: BATCHES }, (_, b) => makeRows(b, t0).map((r, i) => validatePrediction(r, i, ctx)) as never[]);
    const warmup = Array.from({ length: CLIENTS }, (_, b) => makeRows(1e6 + b, t0).map((r, i) => validatePrediction(r, i, ctx)) as never[]);
    console.log(`${BATCHES} batches × ${ROWS} rows × ${FEATURES} features (20-feature contract), ${CLIENTS} in flight; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    {
      const { encodeSegmentWithTallies } = await import("../server/predictions/segment");
      const { compileContract } = await import("../server/predictions/contract");
      const contract = compileContract(
        Array.from({ length: FEATURES }, (_, j) => ({ name: `f${j}`, type: j < 16 ? "numeric" : "categorical", nullable: 1, min: j < 16 ? 0 : null, max: j < 16 ? 9000 : null, categories: null })),
      );
      const byName = new Map(contract.map((f) => [f.name, f]));
      for (const b of warmup) encodeSegmentWithTallies(b, contract, byName);
      const c = process.cpuUsage();
      const t = performance.now();
      for (const b of batches) encodeSegmentWithTallies(b, contract, byName);
      const cpu = process.cpuUsage(c);
      console.log(
        `encoding alone (segment + rollup deltas + contract checks): ${Math.round((BATCHES * ROWS) / ((performance.now() - t) / 1000)).toLocaleString("en-US")} rows/s · ${Math.round((BATCHES * ROWS) / ((cpu.user + cpu.system) / 1e6)).toLocaleString("en-US")} rows per CPU-second`,
      );
    }
    for (const [name, repo] of Object.entries(repos)) {
      const model = (await repo.findModel("ws_b", "m"))!;
      await Promise.all(warmup.map((rows) => repo.writePredictions(model, rows)));
      const cpu0 = process.cpuUsage();
      let t = performance.now();
      for (let i = 0; i < BATCHES; i += CLIENTS) await Promise.all(batches.slice(i, i + CLIENTS).map((rows) => repo.writePredictions(model, rows)));
      const secs = (performance.now() - t) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const ingest = Math.round((BATCHES * ROWS) / secs);
      const perCpu = Math.round((BATCHES * ROWS) / ((cpu.user + cpu.system) / 1e6));
      t = performance.now();
      const w = await repo.loadWindow({ modelId: model.id });
      const windowMs = Math.round(performance.now() - t);
      t = performance.now();
      await repo.modelTraffic(model.id);
      const trafficMs = Math.round(performance.now() - t);
      console.log(`${name.padEnd(10)} storage-layer ingest ${ingest.toLocaleString("en-US")} rows/s (${perCpu.toLocaleString("en-US")} rows per CPU-second of this process; goal on SQLite ≥ 200,000 rows/s) · window ${w.frame.length.toLocaleString("en-US")} rows in ${windowMs} ms · model traffic ${trafficMs} ms`);
    }
    const size = await pool.query<{ s: string }>(`SELECT pg_size_pretty(sum(octet_length(data))) AS s FROM pred_segment`);
    console.log(`postgresql segment bytes: ${size.rows[0]!.s}`);
    sqlite.close();
    await pool.end();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

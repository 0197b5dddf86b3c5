/**
 * `npm run bench:model-page` — the model page's and the inventory's traffic loaders at 10M
 * predictions (issue 12, "Rollups"). Predictions are generated straight into the store (the
 * repository's write path, so rollups are kept as in production; no HTTP): 3 versions over 60 UTC
 * days, 5 features, errors, cost, tokens, latency, a sample rate of 5% on part of the traffic, and
 * labels for 10% of the requests arriving later. Then each loader runs BENCH_READS times:
 *
 *   model page   repo.modelTraffic(model, versions)  — what `ingest.traffic` serves
 *   inventory    repo.workspaceTraffic(workspace)    — what `ingest.workspaceTraffic` serves
 *
 * and, for contrast, the raw scans the rollups replaced (count of label links and their latency
 * percentile over the predictions). Goal: model page and inventory ≤ 150 ms at 10M.
 *
 *   BENCH_ROWS=10000000 BENCH_BACKENDS=sqlite,postgresql npm run bench:model-page
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import pg from "pg";
import type { PredictionRepository } from "../server/predictions";
import { DAY, TRAFFIC_BATCH as BATCH, TRAFFIC_DAYS as DAYS, TRAFFIC_VERSIONS as VERSIONS, syntheticTraffic } from "./synthetic-traffic";

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000_000);
const READS = Number(process.env.BENCH_READS ?? 20);
const BACKENDS = (process.env.BENCH_BACKENDS ?? "sqlite").split(",");
const PG_URL = process.env.PG_URL || "postgresql://postgres@127.0.0.1:5432";
process.env.LOG_LEVEL ??= "warn";

const traffic = syntheticTraffic(ROWS);

async function timeIt(fn: () => Promise<unknown>): Promise<{ first: number; p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < READS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const first = times[0]!;
  times.sort((a, b) => a - b);
  return { first, p50: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]! };
}

const fmt = (t: { first: number; p50: number; p95: number }) => `first ${t.first.toFixed(1)} ms · p50 ${t.p50.toFixed(1)} ms · p95 ${t.p95.toFixed(1)} ms`;
const dbUrl = (name: string) => Object.assign(new URL(PG_URL), { pathname: `/${name}` }).toString();

async function fill(repo: PredictionRepository, name: string) {
  const model = (await repo.findModel("ws_b", "m"))!;
  const batches = ROWS / BATCH;
  let t = performance.now();
  for (let b = 0; b < batches; b++) {
    await repo.writePredictions(model, traffic.predictions(b));
    if (b % 100 === 99) process.stdout.write(`\r${name}: ${((b + 1) * BATCH).toLocaleString("en-US")} predictions`);
  }
  const ingestS = (performance.now() - t) / 1000;
  t = performance.now();
  for (let b = 0; b < batches; b++) await repo.writeLabels(model.id, traffic.labels(b));
  const labelS = (performance.now() - t) / 1000;
  process.stdout.write("\r");
  console.log(
    `${name}: ${ROWS.toLocaleString("en-US")} predictions in ${ingestS.toFixed(0)} s (${Math.round(ROWS / ingestS).toLocaleString("en-US")} rows/s with rollups) · ` +
      `${(ROWS / 10).toLocaleString("en-US")} labels in ${labelS.toFixed(0)} s`,
  );
  return model;
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-bench-model-page-"));
  const pgName = `evalbook_bench_${randomBytes(4).toString("hex")}`;
  const admin = BACKENDS.includes("postgresql") ? new pg.Client({ connectionString: dbUrl("postgres") }) : null;
  process.env.DATABASE_URL = `file:${path.join(tmp, "bench.db")}`;
  try {
    const repos: [string, PredictionRepository, (sql: string) => Promise<unknown>][] = [];
    if (BACKENDS.includes("sqlite")) {
      execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
      const { openSqlite } = await import("../server/db/sqlite");
      const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
      const db = openSqlite();
      repos.push(["sqlite", new SqlitePredictionRepository(db), async (sql) => db.exec(sql)]);
    }
    if (admin) {
      await admin.connect();
      await admin.query(`CREATE DATABASE ${pgName}`);
      const { migratePostgres } = await import("../scripts/pg-migrate.mjs");
      await migratePostgres(dbUrl(pgName));
      const { createPgPool } = await import("../server/db/postgres");
      const { PgPredictionRepository } = await import("../server/predictions/pg-repository");
      const pool = createPgPool(dbUrl(pgName), 4);
      repos.push(["postgresql", new PgPredictionRepository(pool), (sql) => pool.query(sql)]);
    }
    for (const [name, repo, exec] of repos) {
      await exec(`INSERT INTO "Workspace" ("id","slug","name") VALUES ('ws_b','b','B')`);
      await exec(
        `INSERT INTO "Model" ("id","workspaceId","slug","name","task","ownerTeam","onCall","createdAt","updatedAt") VALUES ('m_b','ws_b','m','M','binary','t','t',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP)`,
      );
      const model = await fill(repo, name);
      const page = await timeIt(() => repo.modelTraffic(model.id, VERSIONS));
      const inventory = await timeIt(() => repo.workspaceTraffic("ws_b", Date.now() - 6 * DAY));
      const t = await repo.modelTraffic(model.id, VERSIONS);
      const { estimateText } = await import("../server/format/estimate");
      console.log(`${name}: model page traffic  ${fmt(page)}  (${t.serving.length} rollup rows; ${estimateText(t.sample.requests / DAYS, "requests/day", t.sample)})`);
      console.log(`${name}: inventory traffic   ${fmt(inventory)}`);
      const raw = await timeIt(async () =>
        exec(
          `SELECT count(*), avg(latency_ms) FROM label_link WHERE segment_id IN (SELECT g.id FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = 'm_b')`,
        ),
      );
      console.log(`${name}: for contrast, one raw scan the rollups replaced (label links of the model): ${fmt(raw)}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
  }
  const { loadavg, cpus } = os;
  console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:compaction` — what compaction buys and costs on SQLite: BENCH_BATCHES client-sized
 * batches (500 rows × 20 features, as the Python/TS clients send) over 4 UTC days, then the window
 * load (3 runs) before and after `compactSegments`, the compaction's rows/s, and a retention pass
 * deleting the older half (rows/s). Prints the machine's load: wall figures follow it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 400);
const ROWS = 500;
const FEATURES = 20;
const DAY = 86_400_000;
const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-bench-compaction-"));
process.env.DATABASE_URL = `file:${path.join(tmp, "bench.db")}`;
process.env.LOG_LEVEL ??= "warn";

function makeRows(batch: number, t0: number): object[] {
  const rows = [];
  const day = Math.floor((batch * 4) / BATCHES);
  for (let i = 0; i < ROWS; i++) {
    const features: Record<string, number | string> = {};
    for (let j = 0; j < FEATURES; j++) features[`f${j}`] = j < 16 ? Math.round(Math.random() * 1e6) / 100 : `c${(i * 7 + j) % 6}`;
    rows.push({ requestId: `b${batch}-r${i}`, timestamp: t0 + day * DAY + ((batch * ROWS + i) % (DAY - 1)), version: "v1", features, prediction: Math.random(), latencyMs: 20, cohort: { region: i % 3 ? "emea" : "na" } });
  }
  return rows;
}

async function main() {
  try {
    execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
    const { openSqlite } = await import("../server/db/sqlite");
    const { SqlitePredictionRepository } = await import("../server/predictions/sqlite-repository");
    const { validatePrediction } = await import("../server/ingest/validate");
    const db = openSqlite();
    db.exec(`INSERT INTO "Workspace" ("id","slug","name") VALUES ('ws_b','b','B')`);
    db.exec(`INSERT INTO "Model" ("id","workspaceId","slug","name","task","ownerTeam","onCall","createdAt","updatedAt") VALUES ('m_b','ws_b','m','M','binary','t','t',CURRENT_TIMESTAMP,CURRENT_TIMESTAMP)`);
    const repo = new SqlitePredictionRepository(db);
    const model = (await repo.findModel("ws_b", "m"))!;
    const t0 = Date.UTC(2026, 0, 1);
    const ctx = { now: t0 + 5 * DAY, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
    for (let b = 0; b < BATCHES; b += 8)
      await Promise.all(Array.from({ length: Math.min(8, BATCHES - b) }, (_, k) => repo.writePredictions(model, makeRows(b + k, t0).map((r, i) => validatePrediction(r, i, ctx)) as never[])));
    const segments = () => (db.prepare(`SELECT count(*) AS c FROM pred_segment`).get() as { c: number }).c;
    const load = async () => {
      const ms: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await repo.loadWindow({ modelId: model.id });
        ms.push(Math.round(performance.now() - t));
      }
      return ms.join(" / ");
    };
    console.log(`${(BATCHES * ROWS).toLocaleString("en-US")} rows in ${BATCHES} batches of ${ROWS} × ${FEATURES} features; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores`);
    const before = { segments: segments(), ms: await load() };
    let t = performance.now();
    const c = await repo.compactSegments(model.id);
    const compactSecs = (performance.now() - t) / 1000;
    const after = { segments: segments(), ms: await load() };
    console.log(`window load: ${before.segments} segments ${before.ms} ms → after compaction ${after.segments} segments ${after.ms} ms`);
    console.log(`compaction: ${c.rows.toLocaleString("en-US")} rows in ${c.batches} transactions, ${compactSecs.toFixed(1)} s (${Math.round(c.rows / compactSecs).toLocaleString("en-US")} rows/s)`);
    t = performance.now();
    const r = await repo.deleteOlderThan(model.id, t0 + 2 * DAY);
    const delSecs = (performance.now() - t) / 1000;
    console.log(`retention: ${r.predictionsDeleted.toLocaleString("en-US")} predictions deleted in ${r.batches} transactions, ${delSecs.toFixed(1)} s (${Math.round(r.predictionsDeleted / delSecs).toLocaleString("en-US")} rows/s)`);
    db.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

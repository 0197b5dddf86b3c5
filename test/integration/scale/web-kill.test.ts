/**
 * Two web processes (real `next start`, one SQLite file) under ingest load; one is killed with
 * SIGKILL mid-load. Clients fail over to the other like a load balancer would: a batch counts as
 * acknowledged only on 200, and an unacknowledged one is resent. The survivor keeps serving,
 * nothing acknowledged is lost and nothing is stored twice. Batches go through the ingest threads
 * (INGEST_THREAD_MIN_BYTES=0), so a kill can land while a thread is writing.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../e2e/browser";
import { serverPrerequisiteProblem, setupIngest, type IngestEnv } from "../ingest/helpers";

const problem = serverPrerequisiteProblem();
const ROWS = 200;
const BATCHES = 80;
const KILL_AFTER = 20;
const serverEnv = { INGEST_THREAD_MIN_BYTES: "0", INGEST_RATE_LIMIT_PER_MINUTE: "1000000" };

function batch(b: number) {
  return Array.from({ length: ROWS }, (_, i) => ({
    requestId: `k${b}-${i}`,
    timestamp: Date.UTC(2026, 9, 1) + b * ROWS + i,
    version: "v1",
    features: { amount: (b + i) % 1000, country: i % 2 ? "US" : "DE", intl: i % 3 === 0 },
    prediction: (i % 100) / 100,
  }));
}

describe.skipIf(problem !== null)("kill -9 one of two web processes under ingest load", () => {
  let t: IngestEnv;
  let b: RunningServer;
  beforeAll(async () => {
    t = await setupIngest(serverEnv);
    b = await startServer({ env: { DATABASE_URL: t.db.url, LOG_LEVEL: "error", ...serverEnv } });
  }, 120_000);
  afterAll(async () => {
    await b?.stop();
    await t?.stop();
  });

  it("the other keeps serving; every acknowledged row is stored exactly once", async () => {
    const servers = [t.server, b];
    const down = new Set<RunningServer>();
    const acked = new Set<number>();
    let ackedAfterKill = 0;
    let killed = false;
    let failovers = 0;
    let next = 0;
    let kill: Promise<void> | undefined;

    const send = async (n: number, start: number) => {
      for (let attempt = 0; ; attempt++) {
        const live = servers.filter((s) => !down.has(s));
        const server = live[(start + attempt) % live.length]!;
        try {
          const res = await fetch(`${server.url}/api/v1/models/fraud/predictions`, {
            method: "POST",
            headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
            body: JSON.stringify(batch(n)),
            signal: AbortSignal.timeout(20_000), // a hang fails the test
          });
          const json = (await res.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
          if (res.status === 503) {
            await new Promise((r) => setTimeout(r, 100));
            continue;
          }
          expect(res.status, JSON.stringify(json)).toBe(200);
          expect(json.accepted + json.duplicates).toBe(ROWS);
          expect(json.rejected).toEqual([]);
          return;
        } catch (err) {
          if ((err as Error).name === "TimeoutError") throw err;
          if (server === t.server && killed) down.add(server); // connection refused/reset: fail over
          else throw err;
          failovers++;
        }
      }
    };

    await Promise.all(
      Array.from({ length: 4 }, async (_, c) => {
        while (next < BATCHES) {
          const n = next++;
          await send(n, n + c);
          acked.add(n);
          if (killed) ackedAfterKill++;
          if (acked.size === KILL_AFTER && !killed) {
            killed = true;
            kill = t.server.crash();
          }
        }
      }),
    );
    await kill;

    expect(acked.size).toBe(BATCHES);
    expect(ackedAfterKill).toBeGreaterThan(BATCHES - KILL_AFTER - 4);
    // The survivor still answers pages as well as ingest.
    expect((await fetch(`${b.url}/sign-in`)).status).toBe(200);

    const raw = new Database(t.db.file, { readonly: true });
    try {
      const modelId = raw.prepare(`SELECT id FROM "Model" WHERE slug = 'fraud'`).pluck().get() as string;
      const keys = raw.prepare(`SELECT COUNT(*) FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ?`).pluck().get(modelId) as number;
      const rows = raw.prepare(`SELECT COALESCE(SUM(g.n), 0) FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = ?`).pluck().get(modelId) as number;
      // Every acknowledged row is there once, and no segment holds a row twice.
      expect(keys).toBe(BATCHES * ROWS);
      expect(rows).toBe(BATCHES * ROWS);
      const missing = raw
        .prepare(`SELECT COUNT(*) FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ? AND k.request_id IN ('k0-0', 'k${BATCHES - 1}-${ROWS - 1}', 'k${KILL_AFTER}-0')`)
        .pluck()
        .get(modelId) as number;
      expect(missing).toBe(3);
    } finally {
      raw.close();
    }
    expect(failovers).toBeGreaterThan(0); // requests did reach the killed process and were resent
  }, 60_000);
});

/**
 * PostgreSQL goes down under HTTP ingest (a real `next start` on a throwaway cluster, stopped with
 * `pg_ctl -m immediate`): clients get 503 + Retry-After promptly, never a hang or a 500; after the
 * restart the resent batch is stored once, and nothing acknowledged before is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ThrowawayPostgres } from "../helpers/pg-cluster";
import { freePort, startServer, type RunningServer } from "../e2e/browser";
import { serverPrerequisiteProblem } from "../integration/ingest/helpers";

const problem = serverPrerequisiteProblem();
const cluster = problem ? null : new ThrowawayPostgres(await freePort());
cluster?.start();
// Before test/helpers/pg is imported: it reads PG_URL once.
if (cluster) process.env.PG_URL = cluster.url;
const { createPgTestDatabase } = await import("../helpers/pg");
const { createModel } = await import("../../server/services/models");
const { createApiKey } = await import("../../server/apikeys/keys");

const ROWS = 300;
const batch = (b: number) =>
  JSON.stringify(Array.from({ length: ROWS }, (_, i) => ({ requestId: `r${b}-${i}`, timestamp: Date.UTC(2026, 9, 1) + i, version: "v1", features: { x: i }, prediction: 0.5 })));

describe.skipIf(problem !== null)("PostgreSQL restarted under HTTP ingest", () => {
  let pgdb: Awaited<ReturnType<typeof createPgTestDatabase>>;
  let server: RunningServer;
  let key: string;
  beforeAll(async () => {
    pgdb = await createPgTestDatabase();
    const ws = await pgdb.prisma.workspace.create({ data: { slug: "pgw", name: "PG web" } });
    const actor = { id: null, label: "test" };
    await createModel(pgdb.prisma, ws.id, actor, { slug: "m", name: "M", task: "binary", ownerTeam: "t", onCall: "t@x.test", versions: [{ label: "v1", stage: "production" }] });
    key = (await createApiKey(pgdb.prisma, ws.id, actor, { name: "k" })).secret;
    await pgdb.prisma.$disconnect();
    await pgdb.pool.end();
    server = await startServer({ env: { DATABASE_URL: pgdb.url, LOG_LEVEL: "error", INGEST_THREAD_MIN_BYTES: "0", DATABASE_POOL_SIZE: "4" } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    cluster?.dispose(); // the whole cluster (and the test database in it) goes
  });

  const post = (b: number) =>
    fetch(`${server.url}/api/v1/models/m/predictions`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: batch(b),
      signal: AbortSignal.timeout(20_000), // a hang fails the test
    });

  it("answers 503 + Retry-After while it is down, and stores the resent batch once after the restart", async () => {
    const first = await post(1);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: ROWS, duplicates: 0 });

    cluster!.stop();
    for (const b of [2, 2]) {
      const t = performance.now();
      const res = await post(b);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status, JSON.stringify(body)).toBe(503);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(body.error.code).toBe("UNAVAILABLE");
      expect(performance.now() - t).toBeLessThan(15_000);
    }

    cluster!.start();
    let stored: { accepted: number; duplicates: number } | undefined;
    for (let i = 0; i < 40 && !stored; i++) {
      const res = await post(2);
      if (res.status === 200) stored = (await res.json()) as typeof stored;
      else {
        expect(res.status).toBe(503); // the pool reconnecting: still an answer, never a hang
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    expect(stored).toEqual(expect.objectContaining({ accepted: ROWS, duplicates: 0 }));
    const again = await post(1); // a replay of what was acknowledged before the restart
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: ROWS });

    const pg = (await import("pg")).default;
    const c = new pg.Client({ connectionString: pgdb.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ keys: string; n: string }>(
        `SELECT (SELECT COUNT(*) FROM pred_key) AS keys, (SELECT COALESCE(SUM(n), 0) FROM pred_segment) AS n`,
      );
      expect(Number(rows[0]!.keys)).toBe(2 * ROWS);
      expect(Number(rows[0]!.n)).toBe(2 * ROWS);
    } finally {
      await c.end();
    }
  }, 60_000);
});

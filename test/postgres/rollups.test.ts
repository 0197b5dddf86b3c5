/**
 * Rollups on PostgreSQL: the random-stream check of test/integration/ingest/rollups.test.ts (rollups
 * equal a recount from the raw segments; a rebuild from segments gives the same figures), plus
 * concurrent writers on one model, and the same figures as SQLite for the same stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../helpers/db";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { comparable, expectRollupsMatchRecount, ingest, randomStream } from "../helpers/rollups";
import { createModel } from "../../server/services/models";
import { PgPredictionRepository } from "../../server/predictions/pg-repository";
import { SqlitePredictionRepository } from "../../server/predictions/sqlite-repository";
import type { ModelRef } from "../../server/predictions";

const sqlite = createTestDatabase();
let pgdb: PgTestDatabase;
let repo: PgPredictionRepository;
let model: ModelRef;
const actor = { id: null, label: "test" };

async function labelsRaw(modelId: string) {
  const { rows } = await pgdb.pool.query<{ labels: number; waiting: number }>(
    `SELECT count(*)::int AS labels,
            count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id
                                               WHERE s.model_id = l.model_id AND k.request_id = l.request_id))::int AS waiting
     FROM label l WHERE l.model_id = $1`,
    [modelId],
  );
  return rows[0]!;
}

beforeAll(async () => {
  pgdb = await createPgTestDatabase();
  for (const db of [pgdb.prisma, sqlite.prisma]) {
    const ws = await db.workspace.create({ data: { id: "ws-1", slug: "ws", name: "W" } });
    await createModel(db, ws.id, actor, { slug: "a", name: "a", task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  }
  repo = new PgPredictionRepository(pgdb.pool);
  model = (await repo.findModel("ws-1", "a"))!;
}, 60_000);
afterAll(async () => {
  await pgdb?.dispose();
  await sqlite.dispose();
});

describe("rollups (PostgreSQL)", () => {
  it("equal a recount from the raw segments after random ingests, and the same figures as SQLite", async () => {
    const raw = new Database(sqlite.file);
    try {
      const sq = new SqlitePredictionRepository(raw);
      const sqModel = (await sq.findModel("ws-1", "a"))!;
      for (const seed of [11]) {
        const steps = randomStream(seed, 30);
        await ingest(repo, model, steps);
        await ingest(sq, sqModel, steps);
        const t = await expectRollupsMatchRecount(repo, model.id, await labelsRaw(model.id));
        expect(comparable(t)).toEqual(comparable(await sq.modelTraffic(sqModel.id)));
        // a day range (a report's window) reads only its days, the same on both backends
        const days = t.daily.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 86_400_000);
        expect(days.length).toBeGreaterThan(2);
        const mid = { from: days[1]!, to: days[days.length - 2]! };
        const ranged = await repo.modelTraffic(model.id, [], mid);
        expect(ranged.daily.map((d) => d.day)).toEqual(t.daily.filter((_, i) => days[i]! >= mid.from && days[i]! <= mid.to).map((d) => d.day));
        expect(comparable(ranged)).toEqual(comparable(await sq.modelTraffic(sqModel.id, [], mid)));
      }
    } finally {
      raw.close();
    }
  });

  it("concurrent writers on one model (overlapping requestIds, labels in between) keep rollups equal to a recount", async () => {
    const streams = [21, 22, 23, 24].map((seed) => randomStream(seed, 8));
    await Promise.all(streams.map((s) => ingest(repo, model, s)));
    await expectRollupsMatchRecount(repo, model.id, await labelsRaw(model.id));
  });

  it("a rebuild from the segments (the backfill of older series) gives the same figures", async () => {
    const before = await repo.modelTraffic(model.id);
    await pgdb.pool.query(`DELETE FROM pred_rollup WHERE series_id IN (SELECT id FROM pred_series WHERE model_id = $1)`, [model.id]);
    await pgdb.pool.query(`INSERT INTO pred_rollup_pending (series_id, model_id) SELECT id, model_id FROM pred_series WHERE model_id = $1`, [model.id]);
    const after = await repo.modelTraffic(model.id);
    expect(comparable(after)).toEqual(comparable(before));
    expect((await pgdb.pool.query(`SELECT 1 FROM pred_rollup_pending`)).rowCount).toBe(0);
  });
});

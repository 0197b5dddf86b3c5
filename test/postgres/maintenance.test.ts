/**
 * Retention and compaction on PostgreSQL: the SQLite suite's checks (test/integration/ingest/
 * maintenance.test.ts) — compaction keeps every row readable once with the same values, retention
 * deletes only older rows and keeps the rollups, a pass killed with SIGKILL in a child process loses
 * and duplicates nothing — plus ingest of the same model going on while compaction runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { T0, comparable } from "../helpers/rollups";
import { DAY, clientBatches, expectSameRows, killMidPass, windowRows } from "../helpers/maintenance";
import { createModel } from "../../server/services/models";
import { PgPredictionRepository } from "../../server/predictions/pg-repository";
import { validateLabel, type NormalizedLabel } from "../../server/ingest/validate";
import type { ModelRef } from "../../server/predictions";

let pgdb: PgTestDatabase;
let repo: PgPredictionRepository;
const models: Record<string, ModelRef> = {};
const actor = { id: null, label: "test" };

const count = async (sql: string, modelId: string) => (await pgdb.pool.query<{ c: number }>(sql, [modelId])).rows[0]!.c;
const segments = (modelId: string) => count(`SELECT count(*)::int AS c FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = $1`, modelId);
const keys = (modelId: string) => count(`SELECT count(*)::int AS c FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = $1`, modelId);

beforeAll(async () => {
  pgdb = await createPgTestDatabase();
  const ws = await pgdb.prisma.workspace.create({ data: { id: "ws-m", slug: "wsm", name: "W" } });
  for (const slug of ["compact", "retain", "crash"])
    await createModel(pgdb.prisma, ws.id, actor, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  repo = new PgPredictionRepository(pgdb.pool);
  for (const slug of ["compact", "retain", "crash"]) models[slug] = (await repo.findModel("ws-m", slug))!;
}, 60_000);
afterAll(async () => {
  await pgdb?.dispose();
});

const labels = (ids: string[], ts: number) => ids.map((id, k) => validateLabel({ requestId: id, label: k % 2, timestamp: ts }, k, ts + DAY) as NormalizedLabel);

describe("compaction (PostgreSQL)", () => {
  it("merges small batches while the same model ingests; rows, labels, dedupe and page figures unchanged", async () => {
    const m = models.compact!;
    const batches = clientBatches(1, T0, 3, 10);
    for (const b of batches.slice(0, 24)) await repo.writePredictions(m, b);
    await repo.writeLabels(m.id, labels(batches[0]!.slice(0, 50).map((r) => r.requestId), T0 + 4 * DAY));
    const segsBefore = await segments(m.id);
    // ingest goes on during compaction (the model's advisory lock serialises the two per batch)
    const [res] = await Promise.all([
      repo.compactSegments(m.id, { targetRows: 4000 }),
      (async () => {
        for (const b of batches.slice(24)) await repo.writePredictions(m, b);
      })(),
    ]);
    expect(res.segmentsMerged).toBeGreaterThan(segsBefore / 3);
    const all = await windowRows(repo, { modelId: m.id });
    expect(all.size).toBe(batches.flat().length);
    expect(await keys(m.id)).toBe(all.size);
    const traffic = comparable(await repo.modelTraffic(m.id));
    await repo.compactSegments(m.id, { targetRows: 4000 });
    expectSameRows(await windowRows(repo, { modelId: m.id }), all);
    expect(comparable(await repo.modelTraffic(m.id))).toEqual(traffic);
    expect(await repo.writePredictions(m, batches[3]!)).toMatchObject({ accepted: 0, duplicates: batches[3]!.length });
    const target = batches[7]![3]!;
    await repo.writeLabels(m.id, labels([target.requestId], T0 + 5 * DAY));
    expect((await windowRows(repo, { modelId: m.id })).get(`${target.version}|${target.requestId}`)!.label).toBe(0);
  }, 120_000);
});

describe("retention (PostgreSQL)", () => {
  it("deletes only predictions older than the cutoff, their orphaned labels and old waiting labels; rollups stay", async () => {
    const m = models.retain!;
    const batches = clientBatches(2, T0, 6, 3);
    for (const b of batches) await repo.writePredictions(m, b);
    await repo.writePredictions(m, clientBatches(3, T0 + 2 * DAY, 2, 1).flat().slice(0, 400));
    await repo.writeLabels(m.id, [...labels(["never-old"], T0 + DAY), ...labels(["never-new"], T0 + 5 * DAY)]);
    const trafficBefore = await repo.modelTraffic(m.id);
    const before = await windowRows(repo, { modelId: m.id });
    const cutoff = T0 + 3 * DAY + DAY / 2;
    const res = await repo.deleteOlderThan(m.id, cutoff, { batchRows: 1500 });
    const kept = new Map([...before].filter(([, v]) => (v.ts as number) >= cutoff));
    expectSameRows(await windowRows(repo, { modelId: m.id }), kept);
    expect(res.predictionsDeleted).toBe(before.size - kept.size);
    expect(res.segmentsTrimmed).toBeGreaterThan(0);
    expect(await keys(m.id)).toBe(kept.size);
    const stored = new Set((await pgdb.pool.query<{ request_id: string }>(`SELECT request_id FROM label WHERE model_id = $1`, [m.id])).rows.map((r) => r.request_id));
    expect(stored.has("never-old")).toBe(false);
    expect(stored.has("never-new")).toBe(true);
    for (const r of batches.flat()) if (r.label) expect(stored.has(r.requestId), r.requestId).toBe(r.ts >= cutoff);
    const trafficAfter = await repo.modelTraffic(m.id);
    expect(comparable({ ...trafficAfter, labelsWaiting: 0 })).toEqual(comparable({ ...trafficBefore, labelsWaiting: 0 }));
    expect(trafficAfter.labelsWaiting).toBe(trafficBefore.labelsWaiting - 1);
  }, 120_000);
});

describe("a maintenance pass killed with SIGKILL (PostgreSQL, real child process)", () => {
  it("loses and duplicates nothing, and the next pass finishes the work", async () => {
    const m = models.crash!;
    for (const b of clientBatches(5, T0, 3, 30, 250)) await repo.writePredictions(m, b);
    const before = await windowRows(repo, { modelId: m.id });
    const cutoff = T0 + DAY + DAY / 3;
    for (const delayMs of [5, 80]) {
      await killMidPass(pgdb.url, m.id, "compact", delayMs, cutoff);
      expectSameRows(await windowRows(repo, { modelId: m.id }), before);
      expect(await keys(m.id)).toBe(before.size);
    }
    await repo.compactSegments(m.id, { targetRows: 1000 });
    expectSameRows(await windowRows(repo, { modelId: m.id }), before);
    await killMidPass(pgdb.url, m.id, "retain", 20, cutoff);
    const now = await windowRows(repo, { modelId: m.id });
    for (const [k, v] of now) expect(v, k).toEqual(before.get(k));
    const kept = new Map([...before].filter(([, v]) => (v.ts as number) >= cutoff));
    for (const k of kept.keys()) expect(now.has(k), k).toBe(true);
    expect(await keys(m.id)).toBe(now.size);
    await repo.deleteOlderThan(m.id, cutoff, { batchRows: 500 });
    expectSameRows(await windowRows(repo, { modelId: m.id }), kept);
  }, 240_000);
});

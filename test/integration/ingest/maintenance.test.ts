/**
 * Retention and compaction on SQLite (STORAGE.md, "Retention and compaction"): compaction keeps
 * every row readable exactly once with the same values (labels, later dedupe and later label joins
 * included) and the page figures unchanged; retention deletes only predictions older than the
 * cutoff (a straddling segment keeps its newer rows), their orphaned labels and old waiting labels,
 * and keeps the rollups; a compaction or retention pass killed with SIGKILL in a real child process
 * loses and duplicates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { T0, comparable, ingest, randomStream } from "../../helpers/rollups";
import { DAY, clientBatches, expectSameRows, killMidPass, windowRows } from "../../helpers/maintenance";
import { createModel } from "../../../server/services/models";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";
import { validateLabel, type NormalizedLabel } from "../../../server/ingest/validate";
import type { ModelRef } from "../../../server/predictions";

const db = createTestDatabase();
let raw: Database.Database;
let repo: SqlitePredictionRepository;
const models: Record<string, ModelRef> = {};
const actor = { id: null, label: "test" };

const segments = (modelId: string) =>
  raw.prepare<[string], { c: number }>(`SELECT count(*) AS c FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = ?`).get(modelId)!.c;
const keys = (modelId: string) =>
  raw.prepare<[string], { c: number }>(`SELECT count(*) AS c FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ?`).get(modelId)!.c;

beforeAll(async () => {
  const ws = await db.prisma.workspace.create({ data: { id: "ws-m", slug: "wsm", name: "W" } });
  for (const slug of ["compact", "random", "retain", "crash"])
    await createModel(db.prisma, ws.id, actor, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  raw = new Database(db.file);
  raw.pragma("busy_timeout = 10000");
  repo = new SqlitePredictionRepository(raw);
  for (const slug of ["compact", "random", "retain", "crash"]) models[slug] = (await repo.findModel("ws-m", slug))!;
});
afterAll(async () => {
  raw?.close();
  await db.dispose();
});

function labels(ids: string[], ts: number): NormalizedLabel[] {
  return ids.map((id, k) => validateLabel({ requestId: id, label: k % 2, timestamp: ts }, k, ts + DAY) as NormalizedLabel);
}

describe("compaction (SQLite)", () => {
  it("merges many small client batches per series and day; every row stays readable once, with the same values and page figures", async () => {
    const m = models.compact!;
    const batches = clientBatches(1, T0, 3, 12);
    for (const b of batches) await repo.writePredictions(m, b);
    // labels for some rows, before compaction
    await repo.writeLabels(m.id, labels(batches[0]!.slice(0, 50).map((r) => r.requestId), T0 + 4 * DAY));
    const before = await windowRows(repo, { modelId: m.id });
    const traffic = comparable(await repo.modelTraffic(m.id));
    const segsBefore = segments(m.id);
    const res = await repo.compactSegments(m.id, { targetRows: 4000 });
    expect(res.segmentsMerged).toBeGreaterThan(segsBefore / 2);
    expect(segments(m.id)).toBe(segsBefore - res.segmentsMerged + res.segmentsWritten);
    expect(segments(m.id)).toBeLessThan(segsBefore / 3);
    expectSameRows(await windowRows(repo, { modelId: m.id }), before);
    expect(keys(m.id)).toBe(before.size);
    expect(comparable(await repo.modelTraffic(m.id))).toEqual(traffic);
    // a day-bounded window reads the same rows as before
    const day = { modelId: m.id, from: T0 + DAY, to: T0 + 2 * DAY, version: "v2" };
    const dayRows = [...before].filter(([k, v]) => k.startsWith("v2|") && (v.ts as number) >= day.from && (v.ts as number) < day.to);
    expectSameRows(await windowRows(repo, day), new Map(dayRows));

    // moved keys still dedupe, and a later label joins the moved row
    const again = await repo.writePredictions(m, batches[5]!);
    expect(again).toMatchObject({ accepted: 0, duplicates: batches[5]!.length });
    const target = batches[7]![3]!;
    await repo.writeLabels(m.id, labels([target.requestId], T0 + 5 * DAY));
    const after = await windowRows(repo, { modelId: m.id });
    expect(after.get(`${target.version}|${target.requestId}`)!.label).toBe(0);

    // idempotent: a second pass finds nothing left to merge at this size
    const second = await repo.compactSegments(m.id, { targetRows: 4000 });
    expect(second.segmentsMerged).toBe(0);
    expectSameRows(await windowRows(repo, { modelId: m.id }), after);
  });

  it("keeps rows exact when batches differ in shape (sample rates, errors, tokens, changed labels)", async () => {
    const m = models.random!;
    // random batches (the rollup suite's stream), each moved onto one UTC day so compaction may merge them
    const steps = randomStream(4, 60).map((st, i) =>
      st.kind === "predictions" ? { ...st, rows: st.rows.map((r) => ({ ...r, ts: T0 + (i % 3) * DAY + (r.ts % DAY) })) } : st,
    );
    await ingest(repo, m, steps);
    const before = await windowRows(repo, { modelId: m.id });
    const traffic = comparable(await repo.modelTraffic(m.id));
    const res = await repo.compactSegments(m.id, { targetRows: 2000 });
    expect(res.segmentsMerged).toBeGreaterThan(0);
    expectSameRows(await windowRows(repo, { modelId: m.id }), before);
    expect(comparable(await repo.modelTraffic(m.id))).toEqual(traffic);
  });
});

describe("retention (SQLite)", () => {
  it("deletes predictions older than the cutoff in bounded batches, their orphaned labels and old waiting labels; rollups stay", async () => {
    const m = models.retain!;
    const batches = clientBatches(2, T0, 6, 4);
    for (const b of batches) await repo.writePredictions(m, b);
    // one batch spanning the cutoff (a segment that straddles it)
    const straddle = clientBatches(3, T0 + 2 * DAY, 2, 1).flat().slice(0, 400);
    await repo.writePredictions(m, straddle);
    const oldIds = batches[0]!.slice(0, 40).map((r) => r.requestId);
    const newIds = batches.at(-1)!.slice(0, 40).map((r) => r.requestId);
    await repo.writeLabels(m.id, labels([...oldIds, ...newIds], T0 + 5 * DAY + 1));
    // waiting labels: one old (goes), one recent (stays)
    await repo.writeLabels(m.id, [...labels(["never-old"], T0 + DAY), ...labels(["never-new"], T0 + 5 * DAY)]);
    const trafficBefore = await repo.modelTraffic(m.id);
    expect(trafficBefore.labelsWaiting).toBe(2);
    const labelsBefore = raw.prepare<[string], { c: number }>(`SELECT count(*) AS c FROM label WHERE model_id = ?`).get(m.id)!.c;
    const before = await windowRows(repo, { modelId: m.id });
    const cutoff = T0 + 3 * DAY + DAY / 2;

    const res = await repo.deleteOlderThan(m.id, cutoff, { batchRows: 1500 });
    const after = await windowRows(repo, { modelId: m.id });
    const kept = new Map([...before].filter(([, v]) => (v.ts as number) >= cutoff));
    expect(kept.size).toBeGreaterThan(0);
    expect(kept.size).toBeLessThan(before.size);
    expectSameRows(after, kept);
    expect(res.predictionsDeleted).toBe(before.size - kept.size);
    expect(res.segmentsTrimmed).toBeGreaterThan(0);
    expect(res.batches).toBeGreaterThan(3); // bounded: many small transactions, not one
    expect(keys(m.id)).toBe(kept.size);
    // labels: those of deleted predictions and the old waiting one are gone; the others stay
    const stored = new Set(raw.prepare<[string], { request_id: string }>(`SELECT request_id FROM label WHERE model_id = ?`).pluck().all(m.id) as unknown as string[]);
    for (const id of oldIds) expect(stored.has(id)).toBe(false);
    for (const id of newIds) expect(stored.has(id)).toBe(true);
    expect(stored.has("never-old")).toBe(false);
    expect(stored.has("never-new")).toBe(true);
    expect(res.labelsDeleted).toBe(labelsBefore - stored.size);
    // labels sent with a deleted prediction went with it; those of kept predictions stay
    for (const r of [...batches, straddle].flat()) if (r.label) expect(stored.has(r.requestId), r.requestId).toBe(r.ts >= cutoff);
    // the page keeps its history: rollups are not touched; one label stops waiting
    const trafficAfter = await repo.modelTraffic(m.id);
    expect(comparable({ ...trafficAfter, labelsWaiting: 0 })).toEqual(comparable({ ...trafficBefore, labelsWaiting: 0 }));
    expect(trafficAfter.labelsWaiting).toBe(1);
    // nothing older is left, so a second pass deletes nothing
    expect(await repo.deleteOlderThan(m.id, cutoff)).toMatchObject({ predictionsDeleted: 0, labelsDeleted: 0 });
  });
});

describe("a maintenance pass killed with SIGKILL (real child process)", () => {
  it("loses and duplicates nothing, and the next pass finishes the work", async () => {
    const m = models.crash!;
    for (const b of clientBatches(5, T0, 4, 40, 250)) await repo.writePredictions(m, b);
    const before = await windowRows(repo, { modelId: m.id });
    const segsBefore = segments(m.id);
    const cutoff = T0 + 2 * DAY + DAY / 3;

    for (const delayMs of [5, 40, 150]) {
      await killMidPass(db.file, m.id, "compact", delayMs, cutoff);
      expectSameRows(await windowRows(repo, { modelId: m.id }), before);
      expect(keys(m.id)).toBe(before.size);
    }
    expect(segments(m.id)).toBeLessThan(segsBefore); // the committed batches stayed
    await repo.compactSegments(m.id, { targetRows: 1000 });
    expectSameRows(await windowRows(repo, { modelId: m.id }), before);

    const kept = new Map([...before].filter(([, v]) => (v.ts as number) >= cutoff));
    for (const delayMs of [5, 60]) {
      await killMidPass(db.file, m.id, "retain", delayMs, cutoff);
      const now = await windowRows(repo, { modelId: m.id });
      // every row is either deleted (older than the cutoff) or intact, and stored once
      for (const [k, v] of now) expect(v, k).toEqual(before.get(k));
      for (const k of kept.keys()) expect(now.has(k), k).toBe(true);
      expect(now.size).toBeLessThan(before.size);
      expect(keys(m.id)).toBe(now.size);
    }
    await repo.deleteOlderThan(m.id, cutoff, { batchRows: 500 });
    expectSameRows(await windowRows(repo, { modelId: m.id }), kept);
    expect(keys(m.id)).toBe(kept.size);
  }, 240_000);
});

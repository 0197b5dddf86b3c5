/**
 * Rollups on SQLite: after a random stream of ingests (duplicates, late and changed labels, mixed
 * sample rates), the model page's traffic read from rollups equals a recount from the raw segments;
 * a rebuild from segments (the backfill of series stored before rollups) gives the same figures;
 * the sample rate is validated and stored sparsely; estimates are worded in one place.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { T0, comparable, expectRollupsMatchRecount, ingest, randomStream } from "../../helpers/rollups";
import { createModel } from "../../../server/services/models";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";
import { validatePrediction, isRejection, type NormalizedPrediction } from "../../../server/ingest/validate";
import { predictionSchema } from "../../../server/ingest/schemas";
import { decodeHeader } from "../../../server/predictions/codec";
import { estimateText, sampleSizeText } from "../../../server/format/estimate";
import type { ModelRef } from "../../../server/predictions";

const db = createTestDatabase();
let raw: Database.Database;
let repo: SqlitePredictionRepository;
let model: ModelRef;
const actor = { id: null, label: "test" };

function labelsRaw(modelId: string) {
  const labels = raw.prepare<[string], { c: number }>(`SELECT count(*) AS c FROM label WHERE model_id = ?`).get(modelId)!.c;
  const waiting = raw
    .prepare<[string], { c: number }>(
      `SELECT count(*) AS c FROM label l WHERE l.model_id = ?
         AND NOT EXISTS (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = l.model_id AND k.request_id = l.request_id)`,
    )
    .get(modelId)!.c;
  return { labels, waiting };
}

beforeAll(async () => {
  const ws = await db.prisma.workspace.create({ data: { id: "ws-1", slug: "ws", name: "W" } });
  for (const slug of ["a", "b"])
    await createModel(db.prisma, ws.id, actor, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  raw = new Database(db.file);
  repo = new SqlitePredictionRepository(raw);
  model = (await repo.findModel("ws-1", "a"))!;
});
afterAll(async () => {
  raw?.close();
  await db.dispose();
});

describe("rollups (SQLite)", () => {
  it("equal a recount from the raw segments after random ingests with duplicates, late labels and mixed sample rates", async () => {
    for (const seed of [1, 2, 3]) {
      const steps = randomStream(seed, 30);
      await ingest(repo, model, steps);
      await expectRollupsMatchRecount(repo, model.id, labelsRaw(model.id));
    }
  });

  it("a rebuild from the segments (the backfill of older series) gives the same figures", async () => {
    const before = await repo.modelTraffic(model.id);
    expect(before.sample.sampledRows).toBeGreaterThan(0);
    raw.prepare(`DELETE FROM pred_rollup WHERE series_id IN (SELECT id FROM pred_series WHERE model_id = ?)`).run(model.id);
    raw.prepare(`INSERT INTO pred_rollup_pending (series_id, model_id) SELECT id, model_id FROM pred_series WHERE model_id = ?`).run(model.id);
    const fresh = new SqlitePredictionRepository(raw); // a process started after the migration
    const after = await fresh.modelTraffic(model.id);
    expect(comparable(after)).toEqual(comparable(before));
    expect(raw.prepare(`SELECT count(*) AS c FROM pred_rollup_pending`).get()).toEqual({ c: 0 });
    // and the incremental path goes on from the rebuilt rows
    await ingest(fresh, model, randomStream(9, 10));
    await expectRollupsMatchRecount(fresh, model.id, labelsRaw(model.id));
  });

  it("a page read costs rollup rows, not predictions: one row per series and day", async () => {
    const t = await repo.modelTraffic(model.id);
    const rows = raw.prepare(`SELECT count(*) AS c FROM pred_rollup r JOIN pred_series s ON s.id = r.series_id WHERE s.model_id = ?`).get(model.id) as { c: number };
    expect(rows.c).toBe(t.serving.length);
    expect(rows.c).toBeLessThanOrEqual(3 * 5);
  });
});

describe("sample rate", () => {
  const ctx = { now: T0, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 10 };
  it("accepts 0 < r ≤ 1 (missing = 1) and rejects the row otherwise, naming the field and why", () => {
    for (const [rate, ok] of [[undefined, true], [1, true], [0.05, true], [1e-6, true], [0, false], [-0.1, false], [1.5, false], ["0.5", false], [null, true]] as const) {
      const row = { requestId: "a", prediction: 1, sampleRate: rate };
      const got = validatePrediction(row, 3, ctx);
      expect(!isRejection(got)).toBe(ok);
      expect(predictionSchema.safeParse(rate === null ? { requestId: "a", prediction: 1 } : row).success).toBe(ok);
      if (!ok) expect(got).toMatchObject({ index: 3, field: "sampleRate", message: expect.stringMatching(/sampleRate must be/) });
    }
  });

  it("is stored only for sampled rows (sparse), and the window exposes weights 1/r", async () => {
    const b = (await repo.findModel("ws-1", "b"))!;
    const rows = Array.from({ length: 100 }, (_, i) => validatePrediction({ requestId: `s-${i}`, prediction: 0.5, timestamp: T0 + i, sampleRate: i < 5 ? 0.25 : 1 }, i, ctx) as NormalizedPrediction);
    await repo.writePredictions(b, rows);
    const seg = raw.prepare(`SELECT g.data FROM pred_segment g JOIN pred_series s ON s.id = g.series_id WHERE s.model_id = ?`).get(b.id) as { data: Buffer };
    const col = decodeHeader(seg.data).byName.get("$sample_rate")!;
    expect(col.rows).toBeDefined(); // sparse: 5 row numbers + 5 values
    expect(col.k).toBe(5);
    const w = await repo.loadWindow({ modelId: b.id });
    expect([...w.weights!.slice(0, 6)]).toEqual([4, 4, 4, 4, 4, 1]);
    expect(w.stats.rows).toBe(100);
    const t = await repo.modelTraffic(b.id);
    expect(t.sample).toEqual({ rows: 100, requests: 115, sampledRows: 5 });
    // unsampled rows store no column at all
    await repo.writePredictions(b, [validatePrediction({ requestId: "plain", prediction: 1, timestamp: T0 }, 0, ctx) as NormalizedPrediction]);
    const last = raw.prepare(`SELECT data FROM pred_segment ORDER BY id DESC LIMIT 1`).get() as { data: Buffer };
    expect(decodeHeader(last.data).byName.has("$sample_rate")).toBe(false);
  });
});

describe("estimated wording", () => {
  it("marks scaled counts as estimates with the sample share, and leaves exact counts exact", () => {
    expect(estimateText(1_234_567, "requests/day", { rows: 61_728, requests: 1_234_567, sampledRows: 61_728 })).toBe("≈ 1.2M requests/day, from a 5% sample");
    expect(estimateText(1234, "requests/day", { rows: 1234, requests: 1234, sampledRows: 0 })).toBe("1,234 requests/day");
    expect(estimateText(20_000, "requests", { rows: 100, requests: 20_000, sampledRows: 100 })).toBe("≈ 20k requests, from a 0.5% sample");
    expect(sampleSizeText(1)).toBe("rests on 1 row");
  });
});

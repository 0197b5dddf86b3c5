/**
 * Issue #14: a small request must not become huge stored data. Features are capped per row and per
 * batch (row rejections / 413 that name the limit) and a column present in few rows is stored
 * sparsely, so stored bytes stay proportional to the request. Sparse columns read back as before.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { createModel } from "../../../server/services/models";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";
import { ingestPredictions } from "../../../server/ingest/service";
import { storeBaseline } from "../../../server/ingest/baselines";
import { DomainError } from "../../../server/domain/errors";

const t0 = Date.UTC(2026, 9, 1);

/** 1,999 narrow rows and one row with `wide` features: the shape that amplified 90× before. */
function skewedBatch(wide: number) {
  return Array.from({ length: 2000 }, (_, i) => ({
    requestId: `r-${i}`,
    timestamp: t0 + i * 1000,
    prediction: (i % 100) / 100,
    features:
      i === 7
        ? Object.fromEntries(Array.from({ length: wide }, (_, k) => [`w${k}`, k % 3 ? k : `c${k % 7}`]))
        : { x: i, c: i % 2 ? "odd" : "even" },
  }));
}

const limits = { maxFeaturesPerRow: 1000, maxFeaturesPerBatch: 2000 };

describe("stored size and feature limits", () => {
  const db = createTestDatabase();
  afterAll(() => db.dispose());

  async function setup(slug: string) {
    const ws = await db.prisma.workspace.upsert({ where: { slug: "w" }, create: { slug: "w", name: "W" }, update: {} });
    await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
    const raw = new Database(db.file);
    const store = new SqlitePredictionRepository(raw);
    return { raw, store, model: (await store.findModel(ws.id, slug))! };
  }

  it("stores a batch with one wide row in bytes proportional to the request", async () => {
    const { raw, store, model } = await setup("sparse");
    const rows = skewedBatch(500);
    const requestBytes = Buffer.byteLength(JSON.stringify(rows));
    const r = await ingestPredictions(store, model, rows, t0, limits);
    expect(r).toMatchObject({ accepted: 2000, rejected: [] });
    const stored = raw.prepare(`SELECT sum(length(data)) FROM pred_segment`).pluck().get() as number;
    expect(stored).toBeLessThan(requestBytes * 2);

    const w = await store.loadWindow({ modelId: model.id, version: "v1" });
    expect(w.frame.length).toBe(2000);
    const w1 = w.frame.features.w1 as { type: string; values: Float64Array };
    expect(w1.type).toBe("numeric");
    expect([...w1.values].filter((v) => !Number.isNaN(v))).toEqual([1]);
    expect(Number.isNaN(w1.values[6]!)).toBe(true);
    const w0 = w.frame.features.w0 as { type: string; codes: Int32Array; dictionary: string[] };
    expect(w0.type).toBe("categorical");
    expect([...w0.codes].map((c) => (c < 0 ? null : w0.dictionary[c])).filter((s) => s !== null)).toEqual(["c0"]);
    expect(w0.codes[7]).toBeGreaterThanOrEqual(0);
    const x = w.frame.features.x as { values: Float64Array };
    expect(x.values[8]).toBe(8);
    expect(Number.isNaN(x.values[7]!)).toBe(true);
    // a straddling time range row-filters the sparse columns too
    const part = await store.loadWindow({ modelId: model.id, from: t0 + 5000, to: t0 + 9000 });
    expect([...(part.frame.features.w1 as { values: Float64Array }).values].filter((v) => !Number.isNaN(v))).toEqual([1]);
    raw.close();
  });

  it("rejects rows above the per-row and per-batch feature limits and keeps the others", async () => {
    const { raw, store, model } = await setup("caps");
    const rows = skewedBatch(1001);
    const r = await ingestPredictions(store, model, rows, t0, limits);
    expect(r.accepted).toBe(1999);
    expect(r.rejected).toEqual([{ index: 7, field: "features", message: expect.stringMatching(/more than 1,000 names.*INGEST_MAX_FEATURES_PER_ROW/) }]);

    const wide = (i: number, offset: number) => ({
      requestId: `b-${i}`,
      timestamp: t0,
      prediction: 1,
      features: Object.fromEntries(Array.from({ length: 900 }, (_, k) => [`f${offset + k}`, k])),
    });
    const r2 = await ingestPredictions(store, model, [wide(1, 0), wide(2, 900), wide(3, 1800), wide(4, 0)], t0, limits);
    expect(r2.accepted).toBe(3);
    expect(r2.rejected).toEqual([{ index: 2, field: "features", message: expect.stringMatching(/above 2,000 distinct.*INGEST_MAX_FEATURES_PER_BATCH/) }]);
    raw.close();
  });

  it("stores a baseline with one wide row sparsely and refuses too many columns with 413", async () => {
    const { raw, store, model } = await setup("baseline");
    const ndjson = skewedBatch(500)
      .map((r) => JSON.stringify(r))
      .join("\n");
    const body = { stream: () => Readable.from([Buffer.from(ndjson)]), buffer: async () => Buffer.from(ndjson) };
    const upload = { modelId: model.id, name: "train", version: null, format: "ndjson" as const, replace: false, maxRows: 100_000 };
    const res = await storeBaseline(store, upload, body);
    expect(res.rowCount).toBe(2000);
    const stored = raw.prepare(`SELECT sum(length(data)) FROM baseline_chunk`).pluck().get() as number;
    expect(stored).toBeLessThan(Buffer.byteLength(ndjson) * 2);
    expect(res.columns.find((c) => c.name === "w1")).toMatchObject({ missing: 1999, type: "numeric" });
    expect(res.columns.find((c) => c.name === "x")).toMatchObject({ missing: 1, type: "numeric" });
    const { frame } = await store.loadBaseline(res.id);
    expect([...(frame.features.w1 as { values: Float64Array }).values].filter((v) => !Number.isNaN(v))).toEqual([1]);

    const tooWide = skewedBatch(2100)
      .map((r) => JSON.stringify(r))
      .join("\n");
    const err = await storeBaseline(store, { ...upload, name: "wide" }, { stream: () => Readable.from([Buffer.from(tooWide)]), buffer: async () => Buffer.from(tooWide) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ status: 413, message: expect.stringMatching(/more than 2,000 columns \(row 7 adds .*INGEST_MAX_FEATURES_PER_BATCH/) });
    raw.close();
  });
});

/**
 * Storage without the HTTP layer: the hand-written validator agrees with the published zod schema,
 * the columnar codec round-trips, the window loader returns typed arrays with time/cohort filters
 * and joined labels, and the demo generator hides its stories.
 */
import { afterAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { predictionSchema, labelSchema } from "../../../server/ingest/schemas";
import { validateLabel, validatePrediction, isRejection } from "../../../server/ingest/validate";
import { ColumnBuilder, builderToColumn, decodeHeader, encodeBlob, readCells } from "../../../server/predictions/codec";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";
import { ingestPredictions, ingestLabels } from "../../../server/ingest/service";
import { seedDemoTraffic } from "../../../server/demo/traffic";
import { createModel } from "../../../server/services/models";

const ctx = { now: Date.UTC(2026, 10, 1), defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };

describe("validator", () => {
  const cases: unknown[] = [
    { requestId: "a", prediction: 0.5 },
    { requestId: "a", prediction: "cat", features: { x: 1, y: "s", z: true, w: null }, cohort: { tier: "smb" } },
    { requestId: "a", prediction: [0.1, 0.9], timestamp: "2026-10-01T12:00:00Z", latencyMs: 3, costUsd: 0.1, tokensIn: 4, tokensOut: 5 },
    { requestId: "a", prediction: ["sku-1", { id: "sku-2", score: 0.3 }], label: ["sku-2"] },
    { requestId: "a", prediction: { cat: 0.2, dog: 0.8 }, error: null },
    { requestId: "", prediction: 1 },
    { requestId: 5, prediction: 1 },
    { prediction: 1 },
    { requestId: "a" },
    { requestId: "a", prediction: 1, features: [1, 2] },
    { requestId: "a", prediction: 1, features: { x: { y: 1 } } },
    { requestId: "a", prediction: 1, latencyMs: -3 },
    { requestId: "a", prediction: 1, tokensIn: 1.5 },
    { requestId: "a", prediction: 1, cohort: { t: 1 } },
    { requestId: "a", prediction: 1, timestamp: true },
    { requestId: "a", prediction: 1, error: 3 },
    { requestId: "a", prediction: [1, "x"] },
  ];
  it.each(cases.map((c, i) => [i, c]))("case %i agrees with the zod schema", (_i, c) => {
    const ours = validatePrediction(c, 0, ctx);
    const zod = predictionSchema.safeParse(c);
    expect(!isRejection(ours)).toBe(zod.success);
  });
  it("labels agree too", () => {
    for (const c of [{ requestId: "a", label: 1 }, { requestId: "a", label: "x", timestamp: 1_790_000_000_000 }, { requestId: "a" }, { label: 1 }, { requestId: "a", label: { no: 1 } }]) {
      expect(!isRejection(validateLabel(c, 0, ctx.now))).toBe(labelSchema.safeParse(c).success);
    }
  });
  it("reads a zone-less ISO time as UTC and rejects epoch seconds with a hint", () => {
    const r = validatePrediction({ requestId: "a", prediction: 1, timestamp: "2026-10-01T12:00:00" }, 0, ctx);
    expect((r as { ts: number }).ts).toBe(Date.UTC(2026, 9, 1, 12));
    const s = validatePrediction({ requestId: "a", prediction: 1, timestamp: 1_790_000_000 }, 0, ctx);
    expect(s).toMatchObject({ field: "timestamp", message: expect.stringMatching(/seconds.*1790000000000/) });
  });
});

describe("codec", () => {
  it("round-trips numeric, mixed and missing values", () => {
    const a = new ColumnBuilder(4);
    const b = new ColumnBuilder(4);
    [1.5, null, -2, 7].forEach((v, i) => a.set(i, v));
    [1, "x", true, null].forEach((v, i) => b.set(i, v));
    const blob = decodeHeader(encodeBlob(4, [builderToColumn("a", a), builderToColumn("b", b), { name: "j", kind: "json", values: ["[1]", null, "{}", "x"] }]));
    expect(readCells(blob, blob.byName.get("a")!)).toEqual([1.5, null, -2, 7]);
    expect(readCells(blob, blob.byName.get("b")!)).toEqual(["1", "x", "true", null]);
    expect(readCells(blob, blob.byName.get("j")!)).toEqual(["[1]", null, "{}", "x"]);
  });
});

describe("window loader and demo traffic", () => {
  const db = createTestDatabase();
  afterAll(() => db.dispose());

  it("loads a window as typed arrays with time and cohort filters and joined labels", async () => {
    const ws = await db.prisma.workspace.create({ data: { slug: "w", name: "W" } });
    await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug: "m", name: "M", task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
    const raw = new Database(db.file);
    const store = new SqlitePredictionRepository(raw);
    const model = (await store.findModel(ws.id, "m"))!;
    const t0 = Date.UTC(2026, 9, 1);
    await ingestLabels(store, model, [{ requestId: "r-3", label: 1, timestamp: t0 + 10_000 }]);
    for (let b = 0; b < 3; b++) {
      const rows = Array.from({ length: 100 }, (_, i) => ({
        requestId: `r-${b * 100 + i}`,
        timestamp: t0 + (b * 100 + i) * 1000,
        features: { x: i, c: i % 2 ? "odd" : "even", flag: i % 3 === 0 },
        prediction: i / 100,
        cohort: { tier: i % 10 === 0 ? "strategic" : "smb" },
        ...(i === 5 ? { label: 0 } : {}),
      }));
      const r = await ingestPredictions(store, model, rows, t0);
      expect(r.accepted).toBe(100);
    }
    const all = await store.loadWindow({ modelId: model.id, version: "v1" });
    expect(all.frame.length).toBe(300);
    expect(all.frame.features.x!.type).toBe("numeric");
    expect(all.frame.features.c!.type).toBe("categorical");
    expect(all.frame.timestamp).toBeInstanceOf(Float64Array);
    const label = all.frame.label as { values: Float64Array };
    expect([...label.values].filter((v) => !Number.isNaN(v)).length).toBe(4); // r-3 before, r-5/105/205 inline
    const part = await store.loadWindow({ modelId: model.id, from: t0 + 50_000, to: t0 + 150_000, cohort: { tier: "strategic" } });
    expect(part.frame.length).toBe(10);
    const tiers = part.frame.cohorts!.tier!;
    expect(new Set([...tiers.codes].map((c) => tiers.dictionary[c]))).toEqual(new Set(["strategic"]));
    const traffic = await store.modelTraffic(model.id);
    expect(traffic.versions[0]).toMatchObject({ version: "v1", predictions: 300, labeled: 4 });
    raw.close();
  });

  it("the demo generator hides the fraud skew and the triage cost story", async () => {
    const demo = createTestDatabase();
    try {
      const ws = await demo.prisma.workspace.create({ data: { slug: "demo", name: "Demo" } });
      const { DEMO_MODELS } = await import("../../../server/demo/inventory");
      const { replaceFeatureContract } = await import("../../../server/services/models");
      for (const m of DEMO_MODELS.filter((x) => x.slug === "fraud-risk" || x.slug === "support-triage")) {
        const { features, ...fields } = m;
        await createModel(demo.prisma, ws.id, { id: null, label: "t" }, fields);
        await replaceFeatureContract(demo.prisma, ws.id, { id: null, label: "t" }, m.slug, features);
      }
      const raw = new Database(demo.file);
      const now = Date.UTC(2026, 10, 25);
      const predictions = new SqlitePredictionRepository(raw);
      const n = await seedDemoTraffic(ws.id, predictions, { now });
      expect(n).toBeGreaterThan(100_000);
      expect(await seedDemoTraffic(ws.id, predictions, { now })).toBe(0); // idempotent
      const id = (slug: string) => raw.prepare(`SELECT id FROM "Model" WHERE slug = ?`).pluck().get(slug) as string;
      const median = (a: Float64Array) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
      const before = await predictions.loadWindow({ modelId: id("fraud-risk"), version: "v3.2", from: now - 40 * 86_400_000, to: now - 25 * 86_400_000 });
      const after = await predictions.loadWindow({ modelId: id("fraud-risk"), version: "v3.2", from: now - 15 * 86_400_000, to: now });
      const sum = (w: typeof before) => median((w.frame.features.txn_sum_30d as { values: Float64Array }).values);
      expect(sum(after) / sum(before)).toBeLessThan(0.35);
      const cost = async (v: string) => {
        const w = await predictions.loadWindow({ modelId: id("support-triage"), version: v });
        return w.frame.costUsd!.reduce((a, b) => a + b, 0) / w.frame.length;
      };
      expect((await cost("llm-triage-v1")) / (await cost("clf-small-v2"))).toBeGreaterThan(8);
      raw.close();
    } finally {
      await demo.dispose();
    }
  });

  it("a ranking window carries each request's logged list, so the product-recs notebook's NDCG cell evaluates it", async () => {
    const demo = createTestDatabase();
    try {
      const ws = await demo.prisma.workspace.create({ data: { slug: "demo", name: "Demo" } });
      const { DEMO_MODELS } = await import("../../../server/demo/inventory");
      const { DEMO_NOTEBOOKS } = await import("../../../server/demo/notebooks");
      const { default: qualityRanking } = await import("../../../plugins/builtin/quality.ranking");
      const { run } = await import("../../unit/plugins/harness");
      const { features, ...fields } = DEMO_MODELS.find((x) => x.slug === "product-recs")!;
      const { replaceFeatureContract } = await import("../../../server/services/models");
      expect(fields.task).toBe("ranking");
      await createModel(demo.prisma, ws.id, { id: null, label: "t" }, fields);
      await replaceFeatureContract(demo.prisma, ws.id, { id: null, label: "t" }, fields.slug, features);
      const raw = new Database(demo.file);
      const now = Date.UTC(2026, 10, 25);
      const predictions = new SqlitePredictionRepository(raw);
      await seedDemoTraffic(ws.id, predictions, { now });
      const modelId = raw.prepare(`SELECT id FROM "Model" WHERE slug = ?`).pluck().get("product-recs") as string;
      const w = await predictions.loadWindow({ modelId, version: "2025.09", from: now - 12 * 86_400_000, to: now });
      const prediction = w.frame.prediction as { type: string; dictionary: readonly string[] };
      expect(prediction.type).toBe("categorical");
      expect(JSON.parse(prediction.dictionary[0]!)).toHaveLength(10);
      const cell = DEMO_NOTEBOOKS.find((n) => n.model === "product-recs")!.cells.find((c) => c.type === "evaluator" && c.pluginId === "quality.ranking") as { config: Record<string, unknown> };
      const r = await run(qualityRanking, { current: w.frame, config: cell.config });
      expect(r.status).not.toBe("n/a");
      const ndcg = r.metrics!.ndcg_at_k as number;
      console.log(`product-recs NDCG@10 through the stored window (2025.09, last 12 days, ${r.metrics!.requests} labelled requests): ${ndcg}`);
      expect(ndcg).toBeGreaterThan(0);
      expect(ndcg).toBeLessThan(1);
      raw.close();
    } finally {
      await demo.dispose();
    }
  });
});

/**
 * The PostgreSQL prediction store behind PredictionRepository gives the same answers as the SQLite
 * one: the same batches, labels (before and after their predictions, inline and changed),
 * contract violations and a baseline go into both, and windows (time range, versions, cohort
 * filter, request ids), baselines and the model page's traffic figures come out equal.
 * Also: several writers at once on one model (as N web processes do) lose and duplicate nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../helpers/db";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { validateLabel, validatePrediction, type NormalizedLabel, type NormalizedPrediction } from "../../server/ingest/validate";
import { createModel, replaceFeatureContract } from "../../server/services/models";
import { BaselineBuilder } from "../../server/ingest/baselines";
import { PgPredictionRepository } from "../../server/predictions/pg-repository";
import { SqlitePredictionRepository } from "../../server/predictions/sqlite-repository";
import type { ModelRef, PredictionRepository, WindowResult } from "../../server/predictions";
import Database from "better-sqlite3";

const sqlite = createTestDatabase();
let pgdb: PgTestDatabase;
beforeAll(async () => {
  pgdb = await createPgTestDatabase();
}, 60_000);
afterAll(async () => {
  await sqlite.dispose();
  await pgdb?.dispose();
});

const t0 = Date.UTC(2026, 9, 1);
const ctx = { now: t0 + 30 * 86_400_000, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
const actor = { id: null, label: "test" };

function batch(from: number, n: number, version = "v1"): NormalizedPrediction[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const row: Record<string, unknown> = {
      requestId: `r-${i}`,
      version,
      timestamp: t0 + i * 60_000,
      prediction: (i % 97) / 97,
      latencyMs: 5 + (i % 13),
      features: { amount: i % 7 === 0 ? -5 : (i * 37) % 1000, tier: ["gold", "basic", "platinum"][i % 3], note: i % 11 === 0 ? null : `n${i % 4}` },
      cohort: { region: i % 2 ? "eu" : "us" },
    };
    if (i % 50 === 0) row.label = i % 100 === 0 ? 1 : 0;
    return validatePrediction(row, k, ctx) as NormalizedPrediction;
  });
}

const labels = (ids: number[], value: (i: number) => number, at: number) =>
  ids.map((i, k) => validateLabel({ requestId: `r-${i}`, label: value(i), timestamp: at + i * 1000 }, k, ctx.now) as NormalizedLabel);

async function fill(repo: PredictionRepository, model: ModelRef) {
  const out: unknown[] = [];
  out.push(await repo.writeLabels(model.id, labels([3, 4, 5, 2003], (i) => i % 2, t0 + 5_000_000))); // before their predictions
  out.push(await repo.writePredictions(model, batch(0, 1000)));
  out.push(await repo.writePredictions(model, [...batch(900, 200), ...batch(1100, 10)])); // 100 replays
  out.push(await repo.writePredictions(model, batch(0, 300, "v2"))); // shadow version, same requestIds
  out.push(await repo.writeLabels(model.id, labels([1, 2, 3, 700, 1105, 5000], (i) => (i * 7) % 2, t0 + 9_000_000)));
  out.push(await repo.writeLabels(model.id, labels([1, 2], (i) => (i * 7) % 2, t0 + 9_000_000))); // identical: duplicates
  out.push(await repo.writeLabels(model.id, labels([700], () => 1, t0 + 9_500_000))); // changed
  out.push(await repo.writePredictions(model, batch(2000, 10)));
  const builder = new BaselineBuilder(Infinity);
  for (let i = 0; i < 25_000; i++) builder.add({ amount: i % 300, tier: i % 2 ? "gold" : "basic", prediction: (i % 10) / 10 });
  builder.flush();
  const encoded = { rowCount: builder.rowCount, columns: builder.columns(), chunks: builder.chunks };
  const stored = await repo.writeBaseline({ modelId: model.id, name: "training", versionId: null, format: "csv", replaceId: null }, encoded);
  return { out, baselineId: stored.id };
}

function plain(w: WindowResult) {
  const col = (c: unknown) => {
    const x = c as { type: string; values?: Float64Array; codes?: Int32Array; dictionary?: string[] };
    return x.type === "numeric" ? [...x.values!].map((v) => (Number.isNaN(v) ? null : v)) : [...x.codes!].map((k) => (k < 0 ? null : x.dictionary![k]));
  };
  const f = w.frame;
  return {
    length: f.length,
    features: Object.fromEntries(Object.entries(f.features).map(([k, v]) => [k, col(v)])),
    cohorts: Object.fromEntries(Object.entries(f.cohorts ?? {}).map(([k, v]) => [k, col(v)])),
    prediction: col(f.prediction),
    label: f.label ? col(f.label) : null,
    timestamp: f.timestamp ? [...f.timestamp] : null,
    requestId: f.requestId ? col(f.requestId) : null,
    version: col(w.version),
  };
}

describe("PostgreSQL prediction store", () => {
  let sq: SqlitePredictionRepository;
  let pq: PgPredictionRepository;
  let sqModel: ModelRef;
  let pgModel: ModelRef;
  let baselines: { sq: string; pg: string };
  let raw: Database.Database;

  beforeAll(async () => {
    const model = { slug: "pay", name: "Pay", task: "binary" as const, ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" as const }, { label: "v2", stage: "shadow" as const }] };
    const contract = [
      { name: "amount", type: "numeric" as const, key: true, nullable: false, min: 0, max: 900 },
      { name: "tier", type: "categorical" as const, key: true, nullable: false, categories: ["gold", "basic"] },
    ];
    for (const db of [sqlite.prisma, pgdb.prisma]) {
      const ws = await db.workspace.create({ data: { id: "ws-1", slug: "ws", name: "W" } });
      await createModel(db, ws.id, actor, model);
      await replaceFeatureContract(db, ws.id, actor, "pay", contract);
    }
    raw = new Database(sqlite.file);
    sq = new SqlitePredictionRepository(raw);
    pq = new PgPredictionRepository(pgdb.pool);
    sqModel = (await sq.findModel("ws-1", "pay"))!;
    pgModel = (await pq.findModel("ws-1", "pay"))!;
    expect({ ...pgModel, id: "" }).toEqual({ ...sqModel, id: "" });
    expect(await pq.versions(pgModel.id)).toEqual(await sq.versions(sqModel.id));
    const a = await fill(sq, sqModel);
    const b = await fill(pq, pgModel);
    expect(b.out).toEqual(a.out); // accepted / duplicates / data-quality counts, batch by batch
    baselines = { sq: a.baselineId, pg: b.baselineId };
  }, 60_000);
  afterAll(() => raw?.close());

  it("returns the same windows: all, a time range that cuts segments, versions, cohorts, request ids", async () => {
    const queries = [
      {},
      { version: "v1", from: t0 + 150 * 60_000, to: t0 + 950 * 60_000, includeRequestIds: true },
      { version: ["v2"], includeLabels: true },
      { cohort: { region: "eu", tier: ["gold", "platinum"] }, features: ["amount"] },
      { from: t0 + 5_000 * 60_000 }, // empty
    ];
    for (const q of queries) {
      const [a, b] = [await sq.loadWindow({ modelId: sqModel.id, ...q }), await pq.loadWindow({ modelId: pgModel.id, ...q })];
      expect(plain(b)).toEqual(plain(a));
      expect(b.stats.segments).toBe(a.stats.segments);
    }
    const all = plain(await pq.loadWindow({ modelId: pgModel.id }));
    expect(all.length).toBe(1000 + 110 + 300 + 10);
    expect(all.label!.filter((v) => v !== null).length).toBeGreaterThan(20);
  });

  it("iterates a window in chunks (versions in the order asked) that add up to the loaded window, with label times; finds logged request ids", async () => {
    const rowsOf = (w: WindowResult) => {
      const p = plain(w);
      return p.requestId!.map((id, i) => ({ id, version: p.version[i], amount: p.features.amount![i], label: p.label?.[i] ?? null, labelAt: w.labelAt![i]! }));
    };
    const q = { version: ["v2", "v1"], from: t0 + 150 * 60_000, includeRequestIds: true, includeLabelTimes: true };
    const results = [];
    for (const [repo, model] of [[sq, sqModel], [pq, pgModel]] as const) {
      const chunks: WindowResult[] = [];
      for await (const w of repo.iterateWindow({ modelId: model.id, ...q }, 100)) chunks.push(w);
      expect(chunks.every((c) => (c.stats.segments === 1 || c.stats.rows <= 100) && new Set(c.version.codes).size === 1)).toBe(true);
      expect(chunks.length).toBeGreaterThan(2);
      const rows = chunks.flatMap(rowsOf);
      expect(rows[0]!.version).toBe("v2"); // the order asked
      const whole = rowsOf(await repo.loadWindow({ modelId: model.id, ...q }));
      const key = (r: { id: unknown; version: unknown }) => `${r.version}|${r.id}`;
      const sort = <T extends { id: unknown; version: unknown }>(a: T[]) => [...a].sort((x, y) => key(x).localeCompare(key(y)));
      expect(sort(rows).map(({ labelAt: _, ...r }) => r)).toEqual(sort(whole).map(({ labelAt: _, ...r }) => r));
      const labelled = rows.filter((r) => r.label !== null);
      expect(labelled.length).toBeGreaterThan(5);
      expect(labelled.every((r) => Number.isFinite(r.labelAt))).toBe(true);
      expect(rows.filter((r) => r.label === null).every((r) => Number.isNaN(r.labelAt))).toBe(true);
      results.push({ rows: sort(rows), ids: [...(await repo.loggedRequestIds(model.id, ["v2"], ["r-1", "r-299", "r-300", "r-5", "nope"], { from: t0 + 2 * 60_000 }))].sort(), stored: await repo.storedVersions(model.id) });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]!.ids).toEqual(["r-299", "r-5"]); // v2 logged r-0..r-299; r-1 is before `from`
    expect(results[0]!.stored.sort()).toEqual(["v1", "v2"]);
  });

  it("counts a window's rows from the segment metadata alike: exact on whole segments, an upper bound where the range cuts one", async () => {
    const queries = [{}, { version: ["v2"] }, { version: "v1", from: t0 + 150 * 60_000, to: t0 + 950 * 60_000 }, { from: t0 + 5_000 * 60_000 }];
    for (const q of queries) {
      const [a, b] = [await sq.countWindowRows({ modelId: sqModel.id, ...q }), await pq.countWindowRows({ modelId: pgModel.id, ...q })];
      expect(b).toBe(a);
      expect(a).toBeGreaterThanOrEqual((await sq.loadWindow({ modelId: sqModel.id, ...q })).frame.length);
    }
    expect(await pq.countWindowRows({ modelId: pgModel.id })).toBe(1420);
    expect(await pq.countWindowRows({ modelId: pgModel.id, version: ["v2"] })).toBe(300);
    expect(await pq.countWindowRows({ modelId: pgModel.id, from: t0 + 5_000 * 60_000 })).toBe(0);
  });

  it("returns the same model-page traffic, baselines and lookups", async () => {
    const [a, b] = [await sq.modelTraffic(sqModel.id, ["v1", "v2", "v3"]), await pq.modelTraffic(pgModel.id, ["v1", "v2", "v3"])];
    expect(b).toEqual(a);
    expect(b.versions.find((v) => v.version === "v1")).toMatchObject({ predictions: 1120 });
    expect(b.labelsWaiting).toBe(1); // r-5000 never gets a prediction (r-2003 came later)
    expect(b.versions[0]!.quality.out_of_range).toBeGreaterThan(0);

    const [ba, bb] = [await sq.loadBaseline(baselines.sq), await pq.loadBaseline(baselines.pg)];
    expect(bb.columns).toEqual(ba.columns);
    expect(bb.frame.length).toBe(25_000);
    expect([...(bb.frame.features.amount as { values: Float64Array }).values]).toEqual([...(ba.frame.features.amount as { values: Float64Array }).values]);
    const [la, lb] = [await sq.listBaselines(sqModel.id), await pq.listBaselines(pgModel.id)];
    expect(lb.map(({ id: _, createdAt, ...r }) => ({ ...r, createdAt: /^\d{4}-\d\d-\d\dT.*\+00:00$/.test(createdAt) }))).toEqual(
      la.map(({ id: _, createdAt, ...r }) => ({ ...r, createdAt: /^\d{4}-\d\d-\d\dT.*\+00:00$/.test(createdAt) })),
    );
    expect(await pq.findBaseline(pgModel.id, "training")).toBe(baselines.pg);
    expect(await pq.findBaseline(pgModel.id, "nope")).toBeNull();
    expect(await pq.findVersionId(pgModel.id, "v2")).toMatch(/.+/);
    expect(await pq.hasTraffic(pgModel.id)).toBe(true);
    const ro = new PgPredictionRepository(pgdb.pool, { readOnly: true });
    await expect(ro.writeLabels(pgModel.id, [])).rejects.toThrow(/read-only/);
  });

  it("takes 8 concurrent writers on one model (overlapping requestIds, labels in between) without losing or duplicating a row", async () => {
    const model = pgModel;
    const before = (await pq.modelTraffic(model.id)).versions.find((v) => v.version === "v1")!.predictions;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, w) =>
        w % 4 === 3
          ? pq.writeLabels(model.id, labels(Array.from({ length: 200 }, (_, i) => 10_000 + i * 3), () => 1, t0))
          : pq.writePredictions(model, batch(10_000 + w * 100, 300)), // each overlaps the next by 200
      ),
    );
    const accepted = results.reduce((s, r, w) => s + (w % 4 === 3 ? 0 : r.accepted), 0);
    const after = (await pq.modelTraffic(model.id)).versions.find((v) => v.version === "v1")!.predictions;
    const distinct = new Set<number>();
    for (let w = 0; w < 8; w++) if (w % 4 !== 3) for (let i = 0; i < 300; i++) distinct.add(10_000 + w * 100 + i);
    expect(accepted).toBe(distinct.size);
    expect(after - before).toBe(distinct.size);
    const { rows } = await pgdb.pool.query<{ c: number }>(
      `SELECT count(*) AS c FROM label_link l JOIN pred_segment g ON g.id = l.segment_id JOIN pred_series s ON s.id = g.series_id
       JOIN pred_key k ON k.segment_id = l.segment_id AND k.row = l.row WHERE s.model_id = $1 AND k.request_id LIKE 'r-1____'`,
      [model.id],
    );
    // every labelled request (sent alone or inline, every 50th) is linked exactly once, whoever came first
    const labelIds = new Set(Array.from({ length: 200 }, (_, i) => 10_000 + i * 3));
    const labelled = [...distinct].filter((i) => labelIds.has(i) || i % 50 === 0);
    expect(rows[0]!.c).toBe(labelled.length);
  });
});

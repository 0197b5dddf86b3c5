/**
 * HTTP API v1 ingest against the real server (`next start`) and a real SQLite database: every
 * rejection path, mixed batches, replay, labels before predictions, gzip, NDJSON, baselines (CSV,
 * NDJSON, Parquet with bad rows), 8 concurrent writers, keys limited to models, revocation, and the
 * Python / TypeScript clients and `evalbook ingest`.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../e2e/browser";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";
import { API_KEY_SCOPES, revokeApiKey } from "../../../server/apikeys/keys";
import { EvalbookClient } from "../../../clients/ts/evalbook-client";
import { ACTOR, prediction, serverPrerequisiteProblem, setupIngest, type IngestEnv } from "./helpers";

const run = promisify(execFile);
const problem = serverPrerequisiteProblem();
const P = "/api/v1/models/fraud/predictions";
const L = "/api/v1/models/fraud/labels";

describe.skipIf(problem !== null)("HTTP API v1 ingest", () => {
  let t: IngestEnv;
  let raw: Database.Database;
  const modelId = () => raw.prepare(`SELECT id FROM "Model" WHERE slug = 'fraud'`).pluck().get() as string;
  const traffic = () => new SqlitePredictionRepository(raw).modelTraffic(modelId());
  const version = async (v: string) => (await traffic()).versions.find((x) => x.version === v)!;

  beforeAll(async () => {
    t = await setupIngest();
    raw = new Database(t.db.file);
  }, 120_000);
  afterAll(async () => {
    raw?.close();
    await t?.stop();
  });

  it("keeps the good rows of a mixed batch and rejects each structural fault with index, field and message", async () => {
    const batch = [
      prediction(1),
      { ...prediction(2), requestId: undefined },
      { ...prediction(3), requestId: 3 },
      { ...prediction(4), timestamp: "last tuesday" },
      { ...prediction(5), timestamp: 1_700_000_000 },
      { ...prediction(6), features: { amount: "NaN-free", nested: { a: 1 } } },
      { ...prediction(7), prediction: null },
      { ...prediction(8), latencyMs: -1 },
      { ...prediction(9), cohort: { tier: 3 } },
      "not an object",
      prediction(11),
    ];
    const r = await t.post(P, batch);
    expect(r.status).toBe(200);
    expect(r.json.accepted).toBe(2);
    expect(r.json.duplicates).toBe(0);
    const by = Object.fromEntries(r.json.rejected.map((x: { index: number; field: string }) => [x.index, x.field]));
    expect(by).toEqual({ 1: "requestId", 2: "requestId", 3: "timestamp", 4: "timestamp", 5: "features.nested", 6: "prediction", 7: "latencyMs", 8: "cohort.tier", 9: "" });
    expect(r.json.rejected.find((x: { index: number }) => x.index === 4).message).toMatch(/seconds/);
  });

  it("rejects only the row holding NaN or Infinity, in JSON arrays and NDJSON", async () => {
    const body = `[${JSON.stringify(prediction(20))}, {"requestId":"req-21","version":"v1","prediction":NaN}, {"requestId":"req-22","version":"v1","prediction":0.1,"features":{"amount":-Infinity}}]`;
    const r = await t.post(P, body, { raw: true });
    expect(r.json.accepted).toBe(1);
    expect(r.json.rejected.map((x: { field: string }) => x.field)).toEqual(["prediction", "features.amount"]);
    expect(r.json.rejected[0].message).toMatch(/NaN is not a finite number/);
    const nd = `${JSON.stringify(prediction(23))}\n{"requestId":"req-24","prediction":Infinity}\n{broken\n${JSON.stringify(prediction(25))}\n`;
    const r2 = await t.post(P, nd, { raw: true, headers: { "content-type": "application/x-ndjson" } });
    expect(r2.json.accepted).toBe(2);
    expect(r2.json.rejected.map((x: { index: number }) => x.index)).toEqual([1, 2]);
  });

  it("rejects an unknown version only when the model requires registered versions", async () => {
    const ok = await t.post(P, [prediction(30, { version: "v9-unregistered" })]);
    expect(ok.json.accepted).toBe(1);
    const strict = await t.post("/api/v1/models/strict/predictions", [
      { requestId: "s-1", version: "s1", prediction: "billing" },
      { requestId: "s-2", version: "nope", prediction: "billing" },
      { requestId: "s-3", prediction: "billing" }, // defaults to the production version
    ]);
    expect(strict.json.accepted).toBe(2);
    expect(strict.json.rejected).toEqual([expect.objectContaining({ index: 1, field: "version", message: expect.stringMatching(/unknown version "nope".*s1/) })]);
  });

  it("accepts feature-contract violations and counts them as data-quality signals", async () => {
    const r = await t.post(P, [
      prediction(40, { features: { amount: 5000, country: "FR", intl: true, surprise: 1 } }),
      prediction(41, { features: { country: "US", intl: null } }),
      prediction(42, { features: { amount: "twelve", country: "DE", intl: false } }),
    ]);
    expect(r.json.accepted).toBe(3);
    expect(r.json.dataQuality).toEqual({ out_of_range: 1, new_category: 1, unknown_feature: 1, missing_feature: 1, wrong_type: 1 });
    expect((await version("v1")).quality).toMatchObject({ out_of_range: 1, new_category: 1, unknown_feature: 1, missing_feature: 1, wrong_type: 1 });
  });

  it("stores nothing twice when a batch is replayed; shadow versions reuse production's requestId", async () => {
    const batch = Array.from({ length: 50 }, (_, i) => prediction(100 + i));
    const first = await t.post(P, batch);
    expect(first.json).toMatchObject({ accepted: 50, duplicates: 0 });
    const again = await t.post(P, [...batch, prediction(150)], { gzip: true });
    expect(again.json).toMatchObject({ accepted: 1, duplicates: 50, rejected: [] });
    const shadow = await t.post(P, batch.map((p) => ({ ...p, version: "v2" })));
    expect(shadow.json).toMatchObject({ accepted: 50, duplicates: 0 });
    const within = await t.post(P, [prediction(160), prediction(160)]);
    expect(within.json).toMatchObject({ accepted: 1, duplicates: 1 });
    const keys = raw.prepare(`SELECT count(*) FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.version = 'v1' AND k.request_id LIKE 'req-%' AND CAST(substr(k.request_id, 5) AS INTEGER) BETWEEN 100 AND 160`).pluck().get();
    expect(keys).toBe(52);
  });

  it("joins labels that arrive before their prediction, for every version, and reports coverage and latency", async () => {
    const ts = Date.UTC(2026, 9, 2);
    const labels = await t.post(L, [
      { requestId: "late-1", label: 1, timestamp: ts + 3_600_000 },
      { requestId: "late-2", label: 0, timestamp: ts + 7_200_000 },
      { requestId: "late-3", label: "oops-a-class", timestamp: ts },
      { label: 1 },
      { requestId: "late-4", timestamp: ts },
    ]);
    expect(labels.json.accepted).toBe(3);
    expect(labels.json.rejected.map((x: { field: string }) => x.field)).toEqual(["requestId", "label"]);
    const replay = await t.post(L, [{ requestId: "late-1", label: 1, timestamp: ts + 3_600_000 }]);
    expect(replay.json).toMatchObject({ accepted: 0, duplicates: 1 });
    const before = (await version("v2")).labeled;
    const preds = await t.post(P, [
      { requestId: "late-1", version: "v1", timestamp: ts, prediction: 0.9 },
      { requestId: "late-2", version: "v1", timestamp: ts, prediction: 0.2 },
      { requestId: "late-1", version: "v2", timestamp: ts, prediction: 0.8 },
    ]);
    expect(preds.json.accepted).toBe(3);
    expect((await version("v2")).labeled).toBe(before + 1);
    // a label that arrives after: joins both versions' predictions
    await t.post(L, [{ requestId: "req-100", label: 1, timestamp: Date.UTC(2026, 9, 1) + 100_000 + 60_000 }]);
    const v1 = await version("v1");
    expect(v1.labeled).toBeGreaterThanOrEqual(3);
    expect(v1.labelCoverage).toBeGreaterThan(0);
    expect(v1.labelLatencyP50Ms).not.toBeNull();
    const w = await new SqlitePredictionRepository(raw).loadWindow({ modelId: modelId(), version: "v1", from: ts, to: ts + 1 });
    expect(w.frame.length).toBe(2);
    expect(w.frame.label?.type).toBe("numeric");
    const byId = new Map<string, number>();
    const win = await new SqlitePredictionRepository(raw).loadWindow({ modelId: modelId(), version: "v1", from: ts, to: ts + 1, includeRequestIds: true });
    win.frame.requestId!.codes.forEach((c, i) => byId.set(win.frame.requestId!.dictionary[c]!, (win.frame.label as { values: Float64Array }).values[i]!));
    expect(Object.fromEntries(byId)).toEqual({ "late-1": 1, "late-2": 0 });
  });

  it("answers 401 for a missing, malformed, unknown or revoked key, 404 for an unknown model, 403 for a key limited to other models", async () => {
    for (const [key, re] of [
      [null, /Missing API key/],
      ["nonsense", /not an evalbook API key/],
      ["eb_live_" + "x".repeat(44), /not valid/],
    ] as const) {
      const r = await t.post(P, [prediction(1)], { key });
      expect(r.status).toBe(401);
      expect(r.json.error.message).toMatch(re);
    }
    const missing = await t.post("/api/v1/models/no-such-model/predictions", [prediction(1)]);
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no-such-model") });
    const limited = await t.newKey("strict only", ["strict"]);
    const forbidden = await t.post(P, [prediction(1)], { key: limited.secret });
    expect(forbidden.status).toBe(403);
    const allowed = await t.post("/api/v1/models/strict/predictions", [{ requestId: "s-9", prediction: "x" }], { key: limited.secret });
    expect(allowed.status).toBe(200);

    const doomed = await t.newKey("doomed");
    expect((await t.post(P, [prediction(300)], { key: doomed.secret })).status).toBe(200);
    await revokeApiKey(t.db.prisma, t.workspaceId, ACTOR, doomed.id);
    const revoked = await t.post(P, [prediction(301)], { key: doomed.secret });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.message).toMatch(/revoked/);
    const used = await t.db.prisma.apiKey.findUnique({ where: { id: doomed.id } });
    expect(used?.lastUsedAt).not.toBeNull();
  });

  it("takes 8 concurrent writers without SQLITE_BUSY or lost rows", async () => {
    const writers = Array.from({ length: 8 }, (_, w) =>
      Promise.all(
        Array.from({ length: 5 }, (_, b) =>
          t.post(
            P,
            Array.from({ length: 200 }, (_, i) => prediction(10_000 + w * 1000 + b * 200 + i, { version: "v2" })),
          ),
        ),
      ),
    );
    const answers = (await Promise.all(writers)).flat();
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.reduce((s, a) => s + a.json.accepted, 0)).toBe(8 * 5 * 200);
    const stored = raw.prepare(`SELECT count(*) FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.version = 'v2' AND k.request_id LIKE 'req-%' AND CAST(substr(k.request_id, 5) AS INTEGER) >= 10000`).pluck().get();
    expect(stored).toBe(8000);
  });

  it("stores CSV, NDJSON and Parquet baselines with inferred column types; bad CSV rows are reported", async () => {
    const csv = "amount,country,intl,label\n12.5,US,true,0\n99,DE,false,1\n1,2,3,4,5\n,US,true,\n";
    const c = await t.post("/api/v1/models/fraud/baselines?name=train-csv&version=v1", csv, { raw: true, headers: { "content-type": "text/csv" } });
    expect(c.status).toBe(201);
    expect(c.json.rowCount).toBe(3);
    expect(c.json.rejected).toEqual([expect.objectContaining({ index: 2, message: expect.stringMatching(/line 4/) })]);
    expect(Object.fromEntries(c.json.columns.map((x: { name: string; type: string }) => [x.name, x.type]))).toEqual({ amount: "numeric", country: "categorical", intl: "boolean", label: "numeric" });
    const dup = await t.post("/api/v1/models/fraud/baselines?name=train-csv", csv, { raw: true, headers: { "content-type": "text/csv" } });
    expect(dup.status).toBe(409);

    const nd = `{"features":{"amount":1,"country":"US"},"prediction":0.1,"label":0}\nnot json\n{"amount":2,"country":"DE","prediction":0.7,"label":1}\n`;
    const n = await t.post("/api/v1/models/fraud/baselines?name=train-ndjson&format=ndjson", nd, { raw: true, gzip: true, headers: { "content-type": "application/octet-stream" } });
    expect(n.status).toBe(201);
    expect(n.json).toMatchObject({ rowCount: 2, rejected: [expect.objectContaining({ index: 1 })] });

    const parquet = readFileSync(path.join(__dirname, "fixtures", "baseline.parquet"));
    const p = await t.post("/api/v1/models/fraud/baselines?name=train-parquet&version=v2", parquet, { raw: true, headers: { "content-type": "application/vnd.apache.parquet" } });
    expect(p.status).toBe(201);
    expect(p.json.rowCount).toBe(300);
    const types = Object.fromEntries(p.json.columns.map((x: { name: string; type: string; role: string }) => [x.name, `${x.type}/${x.role}`]));
    expect(types).toMatchObject({ txn_amount: "numeric/feature", merchant_category: "categorical/feature", is_international: "boolean/feature", prediction: "numeric/prediction", label: "numeric/label" });
    const bad = await t.post("/api/v1/models/fraud/baselines?name=broken&format=parquet", Buffer.from("PAR1 not really"), { raw: true });
    expect(bad.status).toBe(400);

    const stored = await new SqlitePredictionRepository(raw).listBaselines(modelId());
    expect(stored.map((b) => b.name).sort()).toEqual(["train-csv", "train-ndjson", "train-parquet"]);
    const frame = (await new SqlitePredictionRepository(raw).loadBaseline(stored.find((b) => b.name === "train-parquet")!.id)).frame;
    expect(frame.length).toBe(300);
    expect(Number.isNaN((frame.features.txn_amount as { values: Float64Array }).values[5])).toBe(true);
    expect(frame.label?.type).toBe("numeric");
  });

  it("lists the inventory and one model; a key limited to one model sees only that model", async () => {
    const get = async (path: string, key = t.key) => {
      const res = await fetch(`${t.server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, json: (await res.json()) as any };
    };
    const all = await get("/api/v1/models");
    expect(all.status).toBe(200);
    expect(all.json.models.map((m: { slug: string }) => m.slug).sort()).toEqual(["fraud", "strict"]);
    expect(all.json.models.find((m: { slug: string }) => m.slug === "fraud")).toMatchObject({ ownerTeam: "risk", onCall: "risk@acme.test", productionVersion: "v1" });
    const one = await get("/api/v1/models/fraud");
    expect(one.status).toBe(200);
    expect(one.json.versions.map((v: { label: string; stage: string }) => `${v.label}:${v.stage}`)).toEqual(["v1:production", "v2:shadow"]);
    expect(one.json.features.map((f: { name: string }) => f.name)).toEqual(["amount", "country", "intl"]);
    expect((await get("/api/v1/models/nope")).status).toBe(404);
    const bad = await get("/api/v1/models?task=astrology");
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^task: /);
    const limited = (await t.newKey("strict only", ["strict"])).secret;
    expect((await get("/api/v1/models", limited)).json.models.map((m: { slug: string }) => m.slug)).toEqual(["strict"]);
    expect((await get("/api/v1/models/fraud", limited)).status).toBe(403);
  });

  it("takes sampleRate per row (a rate outside (0, 1] rejects that row) and serves traffic from the rollups, marked estimated", async () => {
    const ts = Date.UTC(2026, 9, 5);
    const r = await t.post(P, [
      ...Array.from({ length: 10 }, (_, i) => ({ requestId: `sampled-${i}`, version: "v2", timestamp: ts + i, prediction: 0.5, latencyMs: 40, sampleRate: 0.1, error: i === 0 ? "timeout" : null })),
      { requestId: "sampled-bad", version: "v2", timestamp: ts, prediction: 0.5, sampleRate: 0 },
    ]);
    expect(r.json.accepted).toBe(10);
    expect(r.json.rejected).toEqual([expect.objectContaining({ index: 10, field: "sampleRate", message: expect.stringMatching(/sampleRate must be > 0 and ≤ 1/) })]);
    const res = await fetch(`${t.server.url}/api/v1/models/fraud/traffic`, { headers: { authorization: `Bearer ${t.key}` } });
    expect(res.status).toBe(200);
    const traffic = (await res.json()) as any;
    expect(traffic.estimated).toBe(true);
    expect(traffic.sampleNote).toMatch(/^from a [\d.]+% sample$/);
    const v2 = traffic.versions.find((v: { version: string }) => v.version === "v2");
    expect(v2.estimated).toBe(true);
    expect(v2.requests - v2.predictions).toBeCloseTo(90, 6); // 10 rows at 10% stand for 100 requests
    expect(traffic.serving.find((p: { day: string; version: string }) => p.day === "2026-10-05" && p.version === "v2")).toMatchObject({ requests: 100, errors: 10, latencyP50Ms: expect.any(Number) });
  });

  it("serves an OpenAPI 3 document generated from the schemas and JSON 404s elsewhere under /api/v1", async () => {
    const doc = (await (await fetch(`${t.server.url}/api/v1/openapi.json`)).json()) as { openapi: string; paths: object; components: { schemas: Record<string, { properties?: object }> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/models/{slug}/predictions",
        "/api/v1/models/{slug}/labels",
        "/api/v1/models/{slug}/baselines",
        "/api/v1/models",
        "/api/v1/models/{slug}",
        "/api/v1/notebooks/{id}/runs",
        "/api/v1/runs/{id}",
        "/api/v1/reports/{id}/export",
      ]),
    );
    expect(Object.keys(doc.components.schemas.Prediction!.properties!)).toEqual(expect.arrayContaining(["requestId", "features", "prediction", "cohort"]));
    // Every route file under app/api/v1 (but the JSON 404 catch-all and the document itself) is in
    // the document with each method it exports, and the document lists nothing that has no route.
    const routeFiles = readdirSync(path.join(ROOT, "app/api/v1"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
    const served: string[] = [];
    for (const file of routeFiles) {
      const dir = path.dirname(file);
      if (dir === "[...path]" || dir === "openapi.json") continue;
      const apiPath = "/api/v1/" + dir.split(path.sep).map((s) => s.replace(/^\[(\w+)\]$/, "{$1}")).join("/");
      const methods = [...readFileSync(path.join(ROOT, "app/api/v1", file), "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
      expect(methods.length, `${file} exports no handler`).toBeGreaterThan(0);
      for (const m of methods) served.push(`${m} ${apiPath}`);
    }
    const documented = Object.entries(doc.paths as Record<string, Record<string, { "x-evalbook-scope"?: string }>>).flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => {
        expect(API_KEY_SCOPES, `${m} ${p} names its key scope`).toContain(op["x-evalbook-scope"]);
        return `${m} ${p}`;
      }),
    );
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(documented.sort()).toEqual(served.sort());
    const res = await fetch(`${t.server.url}/api/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it("the Python client logs predictions and labels in a few lines, survives a bad row, and flushes on exit", async () => {
    const script = `
import sys, json, math
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "clients", "python"))})
from evalbook_client import EvalbookClient
c = EvalbookClient(sys.argv[1], api_key=sys.argv[2], model="fraud", batch_size=100, flush_interval=0.2)
for i in range(250):
    c.log_prediction(request_id="py-%d" % i, version="v1", features={"amount": i, "country": "US"}, prediction=0.5 if i != 7 else math.nan, latency_ms=3)
for i in range(0, 250, 2):
    c.log_label(request_id="py-%d" % i, label=i % 4 == 0)
print(json.dumps(dict(c.stats)))  # no close(): atexit flushes
`;
    const { stdout } = await run("python3", ["-c", script, t.server.url, t.key], { timeout: 60_000 });
    const before = JSON.parse(stdout.trim()) as Record<string, number>;
    expect(before.failed).toBe(0);
    const stored = raw.prepare(`SELECT count(*) FROM pred_key WHERE request_id LIKE 'py-%'`).pluck().get();
    expect(stored).toBe(249);
    const labels = raw.prepare(`SELECT count(*) FROM label WHERE request_id LIKE 'py-%'`).pluck().get();
    expect(labels).toBe(125);
  });

  it("the Python client never raises into the caller when the server is unreachable", async () => {
    const script = `
import sys, json
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "clients", "python"))})
from evalbook_client import EvalbookClient
c = EvalbookClient("http://127.0.0.1:9", api_key="eb_live_x", model="fraud", max_retries=1, flush_interval=0.1)
ok = c.log_prediction(request_id="x", prediction=object())
c.close(timeout=5)
print(json.dumps({"ok": ok, **dict(c.stats)}))
`;
    const { stdout } = await run("python3", ["-c", script], { timeout: 60_000 });
    expect(JSON.parse(stdout.trim())).toMatchObject({ ok: true, failed: 1 });
  });

  it("the TypeScript client buffers, sends in the background and reports rejections", async () => {
    const warnings: string[] = [];
    const client = new EvalbookClient({ baseUrl: t.server.url, apiKey: t.key, model: "fraud", batchSize: 50, flushIntervalMs: 100, onWarning: (m) => warnings.push(m) });
    for (let i = 0; i < 120; i++) client.logPrediction({ requestId: `ts-${i}`, version: "v1", features: { amount: i }, prediction: i === 3 ? NaN : 0.3 });
    client.logLabel({ requestId: "ts-1", label: 1 });
    await client.close();
    expect(client.stats).toMatchObject({ accepted: 120, rejected: 1, failed: 0 });
    expect(warnings.join("\n")).toMatch(/NaN/);
  });

  it("`evalbook ingest` streams CSV and Parquet logs in batches and writes rejections next to the input", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-cli-"));
    const pq = path.join(dir, "log.parquet");
    copyFileSync(path.join(__dirname, "fixtures", "baseline.parquet"), pq);
    const cli = path.join(ROOT, "bin", "evalbook.mjs");
    const env = { ...process.env, EVALBOOK_URL: t.server.url, EVALBOOK_API_KEY: t.key };
    const a = await run("node", [cli, "ingest", "--model", "fraud", "--default-version", "v1", "--batch", "64", "--no-progress", pq], { env, timeout: 60_000 });
    expect(a.stdout).toMatch(/300 rows: 300 accepted, 0 duplicates, 0 rejected/);
    const csv = path.join(dir, "log.csv");
    writeFileSync(csv, "request_id,timestamp,version,prediction,amount,cohort.tier\ncsv-1,2026-10-01T00:00:00Z,v1,0.4,12,smb\ncsv-2,not-a-date,v1,0.1,3,smb\npq-0,,v1,0.5,1,smb\n");
    const b = await run("node", [cli, "ingest", "--model", "fraud", "--no-progress", csv], { env, timeout: 60_000 }).catch((e: { stdout: string; code: number }) => e);
    expect(b.stdout).toMatch(/3 rows: 1 accepted, 1 duplicates, 1 rejected/);
    const rejected = readFileSync(path.join(dir, "log.csv.rejected.ndjson"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { row: number; field: string });
    expect(rejected).toEqual([expect.objectContaining({ row: 1, field: "timestamp" })]);
    expect(existsSync(path.join(dir, "log.parquet.rejected.ndjson"))).toBe(false);
    const labels = path.join(dir, "labels.ndjson");
    writeFileSync(labels, '{"requestId":"pq-1","label":1}\n{"requestId":"pq-2","label":0}\n');
    const c = await run("node", [cli, "ingest", "--model", "fraud", "--labels", "--no-progress", labels], { env, timeout: 60_000 });
    expect(c.stdout).toMatch(/2 rows: 2 accepted/);
  }, 120_000); // three CLI processes, each starting tsx: ~8 s apiece on a loaded 2-core machine
});

describe.runIf(problem !== null)("HTTP API v1 ingest prerequisites", () => {
  it("needs a production build and a database", () => {
    expect.fail(problem ?? "");
  });
});

/**
 * Training-set export on a real SQLite database: one row per request (the production version's
 * features win over the shadow's), window, cohort, labelled-only and data-quality filters, label
 * and label time; the CSV read back by Python's stdlib csv module and the Parquet by the reader of
 * `evalbook evaluate` equal the stored values; the preview counts; the audit trail; the v1 route's
 * 400s naming the field, and a disconnect that stops the export.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../helpers/db";
import { validateLabel, validatePrediction, type NormalizedLabel, type NormalizedPrediction } from "../../../server/ingest/validate";

const db = createTestDatabase({ useAsDefault: true });
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-export-"));
afterAll(async () => {
  await db.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const t0 = Date.UTC(2026, 9, 1);
const MIN = 60_000;
const ctx = { now: t0 + 30 * 86_400_000, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
const actor = { id: null, label: "test" };

/** The features each version logged for request i (the shadow's amount differs, so the winner shows). */
function features(i: number, version: string) {
  return {
    amount: i % 17 === 0 ? -5 : ((i * 1.5) % 800) + (version === "v1" ? 0 : 1),
    tier: i % 23 === 0 ? "platinum" : i % 2 ? "gold" : "basic",
    note: i % 7 === 0 ? null : i % 5 === 0 ? `a, "quoted" note ${i}` : `n${i % 4}`,
  };
}
const segment = (i: number) => (i % 4 === 0 ? "strategic" : "smb");
const labelOf = (i: number) => (i % 3 === 0 ? (i % 2) : null);
const labelAtOf = (i: number) => t0 + i * MIN + 3_600_000;

function batch(ids: number[], version: string): NormalizedPrediction[] {
  return ids.map((i, k) => validatePrediction({ requestId: `r-${i}`, version, timestamp: t0 + i * MIN, prediction: (i % 10) / 10, features: features(i, version), cohort: { segment: segment(i) } }, k, ctx) as NormalizedPrediction);
}

/** What the export must contain, computed from the inputs (not from the store). */
function expected(from: number, to: number, opts: { strategicOnly: boolean; labelledOnly: boolean; excludeDq: boolean }) {
  const rows = [];
  for (let i = 0; i < 700; i++) {
    const ts = t0 + i * MIN;
    if (ts < from || ts >= to) continue;
    if (opts.strategicOnly && segment(i) !== "strategic") continue;
    const version = i < 600 ? "v1" : "v2";
    const f = features(i, version);
    const bad = f.amount < 0 || f.amount > 900 || !["gold", "basic"].includes(f.tier);
    const label = labelOf(i);
    if (opts.labelledOnly && label === null) continue;
    if (opts.excludeDq && bad) continue;
    rows.push({ request_id: `r-${i}`, version, ts, ...f, label, label_at: label === null ? null : labelAtOf(i) });
  }
  return rows;
}

describe("training-set export", () => {
  let model: import("../../../server/predictions").ModelRef;
  let ws: { id: string; slug: string };
  let key = "";
  const from = t0 + 50 * MIN;
  const to = t0 + 650 * MIN;

  beforeAll(async () => {
    const { predictionRepository } = await import("../../../server/predictions");
    const { createModel, replaceFeatureContract } = await import("../../../server/services/models");
    const { createApiKey } = await import("../../../server/apikeys/keys");
    ws = await db.prisma.workspace.create({ data: { slug: "exp", name: "Exp" } });
    await createModel(db.prisma, ws.id, actor, { slug: "acct", name: "Accounts", task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v2", stage: "shadow" }, { label: "v1", stage: "production" }] });
    await replaceFeatureContract(db.prisma, ws.id, actor, "acct", [
      { name: "amount", type: "numeric", nullable: false, min: 0, max: 900 },
      { name: "tier", type: "categorical", nullable: false, categories: ["gold", "basic"] },
      { name: "note", type: "text", nullable: true },
    ]);
    const repo = predictionRepository();
    model = (await repo.findModel(ws.id, "acct"))!;
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);
    // The shadow logs first (its segments have lower ids), every request the production version logs and 100 more.
    for (let a = 0; a < 700; a += 70) await repo.writePredictions(model, batch(range(a, a + 70), "v2"));
    for (let a = 0; a < 600; a += 50) await repo.writePredictions(model, batch(range(a, a + 50), "v1"));
    const labelled = range(0, 700).filter((i) => labelOf(i) !== null);
    await repo.writeLabels(model.id, labelled.map((i, k) => validateLabel({ requestId: `r-${i}`, label: labelOf(i), timestamp: labelAtOf(i) }, k, ctx.now) as NormalizedLabel));
    key = (await createApiKey(db.prisma, ws.id, actor, { name: "export", scopes: ["read"] })).secret;
  }, 60_000);

  async function exportTo(format: "csv" | "parquet", q: Record<string, unknown>, chunkRows = 64) {
    const { predictionRepository } = await import("../../../server/predictions");
    const { startExport } = await import("../../../server/export/service");
    const file = await startExport(db.prisma, predictionRepository(), { workspaceId: ws.id, actor, chunkRows }, model, { from, to, format, ...q });
    const out = path.join(tmp, `${format}-${Math.random().toString(36).slice(2)}.${format}`);
    const parts: Uint8Array[] = [];
    for await (const p of file.body) parts.push(p);
    fs.writeFileSync(out, Buffer.concat(parts));
    return { out, file };
  }

  it("writes one row per request — production's features, shadow-only requests from the shadow — filtered by cohort, label and contract; Python's csv module reads back the stored values", async () => {
    const { out, file } = await exportTo("csv", { cohort: { segment: ["strategic"] }, labelled: true, dataQuality: true });
    const want = expected(from, to, { strategicOnly: true, labelledOnly: true, excludeDq: true });
    expect(want.length).toBeGreaterThan(30);
    expect(want.some((r) => r.version === "v2")).toBe(true);
    const script = `import csv, json, sys\nwith open(sys.argv[1], newline="", encoding="utf-8") as f:\n    print(json.dumps(list(csv.DictReader(f))))`;
    const { stdout } = await run("python3", ["-c", script, out]);
    const got = JSON.parse(stdout) as Record<string, string>[];
    const key = (r: { request_id?: string }) => r.request_id!;
    expect(got.map(key).sort()).toEqual(want.map(key).sort());
    const byId = new Map(got.map((r) => [r.request_id, r]));
    for (const w of want) {
      const g = byId.get(w.request_id)!;
      expect(g).toEqual({
        request_id: w.request_id,
        version: w.version,
        timestamp: new Date(w.ts).toISOString(),
        amount: String(w.amount),
        tier: w.tier,
        note: w.note ?? "",
        label: String(w.label),
        label_at: new Date(w.label_at!).toISOString(),
      });
    }
    expect(file.counts).toMatchObject({ rows: want.length, perVersion: { v1: want.filter((r) => r.version === "v1").length, v2: want.filter((r) => r.version === "v2").length } });
    expect(file.counts.duplicates).toBeGreaterThan(0);
  });

  it("writes Parquet that the reader of `evalbook evaluate` reads back as the stored values, every row when asked", async () => {
    const { out } = await exportTo("parquet", { labelled: false, dataQuality: false });
    const { readTables } = await import("../../../server/files/read-parallel");
    const { tableToFrame } = await import("../../../server/files/to-frame");
    const [table] = await readTables([out]);
    expect(table!.names).toEqual(["request_id", "version", "timestamp", "amount", "tier", "note", "label", "label_at"]);
    const frame = tableToFrame(table!);
    const want = expected(from, to, { strategicOnly: false, labelledOnly: false, excludeDq: false });
    expect(frame.length).toBe(want.length);
    const cat = (c: unknown, i: number) => {
      const x = c as { codes: Int32Array; dictionary: string[] };
      return x.codes[i]! < 0 ? null : x.dictionary[x.codes[i]!];
    };
    const num = (c: unknown, i: number) => {
      const v = (c as { values: Float64Array }).values[i]!;
      return Number.isNaN(v) ? null : v;
    };
    const got = Array.from({ length: frame.length }, (_, i) => ({
      request_id: cat(frame.requestId, i)!,
      version: cat(frame.features.version, i),
      ts: frame.timestamp![i],
      amount: num(frame.features.amount, i),
      tier: cat(frame.features.tier, i),
      note: cat(frame.features.note, i),
      label: num(frame.label, i),
      label_at: num(frame.features.label_at, i),
    }));
    const sort = <T extends { request_id: string }>(a: T[]) => [...a].sort((x, y) => x.request_id.localeCompare(y.request_id));
    expect(sort(got)).toEqual(sort(want));
  });

  it("previews the counts, saves the policy the export then follows, and audits every export", async () => {
    const { predictionRepository } = await import("../../../server/predictions");
    const { previewExport, saveExportPolicy, getExportPolicy } = await import("../../../server/export/service");
    const all = expected(from, to, { strategicOnly: false, labelledOnly: false, excludeDq: false });
    const p = await previewExport(db.prisma, predictionRepository(), model, { from, to, labelled: false, dataQuality: false });
    const bad = expected(from, to, { strategicOnly: false, labelledOnly: false, excludeDq: false }).length - expected(from, to, { strategicOnly: false, labelledOnly: false, excludeDq: true }).length;
    expect(p.counts).toMatchObject({ requests: all.length, labelled: all.filter((r) => r.label !== null).length, dataQuality: bad, rows: all.length });
    expect(p.versions).toEqual(["v1", "v2"]); // production first
    expect(p.columns).toEqual(["request_id", "version", "timestamp", "amount", "tier", "note", "label", "label_at"]);

    await saveExportPolicy(db.prisma, ws.id, actor, "acct", { versions: ["v2"], cohort: { segment: ["smb"] }, labelledOnly: false, excludeDataQuality: false, note: "retrain monthly" });
    expect((await getExportPolicy(db.prisma, model.id)).policy.note).toBe("retrain monthly");
    const q = await previewExport(db.prisma, predictionRepository(), model, { from, to });
    const smbV2 = Array.from({ length: 600 }, (_, k) => 50 + k).filter((i) => segment(i) === "smb").length;
    expect(q.counts).toMatchObject({ rows: smbV2, duplicates: 0, perVersion: { v2: smbV2 } });

    const events = await db.prisma.auditEvent.findMany({ where: { modelId: model.id, action: { in: ["model.export", "model.export_policy"] } }, orderBy: { createdAt: "asc" } });
    const exports = events.filter((e) => e.action === "model.export").map((e) => JSON.parse(e.changes));
    expect(exports.length).toBeGreaterThanOrEqual(2);
    expect(exports[0]).toMatchObject({ window: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, format: "csv", completed: true, cohort: { segment: ["strategic"] } });
    expect(exports[0].rows).toBe(expected(from, to, { strategicOnly: true, labelledOnly: true, excludeDq: true }).length);
    expect(events.some((e) => e.action === "model.export_policy" && e.actorLabel === "test")).toBe(true);
    await saveExportPolicy(db.prisma, ws.id, actor, "acct", {});
  });

  it("evalbook export works on the local database without --url/--key, and refuses a URL without a key", async () => {
    const out = path.join(tmp, "cli.csv");
    const env = { ...process.env, DATABASE_URL: db.url, EVALBOOK_URL: "", EVALBOOK_API_KEY: "" };
    delete (env as Record<string, string | undefined>).EVALBOOK_URL;
    delete (env as Record<string, string | undefined>).EVALBOOK_API_KEY;
    const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "server/cli/main.ts", "export", "--model", "acct", "--from", new Date(from).toISOString(), "--to", new Date(to).toISOString(), ...args], { env, timeout: 60_000 });
    const { stdout } = await cli(["--cohort", "segment=strategic", "--labelled-only", "--format", "csv", "--out", out]);
    const want = expected(from, to, { strategicOnly: true, labelledOnly: true, excludeDq: true });
    expect(stdout).toMatch(new RegExp(`^${want.length} rows \\(v1: \\d+, v2: \\d+\\)`));
    expect(fs.readFileSync(out, "utf8").trim().split("\r\n").length).toBe(1 + want.length);
    await expect(cli(["--url", "http://127.0.0.1:9", "--out", out])).rejects.toMatchObject({ stderr: expect.stringMatching(/no API key: pass --key or set EVALBOOK_API_KEY/) });
  }, 90_000);

  it("GET /api/v1/models/{slug}/export: 400 naming the field, a streamed file, and a disconnect that stops and audits the export", async () => {
    const { GET } = await import("../../../app/api/v1/models/[slug]/export/route");
    const call = (query: string) =>
      GET(new Request(`http://localhost/api/v1/models/acct/export?${query}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({ slug: "acct" }) });
    const fields = async (query: string) => {
      const res = await call(query);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { message: string; details?: { fields: { field: string }[] } } };
      return body.error.details!.fields.map((f) => f.field);
    };
    expect(await fields(`to=2026-10-02`)).toEqual(["from"]);
    expect(await fields(`from=yesterday&to=2026-10-02`)).toEqual(["from"]);
    expect(await fields(`from=2026-10-02&to=2026-10-01`)).toEqual(["to"]);
    expect(await fields(`from=2026-10-01&to=2026-10-02&format=xlsx`)).toEqual(["format"]);
    expect(await fields(`from=2026-10-01&to=2026-10-02&cohort=segment`)).toEqual(["cohort"]);
    expect(await fields(`from=2026-10-01&to=2026-10-02&labelled=maybe`)).toEqual(["labelled"]);
    expect(await fields(`from=2026-10-01&to=2026-10-02&versions=v9`)).toEqual(["versions"]);

    const ok = await call(`from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&format=csv&labelled=all&dataQuality=include`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toMatch(/attachment; filename="acct-2026-10-01-2026-10-01\.csv"/);
    const text = await ok.text();
    expect(text.trim().split("\r\n").length).toBe(1 + expected(from, to, { strategicOnly: false, labelledOnly: false, excludeDq: false }).length);

    const before = await db.prisma.auditEvent.count({ where: { modelId: model.id, action: "model.export" } });
    const cut = await call(`from=${from}&to=${to}&format=csv&labelled=all`);
    const reader = cut.body!.getReader();
    await reader.read(); // the header line
    await reader.cancel();
    const events = await db.prisma.auditEvent.findMany({ where: { modelId: model.id, action: "model.export" }, orderBy: { createdAt: "desc" } });
    expect(events.length).toBe(before + 1);
    expect(JSON.parse(events[0]!.changes)).toMatchObject({ completed: false });
    expect(events[0]!.actorLabel).toMatch(/^api key/);
  });
});

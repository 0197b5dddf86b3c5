/**
 * The storage maintenance pass (server/services/storage-maintenance.ts, the `storageMaintenance`
 * job): a model's retention period, set through the model update (validated, audited as a change),
 * deletes its older predictions and records what went in the audit log; a model without one keeps
 * everything; small segments of every model are compacted. Run by a real worker on a schedule:
 * the job scheduler upserted at start ticks and the pass runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { T0 } from "../../helpers/rollups";
import { DAY, clientBatches, windowRows } from "../../helpers/maintenance";

const db = createTestDatabase({ useAsDefault: true });
const { createModel, updateModel } = await import("../../../server/services/models");
const { runStorageMaintenance, RETENTION_ACTOR } = await import("../../../server/services/storage-maintenance");
const { SqlitePredictionRepository } = await import("../../../server/predictions/sqlite-repository");

const actor = { id: null, label: "test" };
let raw: Database.Database;
let repo: InstanceType<typeof SqlitePredictionRepository>;

beforeAll(async () => {
  await db.prisma.workspace.create({ data: { id: "ws-s", slug: "wss", name: "W" } });
  for (const slug of ["kept", "expiring"])
    await createModel(db.prisma, "ws-s", actor, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [{ label: "v1", stage: "production" }] });
  raw = new Database(db.file);
  raw.pragma("busy_timeout = 10000");
  repo = new SqlitePredictionRepository(raw);
});
afterAll(async () => {
  raw?.close();
  await db.dispose();
});

describe("retention period", () => {
  it("is validated with the field named, and audited as a model change", async () => {
    await expect(updateModel(db.prisma, "ws-s", actor, "expiring", { retentionDays: 0 })).rejects.toThrow(/Retention must be at least 1 day/);
    await expect(updateModel(db.prisma, "ws-s", actor, "expiring", { retentionDays: 2.5 })).rejects.toThrow(/whole number of days/);
    await expect(updateModel(db.prisma, "ws-s", actor, "expiring", { retentionDays: 99_999 })).rejects.toThrow(/at most 3650 days/);
    await updateModel(db.prisma, "ws-s", actor, "expiring", { retentionDays: 3 });
    const m = await db.prisma.model.findFirstOrThrow({ where: { slug: "expiring" } });
    expect(m.retentionDays).toBe(3);
    const audit = await db.prisma.auditEvent.findFirst({ where: { modelId: m.id }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(audit!.changes)).toMatchObject({ retentionDays: [null, 3] });
  });

  it("a maintenance pass deletes only the expiring model's older predictions, audits it, and compacts both", async () => {
    const kept = (await repo.findModel("ws-s", "kept"))!;
    const expiring = (await repo.findModel("ws-s", "expiring"))!;
    for (const m of [kept, expiring]) for (const b of clientBatches(7, T0, 6, 4, 300)) await repo.writePredictions(m, b);
    const before = await windowRows(repo, { modelId: expiring.id });
    const keptBefore = await windowRows(repo, { modelId: kept.id });
    const now = T0 + 6 * DAY; // 3 days: everything before T0 + 3 days goes
    const report = await runStorageMaintenance(db.prisma, repo, { now, options: { targetRows: 2000 } });
    const after = await windowRows(repo, { modelId: expiring.id });
    const wanted = [...before].filter(([, v]) => (v.ts as number) >= T0 + 3 * DAY).length;
    expect(after.size).toBe(wanted);
    expect((await windowRows(repo, { modelId: kept.id })).size).toBe(keptBefore.size);
    expect(report.retention).toHaveLength(1);
    expect(report.retention[0]).toMatchObject({ modelId: expiring.id, predictionsDeleted: before.size - wanted });
    expect(report.compaction.segmentsMerged).toBeGreaterThan(0);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { modelId: expiring.id, action: "predictions.retention" } });
    expect(audit.actorLabel).toBe(RETENTION_ACTOR.label);
    expect(JSON.parse(audit.changes)).toMatchObject({ retentionDays: 3, predictionsDeleted: before.size - wanted, olderThan: new Date(T0 + 3 * DAY).toISOString() });
    // a second pass has nothing to delete and writes no audit event
    const again = await runStorageMaintenance(db.prisma, repo, { now, options: { targetRows: 2000 } });
    expect(again.retention).toHaveLength(0);
    expect(await db.prisma.auditEvent.count({ where: { action: "predictions.retention" } })).toBe(1);
  });
});

describe("the storageMaintenance job scheduler", () => {
  let worker: ChildProcess | undefined;
  afterAll(() => {
    worker?.kill("SIGTERM");
  });

  it("a worker schedules the pass at start and runs it on its own", async () => {
    // predictions far older than the expiring model's 3 days, relative to the real clock
    const expiring = (await repo.findModel("ws-s", "expiring"))!;
    const old = clientBatches(9, Date.now() - 30 * DAY, 1, 2, 100);
    for (const b of old) await repo.writePredictions(expiring, b);
    const count = () => raw.prepare<[string, number], { c: number }>(`SELECT count(*) AS c FROM pred_key k JOIN pred_series s ON s.id = k.series_id WHERE s.model_id = ? AND k.ts < ?`).get(expiring.id, Date.now() - 3 * DAY)!.c;
    expect(count()).toBeGreaterThanOrEqual(200);
    worker = spawn(process.execPath, ["--import", "tsx", "server/worker.ts"], {
      env: { ...process.env, DATABASE_URL: db.url, STORAGE_MAINTENANCE_INTERVAL_MS: "500" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    worker.stdout!.on("data", (d) => (log += String(d)));
    worker.stderr!.on("data", (d) => (log += String(d)));
    const deadline = Date.now() + 90_000;
    while (count() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(count(), log.slice(-2000)).toBe(0);
  }, 120_000);
});

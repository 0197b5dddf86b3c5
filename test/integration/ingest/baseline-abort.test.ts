/**
 * Issue #14: a gzip CSV baseline stops decompressing and parsing when the client leaves, and is
 * refused (413) once reading takes longer than its time budget.
 */
import { afterAll, describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { createTestDatabase } from "../../helpers/db";
import { createModel } from "../../../server/services/models";
import { bodyStream, readBodyBuffer } from "../../../server/ingest/body";
import { storeBaseline } from "../../../server/ingest/baselines";
import { SqlitePredictionRepository } from "../../../server/predictions/sqlite-repository";

/** ~40 MB of CSV that compresses to well under 1 MB. */
const csv = "a,b,c\n" + "1,2,x\n".repeat(7_000_000);
const bomb = gzipSync(csv);

function request(signal?: AbortSignal): Request {
  return new Request("http://127.0.0.1/upload", {
    method: "POST",
    body: new Uint8Array(bomb),
    headers: { "content-type": "text/csv", "content-encoding": "gzip" },
    signal,
    duplex: "half",
  } as RequestInit);
}

describe("gzip baseline uploads", () => {
  const db = createTestDatabase();
  afterAll(() => db.dispose());

  async function model(slug: string) {
    const ws = await db.prisma.workspace.upsert({ where: { slug: "w" }, create: { slug: "w", name: "W" }, update: {} });
    const m = await createModel(db.prisma, ws.id, { id: null, label: "t" }, { slug, name: slug, task: "binary", ownerTeam: "t", onCall: "t", versions: [] });
    return m.id;
  }

  const upload = (modelId: string, extra: object = {}) => ({ modelId, name: "train", version: null, format: "csv" as const, replace: false, maxRows: 100_000_000, ...extra });

  it("stops decompressing and parsing when the client closes the request", async () => {
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const raw = new Database(db.file);
    const controller = new AbortController();
    const req = request(controller.signal);
    const stored = storeBaseline(new SqlitePredictionRepository(raw), upload(await model("abort")), { stream: () => bodyStream(req, 1e9), buffer: () => readBodyBuffer(req, 1e9) });
    setTimeout(() => controller.abort(), 100);
    await expect(stored).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/client closed the request/) });
    expect(raw.prepare(`SELECT count(*) FROM "Baseline"`).pluck().get()).toBe(0);
    raw.close();
  });

  it("refuses an upload that takes longer than its time budget with 413", async () => {
    const raw = new Database(db.file);
    const req = request();
    const stored = storeBaseline(new SqlitePredictionRepository(raw), upload(await model("slow"), { maxSeconds: 0.2 }), { stream: () => bodyStream(req, 1e9), buffer: () => readBodyBuffer(req, 1e9) });
    await expect(stored).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/took longer than 0.2 s.*INGEST_BASELINE_MAX_SECONDS/) });
    raw.close();
  });

  it("still caps the decompressed size", async () => {
    const raw = new Database(db.file);
    const req = request();
    const stored = storeBaseline(new SqlitePredictionRepository(raw), upload(await model("cap")), { stream: () => bodyStream(req, 1024 * 1024), buffer: () => readBodyBuffer(req, 1024 * 1024) });
    await expect(stored).rejects.toMatchObject({ status: 413, message: expect.stringMatching(/decompressed upload/) });
    raw.close();
  });
});

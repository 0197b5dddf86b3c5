/**
 * Limits against a server started with small ones: 413 for bodies (plain and decompressed gzip)
 * and row counts, 429 with Retry-After per key — each with a JSON error that says what to do.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prediction, serverPrerequisiteProblem, setupIngest, type IngestEnv } from "./helpers";

const problem = serverPrerequisiteProblem();
const P = "/api/v1/models/fraud/predictions";

describe.skipIf(problem !== null)("ingest limits", () => {
  let t: IngestEnv;
  beforeAll(async () => {
    t = await setupIngest({ INGEST_MAX_BODY_BYTES: "20000", INGEST_MAX_ROWS: "50", INGEST_RATE_LIMIT_PER_MINUTE: "20" });
  }, 120_000);
  afterAll(async () => t?.stop());

  it("answers 413 above the body size, also after decompression", async () => {
    const big = Array.from({ length: 49 }, (_, i) => prediction(i, { error: "x".repeat(500) }));
    const r = await t.post(P, big);
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/larger than the limit.*INGEST_MAX_BODY_BYTES/) });
    const zipped = await t.post(P, big, { gzip: true, key: (await t.newKey("zip")).secret });
    expect(zipped.status).toBe(413);
    expect(zipped.json.error.message).toMatch(/decompressed/);
  });

  it("answers 413 above the row limit (JSON array and NDJSON)", async () => {
    const k = (await t.newKey("rows")).secret;
    const rows = Array.from({ length: 51 }, (_, i) => ({ requestId: `r${i}`, prediction: 1 }));
    const r = await t.post(P, rows, { key: k });
    expect(r.status).toBe(413);
    expect(r.json.error.message).toMatch(/more than 50 rows/);
    const nd = rows.map((x) => JSON.stringify(x)).join("\n");
    const r2 = await t.post(P, nd, { raw: true, key: k, headers: { "content-type": "application/x-ndjson" } });
    expect(r2.status).toBe(413);
    const ok = await t.post(P, rows.slice(0, 50), { key: k });
    expect(ok.status).toBe(200);
  });

  it("answers 400 for a body that is not JSON and for unsupported encodings", async () => {
    const k = (await t.newKey("bad bodies")).secret;
    const r = await t.post(P, "[{not json", { raw: true, key: k });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/not valid JSON/);
    const e = await t.post(P, [prediction(1)], { key: k, headers: { "content-encoding": "br" } });
    expect(e.status).toBe(400);
  });

  it("rate-limits per key with 429 and Retry-After; other keys are unaffected", async () => {
    const k = (await t.newKey("chatty")).secret;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<IngestEnv["post"]>> | null = null;
    for (let i = 0; i < 25; i++) {
      const r = await t.post(P, [prediction(1000 + i)], { key: k });
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(limited?.json.error).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/20 requests per minute/) });
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const other = await t.post(P, [prediction(2000)], { key: (await t.newKey("quiet")).secret });
    expect(other.status).toBe(200);
  });
});

describe.runIf(problem !== null)("ingest limits prerequisites", () => {
  it("needs a production build and a database", () => {
    expect.fail(problem ?? "");
  });
});

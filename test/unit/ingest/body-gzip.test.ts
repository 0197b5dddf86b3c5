/**
 * gzip request bodies are inflated with zlib's async gunzip (libuv's thread pool, off the event
 * loop that renders pages): a large gzip batch round-trips byte for byte, bad gzip is a clear 400,
 * and a body that inflates past the limit is a 413 — the same answers as before the move.
 */
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readBodyBuffer } from "../../../server/ingest/body";
import { DomainError } from "../../../server/domain/errors";

const gzipRequest = (bytes: Uint8Array) =>
  new Request("http://localhost/api/v1/models/m/predictions", { method: "POST", headers: { "content-encoding": "gzip", "content-type": "application/json" }, body: new Blob([new Uint8Array(bytes)]) });

describe("gzip request bodies", () => {
  it("a large gzip batch (1,000 rows × 20 features) comes back byte for byte", async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      requestId: `r-${i}`,
      prediction: i / 1000,
      features: Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`f${j}`, (i * 31 + j) % 97])),
    }));
    const json = Buffer.from(JSON.stringify(rows));
    expect(json.byteLength).toBeGreaterThan(64 * 1024); // the size that goes to an ingest thread
    const body = await readBodyBuffer(gzipRequest(new Uint8Array(gzipSync(json))), 10 * 1024 * 1024);
    expect(body.equals(json)).toBe(true);
  });

  it("bad gzip is a 400 that says the body is not valid gzip", async () => {
    const err = await readBodyBuffer(gzipRequest(new Uint8Array(Buffer.from("[{\"requestId\":\"a\"}]"))), 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: "BAD_REQUEST" });
    expect((err as Error).message).toMatch(/Content-Encoding: gzip but is not valid gzip/);
    // a gzip stream cut short is refused the same way
    const cut = gzipSync(Buffer.from("x".repeat(10_000)));
    const truncated = await readBodyBuffer(gzipRequest(new Uint8Array(cut.subarray(0, cut.length - 8))), 1024 * 1024).catch((e: unknown) => e);
    expect(truncated).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("a body that inflates past the limit is a 413 naming the decompressed size", async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 32));
    const err = await readBodyBuffer(gzipRequest(new Uint8Array(bomb)), 1024 * 1024).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect((err as Error).message).toMatch(/decompressed request body is larger than the limit/);
  });
});

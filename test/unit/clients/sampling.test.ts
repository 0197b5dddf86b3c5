/**
 * Sampling in both clients: the TypeScript client against a local capture server, and the Python
 * client's own unittest (python_sampling.py, run here with python3) — both against the shared
 * fixture of decisions (test/fixtures/sampling/decisions.json), so the two agree on every id.
 */
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EvalbookClient, isSampled } from "../../../clients/ts/evalbook-client";

const run = promisify(execFile);
const fixture = JSON.parse(readFileSync(path.join(__dirname, "../../fixtures/sampling/decisions.json"), "utf8")) as {
  cases: { requestId: string; sampled: Record<string, boolean> }[];
};

/** The estimate n̂ = sampled / rate has standard error √(n (1 − rate) / rate). */
const withinError = (estimate: number, n: number, rate: number) => Math.abs(estimate - n) <= 4 * Math.sqrt((n * (1 - rate)) / rate);

describe("client-side sampling", () => {
  let server: http.Server;
  let url = "";
  let rows: Record<string, Record<string, unknown>[]> = {};
  const sent = (model: string, kind: string) => rows[`/api/v1/models/${model}/${kind}`] ?? [];
  const client = (model: string, rate: number) => new EvalbookClient({ baseUrl: url, apiKey: "eb_test", model, sampleRate: rate, batchSize: 5000, flushIntervalMs: 50 });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (c: Buffer) => parts.push(c));
      req.on("end", () => {
        let body = Buffer.concat(parts);
        if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
        const got = body.toString("utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
        (rows[req.url!] ??= []).push(...got);
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ accepted: got.length, duplicates: 0, rejected: [] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    rows = {};
  });

  it("decides every id of the shared fixture as written", () => {
    for (const c of fixture.cases) for (const [rate, expected] of Object.entries(c.sampled)) expect([c.requestId, rate, isSampled(c.requestId, Number(rate))]).toEqual([c.requestId, rate, expected]);
  });

  it("the Python client passes the same checks (its unittest, on the same fixture)", async () => {
    const { stderr } = await run("python3", [path.join(__dirname, "python_sampling.py")], { timeout: 60_000 });
    expect(stderr).toMatch(/Ran 5 tests[\s\S]*\nOK/);
  }, 60_000);

  it("logs the same requests in every version, keeps exactly their labels, and marks the rate", async () => {
    const c = client("m1", 0.1);
    const ids = Array.from({ length: 3000 }, (_, i) => `r-${i}`);
    for (const version of ["prod", "shadow", "canary"]) for (const requestId of ids) c.logPrediction({ requestId, version, prediction: 0.5 });
    for (const requestId of ids) c.logLabel({ requestId, label: 1 });
    await c.close();
    const expected = ids.filter((id) => isSampled(id, 0.1)).sort();
    expect(expected.length).toBeGreaterThan(200);
    expect(expected.length).toBeLessThan(400);
    const preds = sent("m1", "predictions");
    for (const version of ["prod", "shadow", "canary"]) expect(preds.filter((r) => r.version === version).map((r) => r.requestId as string).sort()).toEqual(expected);
    expect(preds.every((r) => r.sampleRate === 0.1)).toBe(true);
    expect(sent("m1", "labels").map((r) => r.requestId as string).sort()).toEqual(expected);
    expect(c.stats.sampledOut).toBe(4 * (ids.length - expected.length));
  });

  it("at rate 1 sends every row without the field", async () => {
    const c = client("m2", 1);
    for (let i = 0; i < 100; i++) c.logPrediction({ requestId: `x-${i}`, prediction: 1 });
    await c.close();
    expect(sent("m2", "predictions")).toHaveLength(100);
    expect(sent("m2", "predictions").some((r) => "sampleRate" in r)).toBe(false);
  });

  it("estimates counts within their stated error, at mixed rates and across a rate change", async () => {
    const n = 60_000;
    const ids = Array.from({ length: n }, (_, i) => `gen-${i}-${(i * 7919) % 104729}`);
    const low = client("low", 0.05);
    const high = client("high", 0.5);
    const before = client("changed", 0.5);
    const after = client("changed", 0.02);
    ids.forEach((requestId, i) => {
      low.logPrediction({ requestId, prediction: 0 });
      high.logPrediction({ requestId, prediction: 0 });
      (i < n / 2 ? before : after).logPrediction({ requestId, prediction: 0 });
    });
    await Promise.all([low, high, before, after].map((c) => c.close()));
    const lowIds = new Set(sent("low", "predictions").map((r) => r.requestId));
    const highIds = new Set(sent("high", "predictions").map((r) => r.requestId));
    expect([...lowIds].every((id) => highIds.has(id))).toBe(true);
    expect(withinError(lowIds.size / 0.05, n, 0.05)).toBe(true);
    expect(withinError(highIds.size / 0.5, n, 0.5)).toBe(true);
    // Per-row weights: each half is scaled by its own rate.
    const estimate = sent("changed", "predictions").reduce((s, r) => s + 1 / (r.sampleRate as number), 0);
    const sigma = Math.sqrt((n / 2) * (0.5 / 0.5) + (n / 2) * (0.98 / 0.02));
    expect(Math.abs(estimate - n)).toBeLessThanOrEqual(4 * sigma);
  });

  it("refuses a rate outside (0, 1]", () => {
    for (const bad of [0, -0.1, 1.5, Number.NaN]) expect(() => client("m", bad)).toThrow(/sampleRate must be in \(0, 1\]/);
  });
});

/**
 * Ingest in its own process (scripts/ingest-proxy.mjs, server/api/v1/ingest-process.ts), against
 * a real web server: batches are stored by a niced child of the web server — every thread of it
 * niced, the web server's own threads not — which comes back after kill -9, leaves when the web
 * server is killed, and whose failure to start answers 503 + Retry-After instead of a hang.
 */
import Database from "better-sqlite3";
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prediction, serverPrerequisiteProblem, setupIngest, type IngestEnv } from "./helpers";

const problem = serverPrerequisiteProblem();

/** pid, parent pid and nice of a process or thread, from /proc (the fields after "pid (comm) "). */
function stat(file: string): { ppid: number; nice: number } | null {
  try {
    const text = readFileSync(file, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(f[1]), nice: Number(f[16]) };
  } catch {
    return null; // gone meanwhile
  }
}

function ingestChildren(parent: number): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d) && stat(`/proc/${d}/stat`)?.ppid === parent)
    .map(Number)
    .filter((pid) => {
      try {
        return /ingest-process\.(mjs|ts)/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
      } catch {
        return false;
      }
    });
}

function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => stat(`/proc/${pid}/task/${tid}/stat`)?.nice ?? NaN);
}

const alive = (pid: number) => stat(`/proc/${pid}/stat`) !== null;

async function until(what: string, ok: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function storedRows(t: IngestEnv): number {
  const raw = new Database(t.db.file, { readonly: true });
  try {
    return raw.prepare("SELECT count(*) FROM pred_key").pluck().get() as number;
  } finally {
    raw.close();
  }
}

/** A web server for the describe block it is called in, with `env`; `t()` is its setup. */
function ingestServer(env: () => Record<string, string>): () => IngestEnv {
  let t: IngestEnv | undefined;
  beforeAll(async () => {
    t = await setupIngest(env());
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
  });
  return () => t!;
}

const batch = (from: number, n: number) => Array.from({ length: n }, (_, i) => prediction(from + i));

describe.skipIf(problem !== null || process.platform !== "linux")("ingest in its own process", () => {
  // every batch through the ingest threads too, so both hops are exercised
  const server = ingestServer(() => ({ INGEST_THREAD_MIN_BYTES: "0" }));
  let t: IngestEnv;
  beforeAll(() => {
    t = server();
  });

  it("stores batches in a child of the web server that runs niced as a whole; the web server's threads are not", async () => {
    expect(ingestChildren(t.server.pid)).toEqual([]); // started by the first batch
    const res = await t.post("/api/v1/models/fraud/predictions", batch(0, 300));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ accepted: 300, duplicates: 0, rejected: [] });
    const labels = await t.post("/api/v1/models/fraud/labels", [{ requestId: "req-1", label: 1, timestamp: Date.UTC(2026, 9, 2) }]);
    expect(labels.status, JSON.stringify(labels.json)).toBe(200);

    const [child] = ingestChildren(t.server.pid);
    expect(child).toBeGreaterThan(0);
    const nices = threadNices(child!);
    expect(nices.length).toBeGreaterThan(4); // main, ingest threads, V8's and libuv's threads
    expect(new Set(nices)).toEqual(new Set([19])); // INGEST_PROCESS_NICE's default
    expect(stat(`/proc/${t.server.pid}/stat`)!.nice).toBe(0);

    // errors come back from the child as the API's errors
    const bad = await t.post("/api/v1/models/nope/predictions", batch(0, 1));
    expect(bad.status).toBe(404);
    expect(bad.json.error.code).toBe("NOT_FOUND");
    const anonymous = await t.post("/api/v1/models/fraud/predictions", batch(0, 1), { key: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("comes back on the next batch after kill -9, and a replay is deduplicated", async () => {
    const [first] = ingestChildren(t.server.pid);
    expect(first).toBeGreaterThan(0);
    process.kill(first!, "SIGKILL");
    await until("the killed ingest process to be gone", () => !alive(first!) || stat(`/proc/${first}/stat`)?.ppid !== t.server.pid);
    let res = await t.post("/api/v1/models/fraud/predictions", batch(0, 400));
    // a batch that met the dying process's connection is refused with 503 + Retry-After, never hung
    if (res.status === 503) {
      expect(res.headers.get("retry-after")).toBe("1");
      res = await t.post("/api/v1/models/fraud/predictions", batch(0, 400));
    }
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ accepted: 100, duplicates: 300 });
    const [second] = ingestChildren(t.server.pid);
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
    expect(storedRows(t)).toBe(400);
  });

  it("a client that leaves mid-body: nothing of its batch is stored, and the next batch goes through", async () => {
    const before = storedRows(t);
    const json = JSON.stringify(batch(5000, 300));
    const controller = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(json.slice(0, json.length / 2))); // half, then the client leaves
        setTimeout(() => controller.abort(), 300);
      },
    });
    const left = await fetch(`${t.server.url}/api/v1/models/fraud/predictions`, {
      method: "POST",
      headers: { authorization: `Bearer ${t.key}`, "content-type": "application/json" },
      body,
      signal: controller.signal,
      // @ts-expect-error Node's fetch needs it for a streamed body; lib.dom's RequestInit lacks it
      duplex: "half",
    }).catch((e: unknown) => e);
    expect((left as Error).name).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 300));
    expect(storedRows(t)).toBe(before);
    const next = await t.post("/api/v1/models/fraud/predictions", batch(6000, 10));
    expect(next.status, JSON.stringify(next.json)).toBe(200);
    expect(storedRows(t)).toBe(before + 10);
  });

  it("leaves when the web server is killed with kill -9 (only the web server, not its group)", async () => {
    const [child] = ingestChildren(t.server.pid);
    expect(child).toBeGreaterThan(0);
    process.kill(t.server.pid, "SIGKILL");
    await until("the ingest process to leave after its web server", () => !alive(child!));
  });
});

describe.skipIf(problem !== null)("an ingest process that cannot start", () => {
  let dir = "";
  const server = ingestServer(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-broken-ingest-"));
    const broken = path.join(dir, "ingest-process.mjs");
    writeFileSync(broken, "console.error('cannot start'); process.exit(3);\n");
    return { EVALBOOK_INGEST_PROCESS_ENTRY: broken };
  });
  let t: IngestEnv;
  beforeAll(() => {
    t = server();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("answers 503 + Retry-After with a message to resend, and the web server keeps serving pages", async () => {
    const res = await t.post("/api/v1/models/fraud/predictions", batch(0, 10));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.json.error).toMatchObject({ code: "UNAVAILABLE" });
    expect(res.json.error.message).toMatch(/resend this batch/);
    const again = await t.post("/api/v1/models/fraud/predictions", batch(0, 10));
    expect(again.status).toBe(503);
    const page = await fetch(`${t.server.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(storedRows(t)).toBe(0);
  });
});

describe.skipIf(problem !== null)("the ingest process from the sources (web servers started by hand, without `npm start`'s dist/)", () => {
  const server = ingestServer(() => ({ EVALBOOK_INGEST_PROCESS_ENTRY: "" }));

  it("runs server/api/v1/ingest-process.ts through tsx and stores the batch", async () => {
    const t = server();
    const res = await t.post("/api/v1/models/fraud/predictions", batch(0, 20));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ accepted: 20 });
    const [child] = ingestChildren(t.server.pid);
    expect(readFileSync(`/proc/${child}/cmdline`, "utf8")).toContain("server/api/v1/ingest-process.ts");
    expect(storedRows(t)).toBe(20);
  });
});

/**
 * `npm run bench:load` — several web processes under ingest and page load, against real processes
 * (scripts/web-server.mjs, what `npm start` runs), on SQLite and on PostgreSQL. Needs `next build`.
 *
 *   BENCH_BACKENDS=sqlite,postgres BENCH_WEBS=1,2 BENCH_THREADS=0,2 npm run bench:load
 *
 * Per backend: a fresh database with the demo seed (users, notebooks, reports, 85k predictions),
 * plus a `load-bench` model with 20 features that the ingest clients write to.
 * 1. HTTP ingest: with 1 and 2 web processes, BENCH_INGEST_CLIENTS (per web process) clients POST
 *    1,000-row × 20-feature JSON batches round-robin → rows/s, batch p50/p95.
 * 2. Pages: BENCH_USERS signed-in sessions loop over the inventory, a model page, notebooks and
 *    reports → p50/p95 alone, then while 4 clients ingest 1,000-row batches; once per
 *    INGEST_THREADS value in BENCH_THREADS (0 = parse/validate/write inline on the event loop, the
 *    "before"), with BENCH_PAGE_WEBS web processes; BENCH_THINK_MS: each user's pause between pages;
 *    each page is first loaded BENCH_WARM_UP times (default 30) on each web process, so that the
 *    figures are the steady state, not V8's first compiles; BENCH_WEB_FLAGS: extra node flags.
 * Prints the figures with the machine's load (loadavg, cores) before and after each phase.
 * PostgreSQL: PG_URL (default postgresql://postgres@127.0.0.1:5432); a database is created and dropped.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { WEB_NODE_FLAGS, webEnv } from "../scripts/build-server.mjs";
import { treeCpuMs } from "./app-harness";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const list = (name: string, dflt: string) => (process.env[name] ?? dflt).split(",").map((s) => s.trim()).filter(Boolean);

const ROWS = 1000;
const FEATURES = 20;
const INGEST_BATCHES = num("BENCH_INGEST_BATCHES", 150);
const INGEST_CLIENTS = num("BENCH_INGEST_CLIENTS", 4);
const USERS = num("BENCH_USERS", 50);
const PAGE_SECONDS = num("BENCH_PAGE_SECONDS", 20);
const PAGE_WEBS = num("BENCH_PAGE_WEBS", 1);
/** Pause of each user between two pages (0: every user loads the next page as soon as one arrives). */
const THINK_MS = num("BENCH_THINK_MS", 0);
/** Loads of each page on each web process before the page phases are measured. */
const WARM_UP = num("BENCH_WARM_UP", 30);
/** Extra node flags for the web processes (after WEB_NODE_FLAGS), e.g. "--v8-pool-size=1". */
const WEB_FLAGS = (process.env.BENCH_WEB_FLAGS ?? "").split(" ").filter(Boolean);
const AUTH_SECRET = "evalbook-load-bench-secret-0123456789";
const PAGES = ["/w/demo/models", "/w/demo/models/fraud-risk", "/w/demo/notebooks", "/w/demo/reports"];

function machine(): string {
  const [a, b, c] = os.loadavg().map((x) => x.toFixed(2));
  return `load ${a} ${b} ${c} on ${os.availableParallelism()} cores`;
}

/** CPU seconds (user + system, every thread) used so far by the web processes and their ingest
 * processes: a figure the machine's other load does not inflate the way it inflates wall-clock time. */
function cpuSeconds(webs: { proc: ChildProcess }[]): number {
  let ms = 0;
  for (const w of webs) if (w.proc.pid) ms += treeCpuMs(w.proc.pid);
  return ms / 1000;
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!);
}

async function freePort(): Promise<number> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as import("node:net").AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

// ── orchestrator: one child process per backend (server/env reads DATABASE_URL once) ──

async function orchestrate() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no production build: run `node_modules/.bin/next build` first");
  // The web processes run what `npm start` runs: the compiled ingest thread (dist/).
  const { buildServerIfNeeded } = await import("../scripts/build-server.mjs");
  if ((await buildServerIfNeeded()) === "failed") throw new Error("the worker/CLI/ingest-thread build failed");
  console.log(`bench:load — ${os.cpus()[0]?.model ?? "cpu"}, ${machine()}`);
  for (const backend of list("BENCH_BACKENDS", "sqlite,postgres")) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "evalbook-load-"));
    let url: string;
    let drop = async () => {};
    if (backend === "sqlite") {
      url = `file:${path.join(tmp, "load.db")}`;
      execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
    } else if (backend === "postgres") {
      const pg = (await import("pg")).default;
      const server = new URL(process.env.PG_URL || "postgresql://postgres@127.0.0.1:5432");
      const name = `evalbook_load_${randomBytes(4).toString("hex")}`;
      server.pathname = "/postgres";
      const admin = async (sql: string) => {
        const c = new pg.Client({ connectionString: server.toString() });
        await c.connect();
        try {
          await c.query(sql);
        } finally {
          await c.end();
        }
      };
      await admin(`CREATE DATABASE ${name}`);
      const u = new URL(server);
      u.pathname = `/${name}`;
      url = u.toString();
      const { migratePostgres } = await import("../scripts/pg-migrate.mjs");
      await migratePostgres(url);
      drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } else throw new Error(`BENCH_BACKENDS: unknown backend "${backend}" (sqlite, postgres)`);
    const t = performance.now();
    const { seedDemo } = await import("../test/e2e/browser");
    await seedDemo(url);
    console.log(`\n═══ ${backend}: demo seeded in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
          cwd: ROOT,
          env: { ...process.env, BENCH_CHILD: backend, DATABASE_URL: url, AUTH_SECRET, LOG_LEVEL: "warn", QUEUE_PREFIX: `evalbook-load-${process.pid}` },
          stdio: "inherit",
        });
        child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${backend} bench exited with ${code}`))));
      });
    } finally {
      await drop();
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

// ── per backend ──

interface Web {
  url: string;
  proc: ChildProcess;
  log: () => string;
}

async function startWebs(n: number, env: Record<string, string>): Promise<Web[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const proc = spawn(process.execPath, [...WEB_NODE_FLAGS, ...WEB_FLAGS, path.join(ROOT, "scripts/web-server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
        cwd: ROOT,
        env: { ...process.env, ...webEnv(), NODE_ENV: "production", PORT: String(port), APP_URL: url, NEXT_TELEMETRY_DISABLED: "1", INGEST_RATE_LIMIT_PER_MINUTE: "100000000", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let out = "";
      proc.stdout!.on("data", (d: Buffer) => (out = (out + d).slice(-20_000)));
      proc.stderr!.on("data", (d: Buffer) => (out = (out + d).slice(-20_000)));
      for (let i = 0; ; i++) {
        try {
          if ((await fetch(`${url}/api/v1/openapi.json`)).ok) break;
        } catch {
          /* not yet */
        }
        if (i > 600 || proc.exitCode !== null) throw new Error(`web process did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return { url, proc, log: () => out };
    }),
  );
}

async function stopWebs(webs: Web[]) {
  await Promise.all(
    webs.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.proc.exitCode !== null) return resolve();
          w.proc.once("exit", () => resolve());
          process.kill(-w.proc.pid!, "SIGTERM");
          setTimeout(() => {
            try {
              process.kill(-w.proc.pid!, "SIGKILL");
            } catch {
              /* gone */
            }
          }, 5000).unref();
        }),
    ),
  );
}

/** A 1,000-row × 20-feature JSON batch with "@@" where each request id's batch token goes. */
function batchTemplate(): string {
  const t0 = Date.now() - 86_400_000;
  const rows = [];
  for (let i = 0; i < ROWS; i++) {
    const features: Record<string, number | string> = {};
    for (let j = 0; j < FEATURES; j++) features[`f${j}`] = j < 16 ? Math.round(Math.random() * 1e6) / 100 : `c${(i * 7 + j) % 6}`;
    rows.push({
      requestId: `@@-${i}`,
      timestamp: t0 + i * 10,
      version: "v1",
      features,
      prediction: Math.round(Math.random() * 1e4) / 1e4,
      latencyMs: 20 + Math.round(Math.random() * 3000) / 100,
      costUsd: 0.0001,
      cohort: { tier: i % 50 === 0 ? "strategic" : "smb", region: i % 3 ? "emea" : "na" },
    });
  }
  return JSON.stringify(rows);
}

class Ingester {
  private readonly parts = batchTemplate().split("@@");
  private seq = 0;
  readonly latencies: number[] = [];
  accepted = 0;
  duplicates = 0;
  refused = 0;
  /** Connection errors (resent). */
  failed = 0;
  constructor(
    private readonly secret: string,
    private readonly tag: string,
  ) {}

  body(): string {
    return this.parts.join(`${this.tag}-${this.seq++}`);
  }

  /** One client: POSTs batches to `webs` round-robin until `more()` says stop. */
  async client(webs: Web[], offset: number, more: () => boolean) {
    let i = offset;
    while (more()) {
      const web = webs[i++ % webs.length]!;
      const body = this.body();
      const t = performance.now();
      const res = await fetch(`${web.url}/api/v1/models/load-bench/predictions`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.secret}`, "content-type": "application/json" },
        body,
      }).catch((err: Error) => {
        if (web.proc.exitCode !== null || web.proc.signalCode) throw new Error(`web process ${web.url} died:\n${web.log().slice(-4000)}`);
        return err;
      });
      if (res instanceof Error) {
        this.failed++;
        this.seq--; // resend the same batch
        continue;
      }
      const answer = (await res.json()) as { accepted: number; duplicates: number; error?: unknown };
      if (res.status === 503) {
        this.refused++;
        this.seq--; // resend the same batch
        await new Promise((r) => setTimeout(r, Number(res.headers.get("retry-after") ?? 1) * 1000));
        continue;
      }
      if (!res.ok) throw new Error(`ingest HTTP ${res.status}: ${JSON.stringify(answer)}`);
      this.latencies.push(performance.now() - t);
      this.accepted += answer.accepted;
      this.duplicates += answer.duplicates;
    }
  }
}

async function ingestThroughput(secret: string, webs: Web[]) {
  const ing = new Ingester(secret, `tp${webs.length}-${randomBytes(3).toString("hex")}`);
  // warm-up: JIT, statement caches, ingest threads started
  let warm = 2 * webs.length * INGEST_CLIENTS;
  await Promise.all(Array.from({ length: webs.length * INGEST_CLIENTS }, (_, c) => ing.client(webs, c, () => warm-- > 0)));
  ing.latencies.length = 0;
  ing.accepted = 0;
  let left = INGEST_BATCHES;
  const before = machine();
  const cpu0 = cpuSeconds(webs);
  const t = performance.now();
  await Promise.all(Array.from({ length: webs.length * INGEST_CLIENTS }, (_, c) => ing.client(webs, c, () => left-- > 0)));
  const secs = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(webs) - cpu0;
  const lat = ing.latencies.sort((a, b) => a - b);
  return {
    rowsPerSec: Math.round(ing.accepted / secs),
    rowsPerCpuSec: Math.round(ing.accepted / cpu),
    accepted: ing.accepted,
    duplicates: ing.duplicates,
    refused: ing.refused,
    p50: pct(lat, 0.5),
    p95: pct(lat, 0.95),
    secs,
    before,
    after: machine(),
  };
}

async function sessions(n: number): Promise<string[]> {
  const { auth } = await import("../server/auth/auth");
  const { DEMO_USER } = await import("../server/demo/inventory");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await auth.api.signInEmail({ body: { email: DEMO_USER.email, password: DEMO_USER.password }, asResponse: true });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    out.push(res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "));
  }
  return out;
}

async function pageLoad(webs: Web[], cookies: string[], seconds: number, label: string) {
  const byPage = new Map<string, number[]>(PAGES.map((p) => [p, []]));
  const all: number[] = [];
  let errors = 0;
  const cpu0 = cpuSeconds(webs);
  const own0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, u) => {
      let k = u;
      // With a pause between pages, users start spread over one pause rather than all at once.
      if (THINK_MS) await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
      while (performance.now() < end) {
        const page = PAGES[k % PAGES.length]!;
        const web = webs[k++ % webs.length]!;
        const t = performance.now();
        const res = await fetch(`${web.url}${page}`, { headers: { cookie }, redirect: "manual" }).catch(() => null);
        await res?.arrayBuffer().catch(() => {});
        const ms = performance.now() - t;
        if (res?.status !== 200) {
          if (web.proc.exitCode !== null || web.proc.signalCode) throw new Error(`web process ${web.url} died:\n${web.log().slice(-4000)}`);
          errors++;
          continue;
        }
        byPage.get(page)!.push(ms);
        all.push(ms);
        if (THINK_MS) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
      }
    }),
  );
  all.sort((a, b) => a - b);
  const pages = [...byPage].map(([p, l]) => {
    l.sort((a, b) => a - b);
    return `${p.replace("/w/demo", "") || "/"} p50 ${pct(l, 0.5)} p95 ${pct(l, 0.95)}`;
  });
  const cpuMs = ((cpuSeconds(webs) - cpu0) * 1000) / Math.max(1, all.length);
  const own = process.cpuUsage(own0);
  const clientShare = (own.user + own.system) / 1e6 / seconds;
  console.log(
    `  ${label}: ${all.length} pages in ${seconds} s, p50 ${pct(all, 0.5)} ms, p95 ${pct(all, 0.95)} ms, ${cpuMs.toFixed(0)} ms web CPU per page (ingest included), the bench's own clients ${(clientShare * 100).toFixed(0)}% of a core${errors ? `, ${errors} non-200` : ""} — ${machine()}`,
  );
  console.log(`      ${pages.join(" · ")}`);
}

async function child(backend: string) {
  const { prisma } = await import("../server/db/client");
  const { createModel, replaceFeatureContract } = await import("../server/services/models");
  const { createApiKey } = await import("../server/apikeys/keys");
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug: "demo" } });
  const actor = { id: null, label: "load bench" };
  await createModel(prisma, ws.id, actor, { slug: "load-bench", name: "Load bench", task: "binary", ownerTeam: "bench", onCall: "bench@acme.test", versions: [{ label: "v1", stage: "production" }] });
  await replaceFeatureContract(
    prisma,
    ws.id,
    actor,
    "load-bench",
    Array.from({ length: FEATURES }, (_, j) =>
      j < 16 ? { name: `f${j}`, type: "numeric" as const, key: false, nullable: true, min: 0, max: 10_000 } : { name: `f${j}`, type: "categorical" as const, key: false, nullable: true },
    ),
  );
  const { secret } = await createApiKey(prisma, ws.id, actor, { name: "load bench" });
  const cookies = await sessions(USERS);

  for (const n of list("BENCH_WEBS", "1,2").map(Number)) {
    const webs = await startWebs(n, {});
    try {
      const r = await ingestThroughput(secret, webs);
      console.log(
        `  HTTP ingest, ${n} web process${n > 1 ? "es" : ""}, ${n * INGEST_CLIENTS} clients: ${r.rowsPerSec.toLocaleString("en-US")} rows/s, ${r.rowsPerCpuSec.toLocaleString("en-US")} rows per CPU-second of the web processes (${r.accepted.toLocaleString("en-US")} rows in ${r.secs.toFixed(1)} s, batch p50 ${r.p50} ms p95 ${r.p95} ms${r.refused ? `, ${r.refused} × 503 resent` : ""}) — before: ${r.before}; after: ${r.after}`,
      );
    } finally {
      await stopWebs(webs);
    }
  }

  for (const threads of list("BENCH_THREADS", "0,2")) {
    const webs = await startWebs(PAGE_WEBS, { INGEST_THREADS: threads });
    try {
      console.log(`  pages, ${USERS} users${THINK_MS ? ` (each pausing ~${THINK_MS} ms between pages)` : ""}, ${PAGE_WEBS} web process${PAGE_WEBS > 1 ? "es" : ""}, INGEST_THREADS=${threads}${threads === "0" ? " (inline: before)" : ""}:`);
      // steady state, not start-up: V8 compiles each page's code over its first few dozen renders
      for (const w of webs) for (const p of PAGES) for (let i = 0; i < WARM_UP; i++) await fetch(`${w.url}${p}`, { headers: { cookie: cookies[i % cookies.length]! } }).then((r) => r.arrayBuffer());
      await pageLoad(webs, cookies, Math.max(5, PAGE_SECONDS / 2), "alone        ");
      const ing = new Ingester(secret, `pg${threads}-${randomBytes(3).toString("hex")}`);
      let on = true;
      const started = performance.now();
      const clients = Promise.all(Array.from({ length: 4 }, (_, c) => ing.client(webs, c, () => on)));
      await pageLoad(webs, cookies, PAGE_SECONDS, "during ingest");
      on = false;
      await clients;
      const secs = (performance.now() - started) / 1000;
      console.log(`      ingest meanwhile (4 clients): ${Math.round(ing.accepted / secs).toLocaleString("en-US")} rows/s${ing.refused ? `, ${ing.refused} × 503 resent` : ""}${ing.failed ? `, ${ing.failed} connection errors resent` : ""}`);
    } finally {
      await stopWebs(webs);
    }
  }
  await prisma.$disconnect();
  console.log(`  ${backend} done — ${machine()}`);
}

if (process.env.BENCH_CHILD) {
  await child(process.env.BENCH_CHILD);
  process.exit(0);
} else {
  await orchestrate();
}

#!/usr/bin/env node
// `npm start`: one command from a fresh clone to a running evalbook (web + worker).
// Plain Node ESM with no dependencies, so it can run before `npm ci`.
//
// Steps (each is skipped when already done, so a second start takes seconds):
//   install (npm ci) → data/ + data/auth-secret → prisma generate → Redis (reuse, or start a
//   private redis-server) → prisma migrate deploy → seed → next build and the worker/CLI bundle (each if its sources changed) →
//   `next start` + worker as children, output prefixed [web] / [worker].
// Ctrl-C / SIGTERM stops everything this script started. If a child dies, the rest is stopped and
// the script exits non-zero.
import path from "node:path";
import readline from "node:readline";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import {
  ROOT,
  authSecret,
  bin,
  generatePrismaIfNeeded,
  installIfNeeded,
  quietEnv,
  runQuietOrDie,
  seconds,
  stopRunning,
} from "./common.mjs";
import { RedisUnavailableError, ensureRedis, redact } from "./redis.mjs";
import { buildAll, webCommand, webEnv, workerCommand } from "./build-server.mjs";

const t0 = performance.now();
process.chdir(ROOT);
if (existsSync(".env")) process.loadEnvFile(".env"); // never overrides variables already set

const env = quietEnv();
env.DATABASE_URL ||= "file:./data/evalbook.db";
env.PORT ||= "3000";
env.NODE_ENV ||= "production";
mkdirSync(path.join(ROOT, "data"), { recursive: true });
if (!env.AUTH_SECRET) env.AUTH_SECRET = authSecret();

let redis = null;
const children = new Map(); // name -> ChildProcess
let stopping = false;
let seedChild = null; // the seed runs next to the build; stopped with everything else

async function main() {
  await installIfNeeded(env);
  await generatePrismaIfNeeded(env);

  try {
    redis = await ensureRedis({ url: env.REDIS_URL, root: ROOT, log: (m) => console.log(`• ${m}`) });
  } catch (err) {
    if (err instanceof RedisUnavailableError) {
      console.error(`\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  env.REDIS_URL = redis.url;
  console.log(`• Redis: ${redact(redis.url)}${redis.started ? " (started by npm start; stopped on exit)" : ""}`);

  const tMigrate = performance.now();
  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    // PostgreSQL: SQL migrations through scripts/pg-migrate.mjs (Prisma cannot migrate it offline).
    const { migratePostgres } = await import("./pg-migrate.mjs");
    const names = await migratePostgres(env.DATABASE_URL).catch((err) => {
      console.error(`\n✗ PostgreSQL ${redact(env.DATABASE_URL)}: ${err.message}`);
      process.exit(1);
    });
    console.log(`• Database ${redact(env.DATABASE_URL)}: ${names.length ? `applied ${names.length} migration(s): ${names.join(", ")}` : "migrations up to date"} (${seconds(tMigrate)})`);
  } else if (migrationsApplied(env.DATABASE_URL)) {
    console.log(`• Database ${env.DATABASE_URL}: migrations up to date (${seconds(tMigrate)})`);
  } else {
    const out = await runQuietOrDie(bin("prisma"), ["migrate", "deploy"], { env });
    const names = [...out.matchAll(/^\s*\S+ (\d{14}_[\w-]+)\/\s*$/gm)].map((m) => m[1]);
    const what = names.length ? `applied ${names.length} migration(s): ${names.join(", ")}` : "migrations up to date";
    console.log(`• Database ${env.DATABASE_URL}: ${what} (${seconds(tMigrate)})`);
  }

  // The seed is idempotent and runs next to Redis/build/children (it only writes rows); the URL and
  // the demo login are printed once both the seed and the web app are done.
  let seeding = Promise.resolve(0);
  if (existsSync(path.join(ROOT, "prisma", "seed.ts"))) {
    console.log("• Seeding (idempotent, in the background)…");
    seeding = new Promise((resolve) => {
      const child = spawn(bin("tsx"), ["prisma/seed.ts"], { cwd: ROOT, env, stdio: "inherit" });
      seedChild = child;
      child.on("error", () => resolve(127));
      child.on("exit", (code, signal) => {
        seedChild = null;
        resolve(code ?? (signal ? 128 : 1));
      });
    });
  } else {
    console.log("• No prisma/seed.ts yet — skipping the seed.");
  }


  const builds = await buildAll(env);
  if (stopping) return;
  if (builds.web === "reused") console.log("• Web build is up to date — reusing .next/");
  if (builds.server === "reused") console.log("• Worker/CLI build is up to date — reusing dist/");
  if (builds.web === "failed" || builds.server === "failed") {
    console.error(`\n✗ ${builds.web === "failed" ? "next build" : "The worker/CLI build"} failed; fix the errors above and run npm start again.`);
    return shutdown(1);
  }

  const web = webCommand(env.PORT);
  startChild("web", web.cmd, web.args, webEnv());
  const worker = workerCommand();
  startChild("worker", worker.cmd, worker.args);

  const url = `http://localhost:${env.PORT}`;
  const [seedCode, up] = await Promise.all([seeding, waitForHttp(url, 60_000)]);
  if (seedCode !== 0) {
    console.error(`\n✗ The seed (prisma/seed.ts) failed (exit ${seedCode}); stopping.`);
    return shutdown(seedCode);
  }
  if (up) {
    console.log(`\n  evalbook is running at ${url}   (ready in ${seconds(t0)})`);
    const creds = demoCredentials();
    if (creds) console.log(`  demo login: ${creds.email} / ${creds.password}`);
    console.log("  Ctrl-C stops the web app" + (redis.started ? ", the worker and the Redis it started." : " and the worker.") + "\n");
  } else if (!stopping) {
    console.error(`The web app did not answer at ${url} within 60 s; still waiting (see [web] output).`);
  }
}

/**
 * True when every folder in prisma/migrations is recorded as applied in the SQLite file, so the
 * `prisma migrate deploy` run (2–5 s of CLI start-up) can be skipped. Any doubt → false.
 */
function migrationsApplied(databaseUrl) {
  if (!databaseUrl.startsWith("file:")) return false;
  const file = path.resolve(ROOT, databaseUrl.slice("file:".length));
  if (!existsSync(file)) return false;
  try {
    const wanted = readdirSync(path.join(ROOT, "prisma", "migrations"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    const Database = createRequire(path.join(ROOT, "package.json"))("better-sqlite3");
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 });
    try {
      const rows = db
        .prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL")
        .all();
      const applied = new Set(rows.map((r) => r.migration_name));
      return wanted.every((name) => applied.has(name));
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

function demoCredentials() {
  try {
    const c = JSON.parse(readFileSync(path.join(ROOT, "data", "demo-credentials.json"), "utf8"));
    return c.email && c.password ? c : null;
  } catch {
    return null;
  }
}

async function waitForHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: "manual" });
      await res.body?.cancel();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return false;
}

function prefixLines(stream, prefix, out) {
  readline.createInterface({ input: stream }).on("line", (line) => out.write(`${prefix} ${line}\n`));
}

function startChild(name, cmd, args, extraEnv = {}) {
  // detached: the child gets its own process group, so a terminal Ctrl-C reaches only this script,
  // which then stops the children in order (and can kill a whole group if one hangs).
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...env, ...extraEnv, EVALBOOK_PROCESS: name }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  children.set(name, child);
  const prefix = name === "web" ? "[web]   " : "[worker]";
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  child.on("error", (err) => console.error(`${prefix} could not start: ${err.message}`));
  child.on("exit", (code, signal) => {
    children.delete(name);
    // tsx and next run the real process as a grandchild in the same (detached) group: when the
    // direct child is gone, make sure nothing of it is left.
    killGroup(child, "SIGTERM");
    if (stopping) return;
    console.error(`\n${prefix} exited unexpectedly (${signal ?? `code ${code}`}); stopping everything.`);
    void shutdown(code || 1);
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  stopRunning(); // a build or migration in progress
  const waits = [...children.values()].map(
    (child) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          killGroup(child, "SIGKILL");
          resolve();
        }, 10_000);
        child.once("exit", () => {
          clearTimeout(timer);
          // Anything the child left behind in its group goes too.
          killGroup(child, "SIGKILL");
          resolve();
        });
        try {
          child.kill("SIGTERM");
        } catch {
          resolve();
        }
      }),
  );
  if (seedChild) {
    console.log("Stopping the seed (it is idempotent: the next start finishes it)…");
    waits.push(new Promise((resolve) => {
      seedChild.once("exit", resolve);
      seedChild.kill("SIGTERM");
    }));
  }
  if (waits.length) console.log("Stopping web and worker…");
  await Promise.all(waits);
  if (redis?.started) {
    console.log("Stopping the Redis started by npm start…");
    await redis.stop();
  }
  process.exit(exitCode);
}

for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (stopping) return;
    console.log(`\n${sig} received.`);
    void shutdown(0);
  });
}
process.on("exit", () => {
  for (const child of children.values()) killGroup(child, "SIGKILL");
  redis?.stopSync?.();
});

main().catch((err) => {
  console.error(err?.stack ?? err);
  void shutdown(1);
});

// Helpers shared by scripts/start.mjs and scripts/test.mjs. Plain Node ESM, no dependencies
// (they run before `npm ci`).
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const BIN = path.join(ROOT, "node_modules", ".bin");
export const BUILD_STAMP = path.join(ROOT, ".next", "evalbook-build-stamp");

export const bin = (name) => path.join(BIN, name);

/** Environment that keeps every tool off the network. */
export function quietEnv(env = process.env) {
  return { ...env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
}

/** Commands started by run()/runQuiet() that have not exited yet (stopped on Ctrl-C). */
export const running = new Set();

function track(child) {
  running.add(child);
  child.on("exit", () => running.delete(child));
  return child;
}

/** SIGTERM to every command still running (a build, a migration…). */
export function stopRunning(signal = "SIGTERM") {
  for (const child of running) {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

/** Runs a command with inherited stdio; resolves its exit code (never rejects). */
export function run(cmd, args, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { cwd, env, stdio: "inherit" }));
    child.on("error", (err) => {
      console.error(`Could not run ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Runs a command with its output captured; prints the output only when it fails (or when `show`
 * says the output matters). Resolves { code, output }.
 */
export function runQuiet(cmd, args, { env = process.env, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] }));
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (err) => resolve({ code: 127, output: `Could not run ${cmd}: ${err.message}` }));
    child.on("exit", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

export async function runQuietOrDie(cmd, args, opts) {
  const result = await runQuiet(cmd, args, opts);
  if (result.code !== 0) {
    process.stderr.write(result.output);
    console.error(`\n✗ ${path.basename(cmd)} ${args.join(" ")} failed (exit ${result.code})`);
    process.exit(result.code || 1);
  }
  return result.output;
}

export async function runOrDie(cmd, args, opts) {
  const code = await run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✗ ${path.basename(cmd)} ${args.join(" ")} failed (exit ${code})`);
    process.exit(code || 1);
  }
}

function mtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** node_modules is missing, or package-lock.json changed since the last install. */
export function needsInstall() {
  const marker = path.join(ROOT, "node_modules", ".package-lock.json");
  if (!existsSync(marker) || !existsSync(path.join(BIN, "next"))) return true;
  return mtime(path.join(ROOT, "package-lock.json")) > mtime(marker);
}

export async function installIfNeeded(env) {
  if (!needsInstall()) return false;
  console.log("• Installing dependencies (npm ci; better-sqlite3 compiles from source, ~1–2 min)…");
  // --include=dev: the build needs Tailwind and the type packages even when NODE_ENV=production.
  await runOrDie("npm", ["ci", "--include=dev", "--no-audit", "--no-fund"], { env });
  return true;
}

/** A generated Prisma client (SQLite: `prisma`, PostgreSQL: `prisma-pg`) is missing or older than its schema. */
export function prismaClientStale() {
  const stale = (dir, schema) => {
    const client = path.join(ROOT, "server", "generated", dir, "client.ts");
    return !existsSync(client) || mtime(client) < mtime(path.join(ROOT, ...schema));
  };
  return stale("prisma", ["prisma", "schema.prisma"]) || stale("prisma-pg", ["prisma", "postgres", "schema.prisma"]);
}

/**
 * Generates both clients — the app picks one by DATABASE_URL's scheme (server/db/client.ts), so
 * both must exist for it to compile. Each CLI run gets a URL of its own provider: Prisma reports a
 * URL of the wrong kind as a misleading "failed to download binaries" error.
 */
export async function generatePrismaIfNeeded(env, { force = false } = {}) {
  if (!force && !prismaClientStale()) return false;
  console.log("• Generating the Prisma clients (SQLite, PostgreSQL)…");
  const sqliteUrl = env.DATABASE_URL?.startsWith("file:") ? env.DATABASE_URL : "file:./data/evalbook.db";
  await Promise.all([
    runQuietOrDie(bin("prisma"), ["generate"], { env: { ...env, DATABASE_URL: sqliteUrl } }),
    runQuietOrDie(bin("prisma"), ["generate", "--config", "prisma/postgres/prisma.config.ts"], { env }),
  ]);
  return true;
}

/** Reads data/auth-secret, creating it (random, 0600) the first time. */
export function authSecret() {
  const file = path.join(ROOT, "data", "auth-secret");
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

// ── Build stamp ──────────────────────────────────────────────────────────────
// A content hash of everything `next build` depends on. Stored in .next/evalbook-build-stamp after
// a successful build; when it still matches, the build is reused.
const STAMP_DIRS = ["app", "server", "plugins", "public"];
const STAMP_FILES = [
  "prisma/schema.prisma",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];
const SKIP = new Set(["node_modules", ".next", "generated", ".DS_Store"]);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (SKIP.has(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
}

/** Every file under `dirs` (skipping SKIP) plus the `files` that exist, sorted, as absolute paths. */
export function sourceFiles(dirs, files) {
  const out = [];
  for (const d of dirs) walk(path.join(ROOT, d), out);
  for (const f of files) if (existsSync(path.join(ROOT, f))) out.push(path.join(ROOT, f));
  return out.sort();
}

/** A content hash of the files (their paths relative to ROOT included). */
export function hashFiles(files) {
  const hash = createHash("sha256");
  for (const f of files) {
    hash.update(path.relative(ROOT, f));
    hash.update("\0");
    hash.update(readFileSync(f));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function sourceHash() {
  return hashFiles(sourceFiles(STAMP_DIRS, STAMP_FILES));
}

export function buildIsCurrent() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(BUILD_STAMP)) return false;
  return readFileSync(BUILD_STAMP, "utf8").trim() === sourceHash();
}

/** Runs `next build` unless the stamp matches. Returns "reused" | "built" | "failed". */
export async function buildIfNeeded(env) {
  if (buildIsCurrent()) return "reused";
  console.log("• Building the web app (next build)…");
  const code = await run(bin("next"), ["build"], { env });
  if (code !== 0) return "failed";
  // Hash after the build: `next build` may rewrite tsconfig.json / next-env.d.ts.
  writeFileSync(BUILD_STAMP, sourceHash() + "\n");
  return "built";
}

export function seconds(since) {
  return ((performance.now() - since) / 1000).toFixed(1) + " s";
}

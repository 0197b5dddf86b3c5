// How `npm start` builds and starts evalbook's Node processes, in one place: scripts/start.mjs,
// bin/evalbook.mjs and bench/footprint.ts use it, so the benchmark measures what production runs.
//
// Production runs compiled JavaScript: the worker, its evaluation threads and the CLI are bundled
// once by esbuild into dist/ (our TypeScript bundled, node_modules left as imports), like the web app
// is built once into .next/. `npm start` rebuilds only when the sources' content hash changes
// (dist/evalbook-build-stamp, like the web's stamp). Development keeps tsx (`npm run worker`).
// Plain Node ESM; esbuild is imported only when a build is needed.
import path from "node:path";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { ROOT, buildIfNeeded, hashFiles, sourceFiles } from "./common.mjs";

export const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, "evalbook-build-stamp");
const INPUTS = path.join(DIST, "inputs.json");

/**
 * Entry points → dist/<name>.mjs. eval-pool.ts finds eval-thread.mjs next to the worker; the web
 * process gets ingest-thread.mjs through EVALBOOK_INGEST_THREAD_ENTRY (webEnv below).
 */
const ENTRIES = {
  worker: "server/worker.ts",
  "eval-thread": "server/notebooks/eval-thread.ts",
  "ingest-thread": "server/ingest/thread.ts",
  cli: "server/cli/main.ts",
  "evaluate-entry": "server/cli/evaluate-entry.ts",
};
const STAMP_DIRS = ["server", "plugins"];
const STAMP_FILES = ["prisma/schema.prisma", "package-lock.json", "tsconfig.json", "scripts/build-server.mjs"];

function serverSourceHash() {
  return hashFiles(sourceFiles(STAMP_DIRS, STAMP_FILES));
}

export function serverBuildIsCurrent() {
  if (!Object.keys(ENTRIES).every((n) => existsSync(path.join(DIST, `${n}.mjs`))) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, "utf8").trim() === serverSourceHash();
}

/**
 * Quick freshness check for the CLI's start-up (no hashing): every source file that went into
 * `entry` (its chunks included) still has the modification time it had at the last build.
 */
export function serverBuildLooksCurrent(entry) {
  try {
    const { mtimes, byEntry } = JSON.parse(readFileSync(INPUTS, "utf8"));
    return byEntry[entry].every((f) => statSync(path.join(ROOT, f)).mtimeMs === mtimes[f]);
  } catch {
    return false;
  }
}

/** Source files per entry, following the chunks each output imports (from esbuild's metafile). */
function inputsByEntry(metafile, outdir) {
  const outputs = metafile.outputs;
  const byEntry = {};
  for (const name of Object.keys(ENTRIES)) {
    const files = new Set();
    const seen = new Set();
    const stack = [path.relative(ROOT, path.join(outdir, `${name}.mjs`))];
    while (stack.length) {
      const o = stack.pop();
      if (seen.has(o) || !outputs[o]) continue;
      seen.add(o);
      for (const f of Object.keys(outputs[o].inputs)) files.add(f);
      for (const i of outputs[o].imports) if (!i.external) stack.push(i.path);
    }
    byEntry[name] = [...files];
  }
  return byEntry;
}

/** Bundles the entries into dist/ (a temp folder first, swapped in when complete). */
export async function buildServer() {
  const esbuild = await import("esbuild");
  const out = `${DIST}.tmp-${process.pid}`;
  rmSync(out, { recursive: true, force: true });
  const res = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(ENTRIES).map(([out, input]) => ({ out, in: input })),
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true, // shared code in chunks; a command loads only what it imports
    chunkNames: "chunks/[name]-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    metafile: true,
    logLevel: "error",
  });
  const mtimes = {};
  for (const f of Object.keys(res.metafile.inputs)) mtimes[f] = statSync(path.join(ROOT, f)).mtimeMs;
  writeFileSync(path.join(out, "inputs.json"), JSON.stringify({ mtimes, byEntry: inputsByEntry(res.metafile, out) }));
  writeFileSync(path.join(out, "evalbook-build-stamp"), serverSourceHash() + "\n");
  rmSync(DIST, { recursive: true, force: true });
  renameSync(out, DIST);
}

/** Builds the server bundle unless its stamp matches. Returns "reused" | "built" | "failed". */
export async function buildServerIfNeeded() {
  if (serverBuildIsCurrent()) return "reused";
  try {
    await buildServer();
    return "built";
  } catch (err) {
    console.error(`✗ Building the worker and CLI (esbuild) failed: ${err?.message ?? err}`);
    return "failed";
  }
}

/** Everything `npm start` builds. Returns { web, server } with "reused" | "built" | "failed" each. */
export async function buildAll(env) {
  const server = await buildServerIfNeeded();
  if (server === "built") console.log("• Built the worker and CLI (esbuild → dist/)");
  return { web: await buildIfNeeded(env), server };
}

/**
 * The web process. V8 flags: the web's live heap is ~110 MB, but with the default growth policy V8
 * let it reach 450 MB of garbage before collecting (measured: 479 MB resident after 270 page loads,
 * 266 MB with these flags, same latency). --optimize-for-size caps the heap's growth factor;
 * smaller semi-spaces (4 MB, default 16) keep the young generation small.
 */
/** Environment the web process needs on top of the instance's: its compiled ingest thread. */
export function webEnv() {
  return { EVALBOOK_INGEST_THREAD_ENTRY: path.join(DIST, "ingest-thread.mjs") };
}

export function webCommand(port) {
  return { cmd: process.execPath, args: ["--optimize-for-size", "--max-semi-space-size=4", "scripts/web-server.mjs", "-p", String(port)] };
}

/** The worker process (after buildAll): command and arguments, run from ROOT. */
export function workerCommand() {
  return { cmd: process.execPath, args: [path.join(DIST, "worker.mjs")] };
}

/** The `evalbook` CLI: command and arguments (append the CLI's own arguments). */
export function cliCommand() {
  return { cmd: process.execPath, args: [path.join(ROOT, "bin", "evalbook.mjs")] };
}


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
import { createRequire } from "node:module";
import { ROOT, buildIfNeeded, hashFiles, sourceFiles } from "./common.mjs";
import { DIST, inputsFile } from "./build-fresh.cjs";

export { DIST, serverBuildLooksCurrent } from "./build-fresh.cjs";

const STAMP = path.join(DIST, "evalbook-build-stamp");

/**
 * Entry points → dist/<name>.mjs. eval-pool.ts finds eval-thread.mjs next to the worker; the web
 * process gets ingest-thread.mjs and ingest-process.mjs through EVALBOOK_INGEST_THREAD_ENTRY and
 * EVALBOOK_INGEST_PROCESS_ENTRY (webEnv below).
 */
const ENTRIES = {
  worker: "server/worker.ts",
  "eval-thread": "server/notebooks/eval-thread.ts",
  "ingest-thread": "server/ingest/thread.ts",
  "ingest-process": "server/api/v1/ingest-process.ts",
  cli: "server/cli/main.ts",
};
/**
 * `evalbook evaluate` and `evalbook plugins` start from their own bundle, built apart so its start-up
 * stays short (issue 18: ≤ 80 ms before the first byte): zod and commander bundled in (Node's ESM
 * loader resolving zod's ~80 files took ~40 ms of CPU; one minified file ~10 ms), minified, and
 * CommonJS in one file, so bin/evalbook.mjs can compile it through node:vm with a V8 code cache
 * (scripts/code-cache.mjs): Node 20 keeps no compile cache for ES modules, and compiling the
 * bundle was ~35 ms of the start-up. The built-in plugins stay lazy inside it (esbuild wraps a
 * dynamically imported module in an init function): `evaluate --plugin ID` runs only ID's.
 */
const FAST_ENTRIES = { "evaluate-entry": "server/cli/evaluate-entry.ts" };
// hyparquet is an ES module only: inside the CommonJS bundle a require() of it needs Node ≥ 20.19
const FAST_BUNDLED = new Set(["zod", "commander", "hyparquet"]);
const ALL_ENTRIES = { ...ENTRIES, ...FAST_ENTRIES };
/** The file an entry is built into: ESM, except the fast entries (CommonJS). */
export const entryFile = (name) => path.join(DIST, `${name}${name in FAST_ENTRIES ? ".cjs" : ".mjs"}`);
/**
 * Packages stay imports from node_modules, except FAST_BUNDLED. zod's `locales` namespaces (every
 * language's error messages, 264 KB of the 480 KB zod adds; evalbook configures none) becomes
 * English alone: the messages zod uses by default.
 */
const externalExceptFast = {
  name: "external-except-fast",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(a.resolveDir) ? { path: "zod-locales-en", namespace: "evalbook" } : undefined,
    );
    b.onLoad({ filter: /^zod-locales-en$/, namespace: "evalbook" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: ROOT,
    }));
    // commander loads node:child_process (and with it net, dgram, …: ~3 ms) for executable
    // subcommands, which evalbook has none of: required when first used instead
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (a) => {
      const source = readFileSync(a.path, "utf8");
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) return undefined;
      return { contents: source.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), loader: "js" };
    });
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (a.path.startsWith("@/")) return undefined; // tsconfig path: our sources
      const parts = a.path.split("/");
      const pkg = a.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      return FAST_BUNDLED.has(pkg) ? undefined : { path: a.path, external: true };
    });
  },
};
/**
 * In the worker's, the threads' and the CLI's bundles, CommonJS packages are required, not imported:
 * Node's ESM loader first lexes a CommonJS module (and what it re-exports) for its export names.
 * Measured, the 14 CommonJS packages the worker loads (ioredis, bullmq, pg, Prisma's runtime and
 * adapters, pino, sanitize-html, nodemailer, …): ~600 ms of CPU imported, ~390 ms required (issue
 * 18: worker ready ≤ 2 s). A package counts as CommonJS when require() resolves it to a .cjs file,
 * or to a .js file whose package.json does not say "type": "module"; ES-module-only packages (zod,
 * marked, hyparquet) stay imports. Each output file gets a `require` (createRequire) for it.
 */
const requireCommonJs = {
  name: "require-commonjs",
  setup(b) {
    const req = createRequire(path.join(ROOT, "package.json"));
    const isCommonJs = (spec) => {
      let file;
      try {
        file = req.resolve(spec);
      } catch {
        return false;
      }
      if (file.endsWith(".cjs")) return true;
      if (!file.endsWith(".js")) return false;
      for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const pj = path.join(dir, "package.json");
        if (existsSync(pj)) return JSON.parse(readFileSync(pj, "utf8")).type !== "module";
      }
      return true;
    };
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (a.path.startsWith("@/") || a.path.startsWith("node:")) return undefined;
      if (a.namespace === "evalbook-cjs" || a.kind === "require-call") return { path: a.path, external: true };
      if (a.kind !== "import-statement" || !isCommonJs(a.path)) return undefined;
      return { path: a.path, namespace: "evalbook-cjs" };
    });
    b.onLoad({ filter: /.*/, namespace: "evalbook-cjs" }, (a) => ({ contents: `module.exports = require(${JSON.stringify(a.path)});`, loader: "js" }));
  },
};

const STAMP_DIRS = ["server", "plugins"];
const STAMP_FILES = ["prisma/schema.prisma", "package-lock.json", "tsconfig.json", "scripts/build-server.mjs", "scripts/build-fresh.cjs"];

function serverSourceHash() {
  return hashFiles(sourceFiles(STAMP_DIRS, STAMP_FILES));
}

export function serverBuildIsCurrent() {
  if (!Object.keys(ALL_ENTRIES).every((n) => existsSync(entryFile(n))) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, "utf8").trim() === serverSourceHash();
}

/** Source files per entry, following the chunks each output imports (from esbuild's metafile). */
function inputsByEntry(metafile, outdir, entries, ext = ".mjs") {
  const outputs = metafile.outputs;
  const byEntry = {};
  for (const name of Object.keys(entries)) {
    const files = new Set();
    const seen = new Set();
    const stack = [path.relative(ROOT, path.join(outdir, `${name}${ext}`))];
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
  const common = {
    absWorkingDir: ROOT,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true, // shared code in chunks; a command loads only what it imports
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: "tsconfig.json",
    metafile: true,
    logLevel: "error",
  };
  const entryPoints = (entries) => Object.entries(entries).map(([name, input]) => ({ out: name, in: input }));
  const res = await esbuild.build({
    ...common,
    entryPoints: entryPoints(ENTRIES),
    chunkNames: "chunks/[name]-[hash]",
    packages: "external",
    plugins: [requireCommonJs],
    banner: { js: 'import { createRequire as __evalbookRequire } from "node:module"; const require = __evalbookRequire(import.meta.url);' },
  });
  const fast = await esbuild.build({
    ...common,
    entryPoints: entryPoints(FAST_ENTRIES),
    format: "cjs",
    splitting: false,
    outExtension: { ".js": ".cjs" },
    plugins: [externalExceptFast],
    minify: true,
    // import.meta.url (plugins/registry.ts, server/files/read-parallel.ts) from the file's path; the
    // banner goes before esbuild's own "use strict", so it says it first (ES modules were strict)
    define: { "import.meta.url": "__evalbookImportMetaUrl" },
    banner: { js: '"use strict"; var __evalbookImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  });
  // import() inside a vm.Script compiled from a code cache has no loader on Node 20 ("A dynamic
  // import callback was not specified"): the fast bundle's dynamic imports (node:os, csv-parse, tsx,
  // plugin folders and packages) call the one scripts/code-cache.cjs passes in instead.
  // Non-ASCII characters esbuild leaves as they are (in regular expressions) become \u escapes: one
  // such character made the whole source a two-byte string, twice the bytes to decode and copy at
  // start-up. A \u escape means the same character in a regular expression, string or identifier.
  for (const file of Object.keys(fast.metafile.outputs)) {
    const text = readFileSync(path.join(ROOT, file), "utf8")
      .replace(/(?<![\w$.])import\(/g, "__evalbookImport(")
      // (an identity escape "\…" is the character itself: its backslash goes, an escaped backslash stays)
      .replace(/(\\*)([^\0-\x7f])/g, (_, bs, c) => `${bs.slice(bs.length % 2)}\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    writeFileSync(path.join(ROOT, file), text);
  }
  const mtimes = {};
  for (const f of [...Object.keys(res.metafile.inputs), ...Object.keys(fast.metafile.inputs)]) {
    if (!f.startsWith("node_modules/") && !f.includes(":")) mtimes[f] = statSync(path.join(ROOT, f)).mtimeMs;
  }
  const byEntry = { ...inputsByEntry(res.metafile, out, ENTRIES), ...inputsByEntry(fast.metafile, out, FAST_ENTRIES, ".cjs") };
  for (const name of Object.keys(byEntry)) byEntry[name] = byEntry[name].filter((f) => f in mtimes);
  // zod and commander are inside the fast bundle: a changed lock file (an upgrade) rebuilds it too
  mtimes["package-lock.json"] = statSync(path.join(ROOT, "package-lock.json")).mtimeMs;
  for (const name of Object.keys(FAST_ENTRIES)) byEntry[name].push("package-lock.json");
  // one list per entry, written under the final folder's name once dist/ is swapped in below
  for (const [name, files] of Object.entries(byEntry)) {
    writeFileSync(path.join(out, path.basename(inputsFile(name))), JSON.stringify(files.map((f) => [f, mtimes[f]])));
  }
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
 * glibc malloc settings for the long-running processes (each only when not already set). The
 * worker's evaluation threads allocate columns of a few MB each; glibc raises its mmap threshold
 * to the largest block freed so far (up to 32 MB), so after one big evaluation such blocks come
 * from the heap and stay resident when freed — measured with threads allocating 40 columns of
 * 8 MB: 42 MB before, 401 MB resident after the second thread ended, 123 MB with a fixed threshold.
 * MALLOC_MMAP_THRESHOLD_ fixes it at 128 KB (glibc's default start), so large blocks are mapped and
 * returned on free; MALLOC_ARENA_MAX=2 keeps threads from each holding an arena of their own.
 */
export function mallocEnv(env = process.env) {
  const out = {};
  if (!env.MALLOC_ARENA_MAX) out.MALLOC_ARENA_MAX = "2";
  if (!env.MALLOC_MMAP_THRESHOLD_) out.MALLOC_MMAP_THRESHOLD_ = "131072";
  return out;
}

/** The web process's environment additions: malloc settings, the compiled ingest thread and ingest process. */
export function webEnv() {
  return { ...mallocEnv(), EVALBOOK_INGEST_THREAD_ENTRY: path.join(DIST, "ingest-thread.mjs"), EVALBOOK_INGEST_PROCESS_ENTRY: entryFile("ingest-process") };
}

/**
 * The web process's V8 flags. Its live heap is ~110 MB, but with the default growth policy V8 let
 * it reach 450 MB of garbage before collecting (measured: 479 MB resident after 270 page loads).
 * --heap-growing-percent=30 lets the old generation grow to at most 1.3 times what survived the
 * last full GC (the cap V8 applies in its memory-saving mode); smaller semi-spaces (4 MB, default
 * 16) keep the young generation small. Not --optimize-for-size (used before): it capped the heap the
 * same way, but V8 flags are process-wide and it also pinned every isolate's young generation at
 * ~1 MB and ran memory-reducing full GCs — the ingest threads (server/ingest/pool.ts) spent ~35% more
 * CPU per 1,000-row batch (the thread's parse + validate + write at load 21: 19.6 ms with it, 14.5 ms
 * with these flags; the whole web process over HTTP: see bench:load's rows per CPU-second).
 */
export const WEB_NODE_FLAGS = ["--heap-growing-percent=30", "--max-semi-space-size=4"];

export function webCommand(port) {
  return { cmd: process.execPath, args: [...WEB_NODE_FLAGS, "scripts/web-server.mjs", "-p", String(port)], env: webEnv() };
}

/** The worker process (after buildAll): command, arguments (run from ROOT) and environment additions. */
export function workerCommand() {
  return { cmd: process.execPath, args: [path.join(DIST, "worker.mjs")], env: mallocEnv() };
}

/** The `evalbook` CLI: command and arguments (append the CLI's own arguments). */
export function cliCommand() {
  return { cmd: process.execPath, args: [path.join(ROOT, "bin", "evalbook.mjs")] };
}

// Runs a CommonJS bundle through node:vm with a V8 code cache next to it, the way v8-compile-cache
// does: Node 20 keeps no compile cache of its own (`module.enableCompileCache` arrives in Node 22),
// and compiling the `evalbook evaluate` bundle took ~35 ms of its start-up (issue 18).
//
// The first run compiles from source and, as the process exits, writes the cache
// (`script.createCachedData()` after the command ran, so the functions V8 compiled lazily on the way
// are in it too); later runs hand it to V8, which checks it against its version, flags and the
// source's length, and rejects it on any mismatch (then it is written anew). The cache's name
// carries the bundle's size and modification time, so a rebuilt bundle never meets a stale cache.
// Writing is best effort: a read-only install runs without one.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire } = require("node:module");

/** Loads `file` (CommonJS) and returns its exports. */
function requireWithCodeCache(file) {
  const source = fs.readFileSync(file, "utf8");
  const { size, mtimeMs } = fs.statSync(file);
  const cacheFile = `${file}.${size}-${Math.round(mtimeMs)}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    /* first run */
  }
  // The bundle's import() calls are __evalbookImport() (scripts/build-server.mjs): a script compiled
  // from a code cache has no dynamic-import callback on Node 20, so this module's import() runs them.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __evalbookImport) {${source}\n})`, { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once("exit", () => writeCache(script, file, cacheFile));
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file), (specifier) => import(specifier));
  return module.exports;
}

function writeCache(script, file, cacheFile) {
  try {
    const dir = path.dirname(file);
    const base = path.basename(file);
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`${base}.`) && f.endsWith(".v8-cache") && path.join(dir, f) !== cacheFile) fs.rmSync(path.join(dir, f), { force: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
  } catch {
    /* no cache this time */
  }
}

module.exports = { requireWithCodeCache };

// The CLI's quick freshness check of the compiled bundle in dist/ (scripts/build-server.mjs builds
// it). Apart from build-server.mjs so bin/evalbook.cjs loads only node:fs and node:path before
// its command starts (issue 18: `evalbook evaluate` start-up ≤ 80 ms); build-server.mjs and
// esbuild are imported only when a rebuild is needed. CommonJS like bin/evalbook.cjs: an ES module
// costs that path Node's ESM loader (~7 ms of CPU).
"use strict";
const path = require("node:path");
const { readFileSync, statSync } = require("node:fs");

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const INPUTS = path.join(DIST, "inputs.json");

/**
 * Quick freshness check for the CLI's start-up (no hashing): every source file that went into
 * `entry` (its chunks included) still has the modification time it had at the last build.
 */
function serverBuildLooksCurrent(entry) {
  try {
    const { mtimes, byEntry } = JSON.parse(readFileSync(INPUTS, "utf8"));
    return byEntry[entry].every((f) => statSync(path.join(ROOT, f)).mtimeMs === mtimes[f]);
  } catch {
    return false;
  }
}

module.exports = { DIST, INPUTS, serverBuildLooksCurrent };

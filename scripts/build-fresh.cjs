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

/** dist/<entry>.inputs.json: [[source file relative to the root, its mtimeMs at the build], …] (build-server.mjs writes it). */
const inputsFile = (entry) => path.join(DIST, `${entry}.inputs.json`);

/**
 * Quick freshness check for the CLI's start-up (no hashing): every source file that went into
 * `entry` (its chunks included) still has the modification time it had at the last build. One
 * small file per entry and a stat per source (the paths joined by hand: path.join normalises
 * each, which cost more than the stat): ~1 ms for the evaluate entry's ~100 files.
 */
function serverBuildLooksCurrent(entry) {
  try {
    const list = JSON.parse(readFileSync(inputsFile(entry), "utf8"));
    const prefix = ROOT + path.sep;
    for (let i = 0; i < list.length; i++) {
      const s = statSync(prefix + list[i][0], { throwIfNoEntry: false });
      if (s === undefined || s.mtimeMs !== list[i][1]) return false;
    }
    return list.length > 0;
  } catch {
    return false;
  }
}

module.exports = { DIST, inputsFile, serverBuildLooksCurrent };

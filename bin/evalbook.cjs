#!/usr/bin/env node
// The evalbook CLI. Runs the compiled bundle in dist/ (scripts/build-server.mjs; `npm start` builds
// it), rebuilding it first when a source file changed since (esbuild, ~1 s, once). Without esbuild,
// or when EVALBOOK_NO_BUNDLE=1, it runs the TypeScript sources through tsx (slower start-up).
// `evaluate` and `plugins` start from their own small entry (CommonJS, compiled with a V8 code
// cache: scripts/code-cache.cjs), so they load nothing else. This file is CommonJS too: as an ES
// module it cost `evalbook evaluate` Node's ESM loader (~7 ms of CPU) before its first byte.
"use strict";
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { DIST, serverBuildLooksCurrent } = require("../scripts/build-fresh.cjs");

const root = path.resolve(__dirname, "..");
process.env.EVALBOOK_CLI = "1";
process.env.EVALBOOK_ROOT ??= root;
const cmd = process.argv[2];

async function viaTsx() {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  await import(pathToFileURL(path.join(root, "server/cli/main.ts")).href);
}

async function compiled() {
  const evaluateOnly = cmd === "evaluate" || cmd === "plugins";
  if (!serverBuildLooksCurrent(evaluateOnly ? "evaluate-entry" : "cli")) await (await import("../scripts/build-server.mjs")).buildServer();
  if (evaluateOnly) {
    const { requireWithCodeCache } = require("../scripts/code-cache.cjs");
    await requireWithCodeCache(path.join(DIST, "evaluate-entry.cjs")).runEvaluateEntry(process.argv);
  } else {
    await import(pathToFileURL(path.join(DIST, "cli.mjs")).href);
  }
}

async function main() {
  if (process.env.EVALBOOK_NO_BUNDLE === "1") return viaTsx();
  let loaded = false;
  try {
    await compiled();
    loaded = true;
  } catch (e) {
    // a build problem must never block the CLI: fall back to the sources
    if (process.env.EVALBOOK_DEBUG) console.error(e);
  }
  if (!loaded) await viaTsx();
}

void main();

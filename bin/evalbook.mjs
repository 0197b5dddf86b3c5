#!/usr/bin/env node
// The evalbook CLI, run from TypeScript sources (no build step).
// `evaluate` and `plugins` start from an esbuild bundle cached in node_modules/.cache/evalbook,
// rebuilt whenever one of its source files changes; everything else runs main.ts through tsx.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.EVALBOOK_CLI = "1";
process.env.EVALBOOK_ROOT ??= root;

async function viaTsx() {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  await import(pathToFileURL(path.join(root, "server/cli/main.ts")).href);
}

async function bundledEvaluate() {
  const dir = path.join(root, "node_modules/.cache/evalbook");
  const out = path.join(dir, "evaluate-entry.mjs");
  const metaFile = path.join(dir, "evaluate-entry.inputs.json");
  let fresh = false;
  try {
    const inputs = JSON.parse(fs.readFileSync(metaFile, "utf8"));
    fresh = fs.existsSync(out) && Object.entries(inputs).every(([f, m]) => fs.statSync(path.join(root, f)).mtimeMs === m);
  } catch {
    fresh = false;
  }
  if (!fresh) {
    const esbuild = await import("esbuild");
    const res = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ["server/cli/evaluate-entry.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: "tsconfig.json",
      outfile: out,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = {};
    for (const f of Object.keys(res.metafile.inputs)) inputs[f] = fs.statSync(path.join(root, f)).mtimeMs;
    fs.writeFileSync(metaFile, JSON.stringify(inputs));
  }
  const mod = await import(pathToFileURL(out).href);
  await mod.runEvaluateEntry(process.argv);
}

const cmd = process.argv[2];
if ((cmd === "evaluate" || cmd === "plugins") && process.env.EVALBOOK_NO_BUNDLE !== "1") {
  let bundle = true;
  try {
    await import("esbuild");
  } catch {
    bundle = false;
  }
  if (bundle) {
    try {
      await bundledEvaluate();
    } catch (e) {
      // a bundle problem must never block the CLI: fall back to tsx
      if (process.env.EVALBOOK_DEBUG) console.error(e);
      process.exitCode = 0;
      await viaTsx();
    }
  } else await viaTsx();
} else {
  await viaTsx();
}

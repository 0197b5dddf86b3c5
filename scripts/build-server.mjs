// How `npm start` builds and starts evalbook's processes, in one place: start.mjs and
// bench/footprint.ts both use it, so the benchmark measures exactly what production runs.
// Plain Node ESM with no dependencies at import time (it runs before `npm ci`).
import path from "node:path";
import { ROOT, bin, buildIfNeeded } from "./common.mjs";

/** Builds what is stale. Returns { web: "reused" | "built" | "failed" }. */
export async function buildAll(env) {
  return { web: await buildIfNeeded(env) };
}

/** The worker process: command and arguments, run from ROOT. */
export function workerCommand() {
  return { cmd: bin("tsx"), args: ["server/worker.ts"] };
}

/** The `evalbook` CLI: command and arguments (append the CLI's own arguments). */
export function cliCommand() {
  return { cmd: process.execPath, args: [path.join(ROOT, "bin", "evalbook.mjs")] };
}

#!/usr/bin/env node
// `npm test`: everything CI checks, stopping at the first failure: the server build (dist/, for the
//   worker and CLI) → lint (eslint), typecheck (tsc) and dependency rules (depcruise) side by side,
//   reported in that order → next build (each build reused when its stamp is current) → vitest run.
// Before that: install if needed, generate the Prisma client, ensure Redis (see scripts/redis.mjs).
// Tests use Redis logical database 15 and their own QUEUE_PREFIX (test/setup/global.ts); they only
// ever delete keys under that prefix.
//
// Extra arguments go to vitest: `npm test -- test/unit` runs the stages, then only test/unit.
// SKIP_STAGES=lint,typecheck,depcruise,build skips stages (for quick local loops; CI runs all).
import {
  ROOT,
  bin,
  buildIfNeeded,
  generatePrismaIfNeeded,
  installIfNeeded,
  quietEnv,
  run,
  runQuiet,
  seconds,
  stopRunning,
} from "./common.mjs";
import { buildServerIfNeeded } from "./build-server.mjs";
import { RedisUnavailableError, ensureRedis, redact, withDb, parseRedisUrl, DEFAULT_REDIS_URL } from "./redis.mjs";

const TEST_REDIS_DB = 15;
const tAll = performance.now();
process.chdir(ROOT);

const env = quietEnv();
const skip = new Set((process.env.SKIP_STAGES ?? "").split(",").map((s) => s.trim()).filter(Boolean));
const vitestArgs = process.argv.slice(2);
const timings = [];
let redis = null;

function header(title) {
  const line = "─".repeat(Math.max(0, 72 - title.length - 4));
  console.log(`\n\x1b[1m── ${title} ${line}\x1b[0m`);
}

async function stage(name, title, fn) {
  if (skip.has(name)) {
    header(`${title} (skipped: SKIP_STAGES)`);
    timings.push([name, "skipped"]);
    return;
  }
  header(title);
  const t = performance.now();
  const result = await fn();
  // A stage that ran in the background reports its own duration.
  const { code, took } = typeof result === "number" ? { code: result, took: seconds(t) } : result;
  timings.push([name, took]);
  if (code !== 0) {
    console.error(`\n\x1b[31m✗ ${title} failed (exit ${code}) after ${took}\x1b[0m`);
    await finish(code || 1);
  }
  console.log(`\x1b[32m✓ ${title} (${took})\x1b[0m`);
}

/** Starts a command now with its output captured; the stage prints it when its turn comes. */
function background(name, cmd, args) {
  if (skip.has(name)) return null;
  const t = performance.now();
  return runQuiet(cmd, args, { env }).then(({ code, output }) => ({ code, output, took: seconds(t) }));
}

async function replay(promise) {
  const { code, output, took } = await promise;
  if (output.trim()) process.stdout.write(output.endsWith("\n") ? output : output + "\n");
  return { code, took };
}

async function finish(code) {
  stopRunning();
  if (redis?.started) await redis.stop();
  header(`Summary — ${code === 0 ? "passed" : "FAILED"} in ${seconds(tAll)}`);
  for (const [name, t] of timings) console.log(`  ${name.padEnd(10)} ${t}`);
  process.exit(code);
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.error(`\n${sig} received — stopping.`);
    void finish(130);
  });
}
process.on("exit", () => redis?.stopSync?.());

async function main() {
  await stage("setup", "Setup: dependencies, Prisma client, Redis", async () => {
    await installIfNeeded(env);
    await generatePrismaIfNeeded(env);
    const base = process.env.REDIS_URL || DEFAULT_REDIS_URL;
    // Keep the test run in its own logical database unless the URL names one explicitly.
    const wanted = parseRedisUrl(base).db ? base : withDb(base, TEST_REDIS_DB);
    try {
      redis = await ensureRedis({ url: wanted, root: ROOT, port: "free", log: (m) => console.log(`• ${m}`) });
    } catch (err) {
      if (err instanceof RedisUnavailableError) {
        console.error(err.message);
        return 1;
      }
      throw err;
    }
    env.REDIS_URL = redis.url;
    console.log(`• Redis for tests: ${redact(redis.url)}${redis.started ? " (started for this run)" : ""}`);
    return 0;
  });

  // The three static checks are single-threaded: run them side by side (2 cores), report in order.
  // next build comes after them: beside them on a fresh clone it took 120 s instead of ~55 (its
  // compiler's threads and cache writes compete for the same 2 cores). dist/ is built first (~1 s):
  // its build writes a temp folder at the root, which eslint would otherwise find and then miss.
  const serverBuild = skip.has("build") ? null : await buildServerIfNeeded();
  const lint = background("lint", bin("eslint"), [".", "--max-warnings", "0"]);
  const typecheck = background("typecheck", bin("tsc"), ["--noEmit", "-p", "tsconfig.typecheck.json"]);
  const depcruise = background("depcruise", process.execPath, ["scripts/depcheck.mjs"]);
  await stage("lint", "Lint: eslint . --max-warnings 0", () => replay(lint));
  await stage("typecheck", "Typecheck: tsc --noEmit", () => replay(typecheck));
  await stage("depcruise", "Dependency rules: depcruise + folder cycles", () => replay(depcruise));
  await stage("build", "Build: next build (reused when sources are unchanged)", async () => {
    // dist/ (the compiled worker and threads, which the e2e files run as `npm start` does) is built already
    if (serverBuild === "failed") return 1; // its error is printed already
    console.log(serverBuild === "reused" ? "• Server build stamp is current — reusing dist/" : "• Built the worker, threads and CLI (esbuild → dist/)");
    const result = await buildIfNeeded({ ...env, NODE_ENV: "production" });
    if (result === "reused") console.log("• Build stamp is current — reusing .next/");
    return result === "failed" ? 1 : 0;
  });
  await stage("vitest", `Tests: vitest run ${vitestArgs.join(" ")}`.trim(), () =>
    run(bin("vitest"), ["run", ...vitestArgs], { env: { ...env, NODE_ENV: "test" } }),
  );
  await finish(0);
}

main().catch(async (err) => {
  console.error(err?.stack ?? err);
  await finish(1);
});

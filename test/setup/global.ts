/**
 * Vitest globalSetup: runs once in the main vitest process before any test file.
 *
 * - Migrates a template SQLite file in a fresh temp dir (`prisma migrate deploy`), copies it to the
 *   run's shared database and points DATABASE_URL at the copy. Tests that need their own database
 *   copy the template (see test/helpers/db.ts).
 * - REDIS_URL: as given by scripts/test.mjs (db 15 of a Redis it made sure answers), or the default.
 * - QUEUE_PREFIX: unique per run (`evalbook-test-<pid>-<time>`), so parallel runs and a developer's
 *   `npm start` never see each other's jobs.
 * - NODE_ENV=test, AUTH_SECRET, LOG_LEVEL (warn unless set).
 *
 * The values reach the test workers two ways: as environment variables (vitest forks its workers
 * after globalSetup has run, and they inherit process.env — so `server/env.ts` sees them at import),
 * and through `inject("evalbook")` for tests that want them explicitly.
 *
 * Teardown deletes the temp dir and only the Redis keys under this run's QUEUE_PREFIX
 * (SCAN + DEL, never FLUSHDB).
 */
import path from "node:path";
import os from "node:os";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { deleteKeysWithPrefix } from "../../scripts/redis-keys.mjs";

export interface EvalbookTestContext {
  tmpDir: string;
  templateDbFile: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    evalbook: EvalbookTestContext;
  }
}

const ROOT = path.resolve(__dirname, "../..");

interface SharedSetup {
  ctx: EvalbookTestContext;
  /** Projects whose teardown has not run yet. */
  users: number;
}

/**
 * Vitest runs a global setup once for the root config and once per project (vitest.config.ts has
 * two: unit and isolated). The run needs one template, one database and one queue prefix, so the
 * first call makes them and the others share them; the last teardown cleans up.
 */
const SHARED = Symbol.for("evalbook.test.globalSetup");

export default async function setup(project: TestProject) {
  const holder = globalThis as { [SHARED]?: Promise<SharedSetup> };
  holder[SHARED] ??= prepare().then((ctx) => ({ ctx, users: 0 }));
  const shared = await holder[SHARED];
  shared.users += 1;
  project.provide("evalbook", shared.ctx);
  return async function teardown() {
    shared.users -= 1;
    if (shared.users === 0) await cleanUp(shared.ctx);
  };
}

async function prepare(): Promise<EvalbookTestContext> {
  const started = Date.now();
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), "evalbook-test-"));
  const templateDbFile = path.join(tmpDir, "template.db");
  const sharedDbFile = path.join(tmpDir, "shared.db");

  execFileSync(path.join(ROOT, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${templateDbFile}`, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  copyFileSync(templateDbFile, sharedDbFile);

  const ctx: EvalbookTestContext = {
    tmpDir,
    templateDbFile,
    databaseUrl: `file:${sharedDbFile}`,
    redisUrl: process.env.REDIS_URL || "redis://127.0.0.1:6379/15",
    queuePrefix: `evalbook-test-${process.pid}-${Date.now()}`,
  };

  Object.assign(process.env, {
    NODE_ENV: "test",
    DATABASE_URL: ctx.databaseUrl,
    REDIS_URL: ctx.redisUrl,
    QUEUE_PREFIX: ctx.queuePrefix,
    AUTH_SECRET: process.env.AUTH_SECRET || "evalbook-test-secret-0123456789abcdef",
    EVALBOOK_TEST_TMPDIR: tmpDir,
    EVALBOOK_TEST_DB_TEMPLATE: templateDbFile,
    NEXT_TELEMETRY_DISABLED: "1",
    CHECKPOINT_DISABLE: "1",
  });
  console.log(`[global setup] database template ready in ${Date.now() - started} ms; queue prefix ${ctx.queuePrefix}`);
  return ctx;
}

async function cleanUp(ctx: EvalbookTestContext): Promise<void> {
  await deleteKeysWithPrefix(ctx.redisUrl, ctx.queuePrefix).catch((err: Error) =>
    console.warn(`[global teardown] could not clean Redis keys ${ctx.queuePrefix}:*: ${err.message}`),
  );
  rmSync(ctx.tmpDir, { recursive: true, force: true });
}

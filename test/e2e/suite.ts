/**
 * What the e2e files share around their own steps: the prerequisites check they open with, a
 * fresh database with the demo seeded, Chromium's first page (errors collected, signed in as the
 * demo user) and the teardown.
 */
import { describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { e2ePrerequisiteProblem, launchBrowser, seedDemo, signInHydrated, startServer, startWorker, watchPageErrors, type Browser } from "./browser";

/**
 * `describe(name, body)`, after a test that fails (rather than silently skipping) when the
 * production build, Chromium or the test database is missing; the file's own tests are skipped then.
 */
export function describeE2e(topic: string, name: string, body: () => void): void {
  const problem = e2ePrerequisiteProblem();
  describe(`e2e prerequisites (${topic})`, () => {
    it("has a production build, Chromium and a test database", () => {
      expect(problem, problem ?? "").toBeNull();
    });
  });
  describe.skipIf(problem !== null)(name, body);
}

/** A fresh test database with the demo workspace seeded (the seed also starts one run of each demo notebook). */
export async function demoDatabase(): Promise<TestDatabase> {
  const db = createTestDatabase();
  await seedDemo(db.url);
  return db;
}

/** The built app and a worker (one evaluation thread) on `db` and the file's own queue prefix, started together. */
export async function startAppAndWorker(db: TestDatabase, queue: string, workerTimeoutMs?: number) {
  const ctx = inject("evalbook");
  const env = { ...process.env, DATABASE_URL: db.url, REDIS_URL: ctx.redisUrl, QUEUE_PREFIX: `${ctx.queuePrefix}:${queue}`, LOG_LEVEL: "info", EVALBOOK_EVAL_THREADS: "1" };
  const [server, worker] = await Promise.all([startServer({ env: { ...env, LOG_LEVEL: "warn" } }), startWorker(env, workerTimeoutMs)]);
  return { server, worker };
}

/**
 * Chromium with one page at 1280×900 whose errors are collected; signed in as the demo user (once
 * the form has hydrated) when `signInAt` names the server.
 */
export async function openPage(signInAt?: string): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ width: 1280, height: 900 });
  const pageErrors = watchPageErrors(page);
  if (signInAt) await signInHydrated(page, signInAt);
  return { browser, page, pageErrors };
}

type Closable = { close(): Promise<unknown> } | { stop(): Promise<unknown> } | { dispose(): unknown };

/** Closes, stops or disposes each in turn (browser first, database last); skips what never started. */
export async function shutDown(...parts: (Closable | undefined)[]): Promise<void> {
  for (const part of parts) {
    if (!part) continue;
    if ("close" in part) await part.close();
    else if ("stop" in part) await part.stop();
    else await part.dispose();
  }
}

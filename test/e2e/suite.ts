/**
 * What the e2e files share around their own steps: the prerequisites check they open with and the
 * session every file drives (`e2eSession`): a fresh database with the demo seeded, the built app
 * (and a worker when the file needs one), Chromium's first page (errors collected, signed in as the
 * demo user), torn down after the file.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import type { TestDatabase } from "../helpers/db";
import { demoDatabase } from "./demo-template";
import {
  DEMO,
  e2ePrerequisiteProblem,
  launchBrowser,
  signIn,
  signInHydrated,
  startServer,
  startWorker,
  watchPageErrors,
  type Browser,
  type RunningServer,
  type RunningWorker,
} from "./browser";

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

/**
 * The built app and a worker (one evaluation thread) on `db` and the file's own queue prefix,
 * started together.
 */
async function startAppAndWorker(db: TestDatabase, queue: string, workerTimeoutMs: number | undefined, server: { port?: number; env: Record<string, string> }) {
  const ctx = inject("evalbook");
  const env = { ...process.env, DATABASE_URL: db.url, REDIS_URL: ctx.redisUrl, QUEUE_PREFIX: `${ctx.queuePrefix}:${queue}`, LOG_LEVEL: "info", EVALBOOK_EVAL_THREADS: "1" };
  return Promise.all([startServer({ port: server.port, env: { ...env, ...server.env } }), startWorker(env, workerTimeoutMs)]);
}

/** Chromium with one page at 1280×900 whose errors are collected. */
async function openPage(): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await launchBrowser();
  const page = await browser.newPage({ width: 1280, height: 900 });
  return { browser, page, pageErrors: watchPageErrors(page) };
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

/** What an e2e file drives: set up before its first test, torn down after its last. */
export interface E2eSession {
  readonly db: TestDatabase;
  readonly server: RunningServer;
  /** The worker, when the session was asked for one (`worker`). */
  readonly worker: RunningWorker;
  readonly browser: Browser;
  /** Chromium's page, 1280 × 900 at the start. */
  readonly page: Page;
  /** Uncaught page errors and console errors seen so far. */
  readonly pageErrors: string[];
  /** The server's URL of `path`. */
  url(path: string): string;
}

interface AppServerOptions {
  port?: number;
  env?: Record<string, string>;
}

export interface E2eSessionOptions {
  /** A worker next to the app (one evaluation thread) on the run's queue prefix + `:queue`. */
  worker?: { queue: string; readyTimeoutMs?: number };
  /** On the seeded database, before the app starts: the rows or processes the file needs. */
  beforeStart?: (db: TestDatabase) => Promise<void>;
  /**
   * The app server's port and environment beyond DATABASE_URL and LOG_LEVEL=warn, or a function
   * giving them when the app starts (after `beforeStart`).
   */
  server?: AppServerOptions | (() => AppServerOptions);
  /** Once the app (and worker) answer, before Chromium opens. */
  afterStart?: (session: E2eSession) => Promise<void>;
  /** Listeners on the new page, attached before it signs in. */
  watchPage?: (page: Page, pageErrors: string[]) => void;
  /**
   * How the page signs in as the demo user: once the form has hydrated (the default), through the
   * form at once (`form`), or not at all (`none`: the file's tests sign in).
   */
  signIn?: "hydrated" | "form" | "none";
  /** The setup's time limit. */
  timeoutMs?: number;
}

/**
 * Declares the file's session (call it inside `describeE2e`'s body): the returned object's parts
 * exist from the file's first test on; reading one earlier, or one that failed to start, throws.
 */
export function e2eSession(options: E2eSessionOptions = {}): E2eSession {
  const parts: { -readonly [K in keyof Omit<E2eSession, "url">]?: E2eSession[K] } = {};
  const part = <K extends keyof typeof parts>(name: K): NonNullable<(typeof parts)[K]> => {
    const value = parts[name];
    if (value === undefined || value === null) throw new Error(`e2e session: no ${name} (${name === "worker" ? "not asked for, or " : ""}the setup did not get that far)`);
    return value;
  };
  const session: E2eSession = {
    get db() { return part("db"); },
    get server() { return part("server"); },
    get worker() { return part("worker"); },
    get browser() { return part("browser"); },
    get page() { return part("page"); },
    get pageErrors() { return part("pageErrors"); },
    url: (path) => `${part("server").url}${path}`,
  };

  beforeAll(async () => {
    const db = (parts.db = await demoDatabase());
    await options.beforeStart?.(db);
    const app = typeof options.server === "function" ? options.server() : options.server;
    const serverOptions = { port: app?.port, env: { DATABASE_URL: db.url, LOG_LEVEL: "warn", ...app?.env } };
    if (options.worker) {
      [parts.server, parts.worker] = await startAppAndWorker(db, options.worker.queue, options.worker.readyTimeoutMs, serverOptions);
    } else {
      parts.server = await startServer(serverOptions);
    }
    await options.afterStart?.(session);
    ({ browser: parts.browser, page: parts.page, pageErrors: parts.pageErrors } = await openPage());
    options.watchPage?.(parts.page, parts.pageErrors);
    const signInMode = options.signIn ?? "hydrated";
    if (signInMode === "hydrated") await signInHydrated(parts.page, parts.server.url);
    else if (signInMode === "form") await signIn(parts.page, parts.server.url, DEMO.email, DEMO.password);
  }, options.timeoutMs ?? 240_000);

  afterAll(() => shutDown(parts.browser, parts.worker, parts.server, parts.db));
  return session;
}

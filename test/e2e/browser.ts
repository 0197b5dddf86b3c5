/**
 * Helpers for end-to-end tests against the built app in real Chromium. Generic on purpose: any
 * e2e test can start the server, open a browser, sign in and take screenshots.
 *
 *   const server = await startServer();                    // `next start` on a free port
 *   const browser = await launchBrowser();                 // Debian's /usr/bin/chromium
 *   const page = await browser.newPage({ width: 1280, height: 900 });
 *   await signIn(page, server.url, DEMO.email, DEMO.password);
 *   await screenshot(page, "inventory-list");              // test-results/<name>.png
 *   afterAll(async () => { await browser.close(); await server.stop(); });
 *
 * Requirements: `next build` and the server build (dist/) have run (`npm test` does both first); DATABASE_URL points at a migrated
 * database (test/setup/global.ts); chromium is installed (.ci/run installs it).
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { serverBuildIsCurrent, webEnv, workerCommand } from "../../scripts/build-server.mjs";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const RESULTS_DIR = path.join(ROOT, "test-results");
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const DEMO = { email: "demo@evalbook.local", password: "evalbook-demo", workspace: "demo" } as const;

const run = promisify(execFile);

/** Why e2e tests cannot run here, or null when they can. Use with `describe.skipIf` plus a failing test. */
export function e2ePrerequisiteProblem(): string | null {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")))
    return "No production build in .next/: run `npm test` (it builds first) or `node_modules/.bin/next build`.";
  if (!serverBuildIsCurrent())
    return "The compiled worker in dist/ is missing or older than the sources: run `npm test` (it builds first) or `node -e \"import('./scripts/build-server.mjs').then((m) => m.buildServer())\"`.";
  if (!existsSync(CHROMIUM_PATH)) return `Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH).`;
  if (!process.env.DATABASE_URL) return "DATABASE_URL is not set: run through vitest so test/setup/global.ts prepares a database.";
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the demo seed (prisma/seed.ts) against `databaseUrl` (default: process.env.DATABASE_URL). */
export async function seedDemo(databaseUrl = process.env.DATABASE_URL): Promise<void> {
  if (!databaseUrl) throw new Error("seedDemo: DATABASE_URL is not set");
  // A throwaway cwd, so the seed's data/demo-credentials.json does not touch the developer's data/.
  const cwd = mkdtempSync(path.join(os.tmpdir(), "evalbook-seed-"));
  try {
    // --tsconfig: from another cwd tsx would not find the "@/…" paths the seed's imports use
    await run(path.join(ROOT, "node_modules", ".bin", "tsx"), ["--tsconfig", path.join(ROOT, "tsconfig.json"), path.join(ROOT, "prisma", "seed.ts")], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
      timeout: 120_000,
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export interface RunningServer {
  url: string;
  port: number;
  /** The web server's process id (scripts/web-server.mjs). */
  pid: number;
  /** Everything the server printed so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
  /** kill -9 of the server's whole process group (fault tests); resolves once it has exited. */
  crash(): Promise<void>;
}

/** Starts `next start` from the project root on a free port and waits until it answers HTTP. */
export async function startServer(options: { env?: Record<string, string | undefined>; port?: number; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  // evalbook's web server (next start + the connection's real address for per-address limits)
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts", "web-server.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...webEnv(), // the compiled ingest thread, as `npm start` runs it
      NODE_ENV: "production",
      PORT: String(port),
      APP_URL: url,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  child.stdout?.on("data", (b: Buffer) => (log += b.toString()));
  child.stderr?.on("data", (b: Buffer) => (log += b.toString()));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGTERM"); // the process group: next start and its workers
    } catch {
      child.kill("SIGTERM");
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, 5000);
    await exitedPromise;
    clearTimeout(timer);
  };

  const crash = async () => {
    if (exited || child.pid === undefined) return;
    process.kill(-child.pid, "SIGKILL");
    await exitedPromise;
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`next start exited before answering:\n${log}`);
    try {
      const res = await fetch(`${url}/sign-in`, { redirect: "manual" });
      if (res.status < 500) return { url, port, pid: child.pid!, output: () => log, stop, crash };
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`next start did not answer on ${url} within ${options.timeoutMs ?? 60_000} ms:\n${log}`);
}

export interface Browser {
  context: BrowserContext;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Headless Debian Chromium in a throwaway profile, with the flags that keep it off the network. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "evalbook-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in through the real form and waits for the redirect away from /sign-in. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 }), page.getByRole("button", { name: "Sign in" }).click()]);
}

/** Saves a full-page PNG under test-results/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshots `name-1280` at the tests' 1280 × 900, then `name-390` at a phone's 390 × 844, and goes back to 1280 × 900. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Collects uncaught page errors and failed-request console errors, to assert a clean run. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Signs in once the form has hydrated (on a busy machine a click before hydration submits natively). */
export async function signInHydrated(page: Page, baseUrl: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.goto(`${baseUrl}/sign-in`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    try {
      await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 });
      return;
    } catch {
      if (attempt === 2) throw new Error(`sign-in did not leave /sign-in: ${page.url()}`);
    }
  }
}

export interface RunningWorker {
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The compiled worker `npm start` runs (`node dist/worker.mjs`, one process, so SIGTERM reaches the
 * worker itself) with `env`, resolved once it logs "worker ready" (rejects if it exits first or
 * times out).
 */
export function startWorker(env: NodeJS.ProcessEnv, timeoutMs = 90_000): Promise<RunningWorker> {
  let out = "";
  const worker = workerCommand();
  const child = spawn(worker.cmd, worker.args, { cwd: ROOT, env: { ...worker.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode) return;
    child.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => (child.kill("SIGKILL"), resolve()), 8000);
      child.once("exit", () => (clearTimeout(t), resolve()));
    });
  };
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      if (out.includes("worker ready")) return resolve({ child, output: () => out, stop });
      if (child.exitCode !== null) return reject(new Error(`worker exited early:\n${out}`));
      if (Date.now() > deadline) return reject(new Error(`worker not ready after ${timeoutMs / 1000} s:\n${out}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

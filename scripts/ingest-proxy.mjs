// Ingest in its own process. The web server hands every batch of predictions or labels
// (POST /api/v1/models/{slug}/predictions|labels) to a child process — server/api/v1/ingest-process.ts,
// compiled to dist/ingest-process.mjs — that runs at INGEST_PROCESS_NICE (default 19) as a whole,
// garbage collector included, so the web process's CPU goes to pages. The body is piped through a
// Unix socket in a private folder, unparsed: the web process only moves bytes.
//
// The child starts on the first batch, and again on the next batch after it stopped. A batch it
// could not take gets 503 + Retry-After (clients resend; replays are deduplicated by requestId).
// It leaves when the web server does, even on kill -9 (its IPC channel closes).
//
// INGEST_PROCESS=0 keeps ingest inside the web process, as `next dev` (which does not run this
// server) always does.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const INGEST_PATH = /^\/api\/v1\/models\/([^/?#]+)\/(predictions|labels)(?:\?|$)/;
/** How long a batch waits for a starting child before it is told to resend. */
const START_TIMEOUT_MS = 30_000;
/** After a failed start, batches are refused at once for this long rather than each trying again. */
const START_BACKOFF_MS = 1_000;

function setting(env, name, fallback, { min, max }) {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name}="${raw}" must be an integer from ${min} to ${max}.`);
  return n;
}

/**
 * Settings from the environment; null when ingest stays in the web process. The entry is the
 * compiled one `npm start` names (EVALBOOK_INGEST_PROCESS_ENTRY), else the sources through tsx,
 * as `npm run worker` runs the worker.
 */
export function ingestProcessSettings(env = process.env, root = ROOT) {
  const enabled = setting(env, "INGEST_PROCESS", 1, { min: 0, max: 1 }) === 1;
  const nice = setting(env, "INGEST_PROCESS_NICE", 19, { min: 0, max: 19 });
  if (!enabled) return null;
  const compiled = env.EVALBOOK_INGEST_PROCESS_ENTRY;
  if (compiled) {
    if (!existsSync(compiled)) throw new Error(`EVALBOOK_INGEST_PROCESS_ENTRY="${compiled}" does not exist: run \`npm start\` (it builds dist/), or unset it to run the sources.`);
    return { entry: compiled, nice, nodeArgs: [] };
  }
  return { entry: path.join(root, "server", "api", "v1", "ingest-process.ts"), nice, nodeArgs: ["--import", "tsx"] };
}

/** { kind, slug } when the request is a batch for the ingest process, else null. */
export function ingestTarget(req) {
  if (req.method !== "POST") return null;
  const m = INGEST_PATH.exec(req.url ?? "");
  if (!m) return null;
  try {
    return { kind: m[2], slug: decodeURIComponent(m[1]) };
  } catch {
    return null; // a malformed escape: the app's own route answers it
  }
}

/** Headers that describe one connection (client → web server, web server → child), not the request. */
const HOP = ["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"];
function withoutHop(headers) {
  const out = { ...headers };
  for (const h of HOP) delete out[h];
  return out;
}

function unavailable(res, message) {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ error: { code: "UNAVAILABLE", message, details: { retryAfterSeconds: 1 } } });
  res.writeHead(503, { "content-type": "application/json", "retry-after": "1", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** nodeArgs: flags for the child's node on top of the web process's own (its heap settings). */
export function ingestProxy({ entry, nice, nodeArgs = [], log = console }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "evalbook-ingest-"));
  const socketPath = path.join(dir, "ingest.sock");
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let child = null;
  let ready = null;
  let failedAt = 0;

  function forget() {
    child = null;
    ready = null;
  }

  function start() {
    const args = [...process.execArgv, ...nodeArgs, entry];
    const env = { ...process.env, EVALBOOK_INGEST_SOCKET: socketPath };
    // cwd: where tsx finds tsconfig.json's paths when it runs the sources
    const options = { cwd: ROOT, env, stdio: ["ignore", "inherit", "inherit", "ipc"] };
    // `nice` sets the priority before node starts, so every thread it creates inherits it.
    const proc = process.platform === "win32" ? spawn(process.execPath, args, options) : spawn("nice", ["-n", String(nice), process.execPath, ...args], options);
    child = proc;
    let up = false;
    ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ingest process did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      proc.on("message", (m) => {
        if (!m?.ready) return;
        clearTimeout(timer);
        up = true;
        resolve();
      });
      proc.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      proc.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the ingest process exited (${signal ?? `code ${code}`})`));
        if (child === proc) forget();
        // a failed start is logged once, below
        if (up && code !== 0) log.error(`✗ ingest process exited (${signal ?? `code ${code}`}); the next batch starts it again`);
      });
    });
    ready.catch((err) => {
      failedAt = Date.now();
      log.error(`✗ ingest process: ${err.message}`);
      if (child !== proc) return;
      forget();
      proc.kill("SIGKILL");
    });
    return ready;
  }

  function forward(req, res, target) {
    if (!child && Date.now() - failedAt < START_BACKOFF_MS) return unavailable(res, "The ingest process failed to start; resend this batch in 1 s. Nothing of it was stored.");
    const started = ready ?? start();
    started.then(
      () => {
        if (res.destroyed) return; // the client left while the ingest process was starting
        const headers = { ...withoutHop(req.headers), "x-evalbook-ingest-kind": target.kind, "x-evalbook-ingest-slug": target.slug };
        const upstream = http.request({ socketPath, agent, method: "POST", path: req.url, headers }, (reply) => {
          res.writeHead(reply.statusCode ?? 502, withoutHop(reply.headers));
          reply.pipe(res);
        });
        upstream.on("error", () =>
          unavailable(res, "The ingest process stopped while taking this batch; resend it in 1 s (whatever of it was stored is deduplicated)."),
        );
        // The client left: stop reading and storing its batch.
        res.once("close", () => {
          if (!res.writableFinished) upstream.destroy();
        });
        req.pipe(upstream);
      },
      () => unavailable(res, "The ingest process could not be started; resend this batch in 1 s. Nothing of it was stored."),
    );
  }

  function stop() {
    child?.disconnect?.();
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }

  return { forward, stop };
}

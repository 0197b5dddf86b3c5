// Redis provisioning shared by `npm start` (scripts/start.mjs) and `npm test` (scripts/test.mjs).
// Plain Node ESM with no dependencies: it runs before `npm ci`.
//
// ensureRedis():
//   1. PING the Redis at REDIS_URL (raw TCP, short timeout). If it answers, use it as is.
//   2. Otherwise PING the local Redis that an earlier `npm start` may have left us (MANAGED_PORT);
//      reuse it without owning it.
//   3. Otherwise, if `redis-server` is on PATH, start a private one (daemonized, no persistence,
//      bound to 127.0.0.1, files under data/redis/<port>/) and return a handle whose stop()
//      shuts it down again.
//   4. Otherwise fail with one message telling how to install Redis or set REDIS_URL.
import net from "node:net";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
/** The port of the Redis that `npm start` launches when none answers at REDIS_URL. */
export const MANAGED_PORT = 6390;

export const INSTALL_MESSAGE = [
  "Redis is required (BullMQ job transport), but nothing answers at REDIS_URL and `redis-server` is not on PATH.",
  "Either install Redis, and evalbook starts a private instance by itself:",
  "  Debian/Ubuntu:  sudo apt-get install -y redis-server",
  "  macOS:          brew install redis",
  "or point REDIS_URL at a running Redis, e.g. REDIS_URL=redis://127.0.0.1:6379 npm start",
].join("\n");

export class RedisUnavailableError extends Error {}

/** Parses redis://[user:pass@]host:port[/db]. */
export function parseRedisUrl(url) {
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new Error(`REDIS_URL must start with redis://, got "${redact(url)}"`);
  const db = u.pathname && u.pathname !== "/" ? Number(u.pathname.slice(1)) : 0;
  return {
    tls: u.protocol === "rediss:",
    host: u.hostname || "127.0.0.1",
    port: Number(u.port || 6379),
    db: Number.isFinite(db) ? db : 0,
    username: decodeURIComponent(u.username || ""),
    password: decodeURIComponent(u.password || ""),
  };
}

/** The URL with its password replaced, for messages. */
export function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return String(url);
  }
}

/** Returns `url` with its logical database replaced by `db`. */
export function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function resp(...args) {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("");
}

/**
 * Raw TCP PING. Resolves { ok: true } on +PONG, { ok: false, error } otherwise; never rejects,
 * never takes longer than timeoutMs. (TLS URLs are not probed: they are assumed reachable.)
 */
export function pingRedis(url, timeoutMs = 700) {
  const { host, port, username, password, tls } = parseRedisUrl(url);
  if (tls) return Promise.resolve({ ok: true, skipped: true });
  return new Promise((resolve) => {
    let settled = false;
    let buffer = "";
    const socket = net.createConnection({ host, port });
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.on("error", (err) => done({ ok: false, error: err.code ?? err.message }));
    socket.on("connect", () => {
      let payload = "";
      if (password) payload += username ? resp("AUTH", username, password) : resp("AUTH", password);
      payload += resp("PING");
      socket.write(payload);
    });
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      if (buffer.includes("+PONG")) return done({ ok: true });
      const errLine = buffer.split("\r\n").find((l) => l.startsWith("-"));
      if (errLine) done({ ok: false, error: errLine.slice(1), answered: true });
    });
    socket.on("close", () => done({ ok: false, error: "connection closed" }));
  });
}

/** Absolute path of an executable on PATH, or null. */
export function which(name, envPath = process.env.PATH ?? "") {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `redis-server` daemonized on 127.0.0.1:port with files under dir.
 * Returns the pid (read from its pidfile) once it answers PING.
 */
async function startRedisServer(binary, port, dir) {
  mkdirSync(dir, { recursive: true });
  const pidfile = path.join(dir, "redis.pid");
  const logfile = path.join(dir, "redis.log");
  rmSync(pidfile, { force: true });
  const args = [
    "--port", String(port),
    "--bind", "127.0.0.1",
    "--save", "",
    "--appendonly", "no",
    "--daemonize", "yes",
    "--pidfile", pidfile,
    "--logfile", logfile,
    "--dir", dir,
  ];
  const result = spawnSync(binary, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
  if (result.status !== 0) {
    throw new RedisUnavailableError(`redis-server failed to start on port ${port}: ${(result.stderr || result.stdout || "").trim()}`);
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await pingRedis(url, 300)).ok && existsSync(pidfile)) {
      const pid = Number(readFileSync(pidfile, "utf8").trim());
      return { pid, pidfile, logfile };
    }
    await sleep(50);
  }
  const log = existsSync(logfile) ? readFileSync(logfile, "utf8").split("\n").slice(-5).join("\n") : "";
  throw new RedisUnavailableError(`redis-server on port ${port} did not answer within 5 s.\n${log}`);
}

async function stopRedisServer(pid) {
  if (!pid || !pidAlive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 60 && pidAlive(pid); i++) await sleep(50);
  if (pidAlive(pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

/**
 * Makes sure a Redis answers. Options:
 *   url        — REDIS_URL to try first (default: env or redis://127.0.0.1:6379)
 *   root       — project root; the private instance keeps its files under <root>/data/redis/<port>
 *   port       — port for a private instance (default MANAGED_PORT; "free" picks any free port)
 *   reuseManaged — also try MANAGED_PORT before starting one (default true)
 *   log        — (message) => void
 * Returns { url, started, pid?, stop() }. `url` keeps the db number of the given URL.
 * Throws RedisUnavailableError (message = INSTALL_MESSAGE when there is no binary).
 */
export async function ensureRedis(options = {}) {
  const url = options.url || process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const root = options.root ?? process.cwd();
  const log = options.log ?? ((m) => console.log(m));
  const parsed = parseRedisUrl(url);
  const noop = { started: false, stop: async () => {} };

  const probe = await pingRedis(url);
  if (probe.ok) return { ...noop, url };
  if (probe.answered) {
    // Something answers but refuses (auth, protected mode…): starting another would hide the problem.
    throw new RedisUnavailableError(`Redis at ${redact(url)} answered with an error: ${probe.error}`);
  }

  const local = (port) => {
    const u = new URL(`redis://127.0.0.1:${port}`);
    u.pathname = `/${parsed.db}`;
    return parsed.db ? u.toString() : `redis://127.0.0.1:${port}`;
  };

  if (options.reuseManaged !== false && !(isLoopback(parsed.host) && parsed.port === MANAGED_PORT)) {
    if ((await pingRedis(local(MANAGED_PORT), 300)).ok) {
      log(`Redis: nothing answers at ${redact(url)} (${probe.error}); using the local Redis on port ${MANAGED_PORT}.`);
      return { ...noop, url: local(MANAGED_PORT) };
    }
  }

  const binary = which("redis-server");
  if (!binary) throw new RedisUnavailableError(`Nothing answers at ${redact(url)} (${probe.error}).\n${INSTALL_MESSAGE}`);

  let port = options.port === "free" ? await freePort() : (options.port ?? MANAGED_PORT);
  if (!(await portIsFree(port))) port = await freePort();
  const dir = path.join(root, "data", "redis", String(port));
  log(`Redis: nothing answers at ${redact(url)} (${probe.error}); starting ${binary} on 127.0.0.1:${port} (files in ${path.relative(root, dir)}/).`);
  const { pid } = await startRedisServer(binary, port, dir);
  let stopped = false;
  return {
    url: local(port),
    started: true,
    pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopRedisServer(pid);
      // One-off instances on random ports leave nothing behind; the managed port keeps its log.
      if (port !== MANAGED_PORT) rmSync(dir, { recursive: true, force: true });
    },
    /** Synchronous best effort, for process 'exit' handlers. */
    stopSync() {
      if (stopped) return;
      stopped = true;
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        /* gone */
      }
    },
  };
}

function isLoopback(host) {
  return host === "127.0.0.1" || host === "localhost" || host === "::1" || host === "[::1]";
}

// `node scripts/redis.mjs` — ensure a Redis and print its URL (handy for manual runs).
if (import.meta.url === `file://${process.argv[1]}`) {
  ensureRedis({ log: (m) => console.error(m) })
    .then((r) => console.log(r.url + (r.started ? `  (started, pid ${r.pid}; stop it with: kill ${r.pid})` : "")))
    .catch((e) => {
      console.error(e.message);
      process.exit(1);
    });
}

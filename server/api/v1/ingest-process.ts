/**
 * The ingest process: the batch ingest routes (predictions, labels) served apart from the web
 * process that renders pages, at a lower scheduling priority as a whole — its event loop, its
 * ingest threads and its garbage collector's threads — so a person waiting for a page gets the CPU
 * first. The web server (scripts/web-server.mjs, through scripts/ingest-proxy.mjs) starts it on the
 * first batch and forwards batches to it over a Unix socket in a private folder; nothing else can
 * connect, which is why the peer address and the route's slug and kind are taken from headers.
 *
 * It leaves when the web server does (its IPC channel closes, even on kill -9): batches in flight
 * are finished, new connections refused. The web server answers 503 + Retry-After for batches it
 * could not hand over, and clients resend them (replays are deduplicated by requestId).
 */
import http from "node:http";
import os from "node:os";
import { rmSync, rmdirSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { env } from "../../env";
import { logger } from "../../logger";
import { closeIngestPool } from "../../ingest/pool";
import { postLabels, postPredictions } from "./ingest-routes";

const log = logger.child({ component: "ingest-process" });
const ROUTES = { predictions: postPredictions, labels: postLabels } as const;
/** Set by the web server's proxy: which route, and the model's slug as it appeared in the path. */
const KIND_HEADER = "x-evalbook-ingest-kind";
const SLUG_HEADER = "x-evalbook-ingest-slug";
/** Hop-by-hop headers of the connection from the web server, which are not the request's. */
const HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

function toRequest(req: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    // @ts-expect-error Node's fetch needs it for a streamed body; lib.dom's RequestInit lacks it
    duplex: "half",
  });
}

async function send(res: http.ServerResponse, response: Response) {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "content-length") headers[name] = value;
  });
  res.writeHead(response.status, { ...headers, "content-length": String(body.byteLength) });
  res.end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const kind = req.headers[KIND_HEADER];
  const route = kind === "predictions" || kind === "labels" ? ROUTES[kind] : undefined;
  const slug = req.headers[SLUG_HEADER];
  if (req.method !== "POST" || !route || typeof slug !== "string") {
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NOT_FOUND", message: "The ingest process serves only POST predictions and labels." } }));
    return;
  }
  const response = await route(toRequest(req), { params: Promise.resolve({ slug }) });
  if (!res.destroyed) await send(res, response);
}

function main() {
  const socketPath = env.EVALBOOK_INGEST_SOCKET;
  if (!socketPath || !process.send) throw new Error("server/api/v1/ingest-process.ts is started by the web server (scripts/ingest-proxy.mjs), with EVALBOOK_INGEST_SOCKET and an IPC channel");
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      log.error({ err }, "ingest request failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "INTERNAL", message: "The ingest process failed on this batch; it has been logged. Resending is safe: replays are deduplicated." } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  let leaving = false;
  const leave = (why: string) => {
    if (leaving) return;
    leaving = true;
    log.info({ why }, "ingest process stopping");
    server.close(() => {
      void closeIngestPool().finally(() => {
        rmSync(socketPath, { force: true });
        try {
          rmdirSync(path.dirname(socketPath)); // when the web server that made it is gone
        } catch {}
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on("disconnect", () => leave("the web server is gone"));
  process.on("SIGTERM", () => leave("SIGTERM"));
  process.on("SIGINT", () => leave("SIGINT"));
  // The socket a killed predecessor left behind (the folder is the web server's own, mode 0700).
  rmSync(socketPath, { force: true });
  server.listen(socketPath, () => {
    log.info({ pid: process.pid, nice: os.getPriority(0) }, "ingest process ready");
    process.send!({ ready: true });
  });
}

main();

#!/usr/bin/env node
// The production web server: `next start`, plus one thing Next.js cannot do — tell the app which
// address a connection really comes from. Next.js keeps a client-sent X-Forwarded-For as it is, so
// limits keyed on it could be dodged by rotating the header. This server overwrites
// X-Evalbook-Peer with the socket's address on every request; the app (server/auth/client-address.ts)
// believes X-Forwarded-For only when that peer is one of TRUSTED_PROXIES.
//
//   node scripts/web-server.mjs [-p PORT] [-H HOST]     (defaults: $PORT or 3000, all interfaces)
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { ingestProcessSettings, ingestProxy, ingestTarget } from "./ingest-proxy.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(opt("-p") ?? process.env.PORT ?? 3000);
const hostname = opt("-H");

let ingestSettings;
try {
  ingestSettings = ingestProcessSettings();
} catch (err) {
  console.error(`✗ ${err.message}`);
  process.exit(1);
}
// Batches of predictions and labels go to the ingest process (scripts/ingest-proxy.mjs).
const ingest = ingestSettings && ingestProxy(ingestSettings);

const app = next({ dev: false, dir: ROOT, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// Pages in flight, for work that yields to them (server/threads/page-activity.ts reads this).
const pages = (globalThis.evalbookPageActivity ??= { inFlight: 0, idle: new Set() });
const isPage = (url) => !url.startsWith("/api/v1/") && !url.startsWith("/_next/static/") && url !== "/favicon.ico";

const server = http.createServer((req, res) => {
  req.headers["x-evalbook-peer"] = req.socket.remoteAddress ?? "";
  const batch = ingest && ingestTarget(req);
  if (batch) return ingest.forward(req, res, batch);
  if (isPage(req.url ?? "/")) {
    pages.inFlight++;
    res.once("close", () => {
      if (--pages.inFlight > 0) return;
      const waiting = [...pages.idle];
      pages.idle.clear();
      for (const fn of waiting) fn();
    });
  }
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`▲ evalbook web ready on http://${hostname ?? "localhost"}:${port}`));

const stop = () => {
  ingest?.stop();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

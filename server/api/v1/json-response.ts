/** Below this size Next.js's compression costs more than it saves (the middleware's own threshold: 1 KB). */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer of the HTTP API. Next.js gzips every route handler's response when the client
 * accepts gzip, as it drops a route's Content-Length (and with it the compression middleware's size
 * threshold): setting up zlib for an ingest batch's ~100-byte answer cost the event loop ~2 ms per
 * request. Small answers say `Cache-Control: no-transform`, which that middleware honours.
 */
export function jsonResponse(body: unknown, status: number, headers: Record<string, string>): Response {
  const text = JSON.stringify(body);
  const all: Record<string, string> = { "content-type": "application/json", ...headers };
  if (text.length < COMPRESS_FROM_BYTES) all["cache-control"] = "no-transform";
  return new Response(text, { status, headers: all });
}

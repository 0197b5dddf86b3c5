import { TRPCError } from "@trpc/server";
import { serverCaller } from "@/server/api/server-caller";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * /share/<token> — a report for people without an account. The answer is the report's
 * self-contained HTML and nothing else: no workspace layout or navigation, no script (the CSP
 * forbids any), no connection back to the API, `noindex` in the header and in the page. Unknown,
 * malformed, revoked and expired tokens all get the very same 404.
 */
const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "x-robots-tag": "noindex, nofollow, noarchive",
  "cache-control": "private, no-store",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const NOT_FOUND_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex, nofollow"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Link not found</title>
<style>body{font:15px/1.5 system-ui,sans-serif;color:#18181b;display:grid;place-items:center;min-height:90vh;margin:0;background:#f4f4f5}main{max-width:420px;padding:24px;text-align:center}</style></head>
<body><main><h1>This link does not work</h1><p>The report link is unknown, has expired or was revoked. Ask the person who sent it for a new one.</p></main></body></html>`;

export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  try {
    const caller = await serverCaller();
    const { html } = await caller.report.shared({ token });
    return new Response(html, { status: 200, headers: HEADERS });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return new Response(NOT_FOUND_HTML, { status: 404, headers: HEADERS });
    throw error;
  }
}

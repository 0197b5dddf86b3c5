import { isIP } from "node:net";
import { env } from "../env";
import { clientAddress } from "../auth/client-address";
import { verifyPresentedKey } from "../apikeys/keys";
import { runHealthCheck, shallowHealthCheck } from "../services/health";

/**
 * GET /api/health. Anyone gets the shallow check (the web process answers and reads its
 * database). The deep check — web → Redis → worker → database, which writes a row and names the
 * worker — needs a valid API key (any scope), or HEALTH_DEEP_LOCAL=true and a request from this
 * machine (loopback; behind a proxy on the same machine set TRUSTED_PROXIES, or every request
 * looks local).
 */
export async function healthResponse(req: Request): Promise<Response> {
  const headers = { "cache-control": "no-store" };
  if (!(await mayRunDeepCheck(req))) {
    const result = await shallowHealthCheck();
    return Response.json(result, { status: result.ok ? 200 : 503, headers });
  }
  const param = Number(new URL(req.url).searchParams.get("timeoutMs"));
  const timeoutMs = Number.isFinite(param) && param > 0 ? Math.min(param, 30_000) : 5000;
  try {
    const result = await runHealthCheck({ timeoutMs });
    return Response.json({ ...result, check: "deep" }, { status: result.ok ? 200 : 503, headers });
  } catch (err) {
    return Response.json({ ok: false, check: "deep", error: `Health check failed: ${(err as Error).message}` }, { status: 503, headers });
  }
}

async function mayRunDeepCheck(req: Request): Promise<boolean> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (m) return (await verifyPresentedKey(m[1]!)).ok;
  return env.HEALTH_DEEP_LOCAL && isLoopback(clientAddress(req.headers));
}

function isLoopback(address: string): boolean {
  if (address === "::1") return true;
  return isIP(address) === 4 && address.startsWith("127.");
}

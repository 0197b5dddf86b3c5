import { NextResponse } from "next/server";
import { runHealthCheck } from "@/server/services/health";

export const dynamic = "force-dynamic";

/** GET /api/health — 200 when web → Redis → worker → database works end to end, 503 otherwise. */
export async function GET(request: Request) {
  const param = Number(new URL(request.url).searchParams.get("timeoutMs"));
  const timeoutMs = Number.isFinite(param) && param > 0 ? Math.min(param, 30_000) : 5000;
  try {
    const result = await runHealthCheck({ timeoutMs });
    return NextResponse.json(result, { status: result.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  } catch (err) {
    return NextResponse.json(
      { ok: false, error: `Health check failed: ${(err as Error).message}` },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}

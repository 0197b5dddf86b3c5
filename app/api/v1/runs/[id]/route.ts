import { v1Route } from "@/server/api/v1/route";
import { getRun } from "@/server/api/v1/endpoints";
import { v1GetRun } from "@/server/api/v1/notebooks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/runs/{id} — status, progress, per-cell status and results. */
export const GET = v1Route(getRun, (ctx, { params }) => v1GetRun(ctx, params.id));

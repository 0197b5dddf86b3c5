import { v1Route } from "@/server/api/v1/route";
import { startRun } from "@/server/api/v1/endpoints";
import { v1StartRun } from "@/server/api/v1/notebooks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/notebooks/{id}/runs — start a run (202 with its id; poll GET /api/v1/runs/{id}). */
export const POST = v1Route(startRun, (ctx, { params }) => v1StartRun(ctx, params.id));

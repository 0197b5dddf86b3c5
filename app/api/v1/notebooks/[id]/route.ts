import { v1Route } from "@/server/api/v1/route";
import { getNotebook } from "@/server/api/v1/endpoints";
import { v1GetNotebook } from "@/server/api/v1/notebooks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/notebooks/{id} — the notebook's cells, each with its latest result and stale flag. */
export const GET = v1Route(getNotebook, (ctx, { params }) => v1GetNotebook(ctx, params.id));

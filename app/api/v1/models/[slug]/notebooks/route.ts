import { v1Route } from "@/server/api/v1/route";
import { listNotebooks } from "@/server/api/v1/endpoints";
import { v1ListNotebooks } from "@/server/api/v1/notebooks";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug}/notebooks — the model's notebooks with schedule and last run. */
export const GET = v1Route(listNotebooks, (ctx, { params }) => v1ListNotebooks(ctx, params.slug));

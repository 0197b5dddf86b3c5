import { v1Route } from "@/server/api/v1/route";
import { getModel } from "@/server/api/v1/endpoints";
import { v1GetModel } from "@/server/api/v1/inventory";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug} — one model: owner, on-call, versions and stages, contract, SLOs. */
export const GET = v1Route(getModel, (ctx, { params }) => v1GetModel(ctx, params.slug));

import { v1Route } from "@/server/api/v1/route";
import { getModelTraffic } from "@/server/api/v1/endpoints";
import { v1ModelTraffic } from "@/server/api/v1/inventory";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug}/traffic — requests, errors, latency and labels per version and day, from the rollups. */
export const GET = v1Route(getModelTraffic, (ctx, { params }) => v1ModelTraffic(ctx, params.slug));

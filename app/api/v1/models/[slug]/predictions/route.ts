import { v1Route } from "@/server/api/v1/route";
import { logPredictions } from "@/server/api/v1/endpoints";
import { v1LogPredictions } from "@/server/api/v1/ingest";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/predictions — JSON array or NDJSON, gzip accepted (DESIGN §5). */
export const POST = v1Route(logPredictions, (ctx, { params }) => v1LogPredictions(ctx, params.slug));

import { v1Route } from "@/server/api/v1/route";
import { logLabels } from "@/server/api/v1/endpoints";
import { v1LogLabels } from "@/server/api/v1/ingest";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/labels — [{ requestId, label, timestamp }], JSON array or NDJSON. */
export const POST = v1Route(logLabels, (ctx, { params }) => v1LogLabels(ctx, params.slug));

import { v1Route } from "@/server/api/v1/route";
import { uploadBaseline } from "@/server/api/v1/endpoints";
import { v1UploadBaseline } from "@/server/api/v1/ingest";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/v1/models/{slug}/baselines?name=NAME[&version=LABEL][&format=csv|parquet|ndjson][&replace=true]
 * The body is the file itself (gzip accepted). The app's upload form uses the same endpoint with
 * its session and the X-Evalbook-Workspace header instead of an API key.
 */
export const POST = v1Route(uploadBaseline, (ctx, { params, query }) => v1UploadBaseline(ctx, params.slug, query));

import { postPredictions } from "@/server/api/v1/ingest-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/predictions — JSON array or NDJSON, gzip accepted (DESIGN §5). */
export const POST = postPredictions;

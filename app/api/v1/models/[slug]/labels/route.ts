import { postLabels } from "@/server/api/v1/ingest-routes";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/labels — [{ requestId, label, timestamp }], JSON array or NDJSON. */
export const POST = postLabels;

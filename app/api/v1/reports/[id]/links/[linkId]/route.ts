import { v1Route } from "@/server/ingest/http";
import { v1RevokeLink } from "@/server/reports/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** DELETE /api/v1/reports/{id}/links/{linkId} — revoke: the link answers 404 from now on. */
export const DELETE = v1Route<{ id: string; linkId: string }>((ctx, { id, linkId }) => v1RevokeLink(ctx, id, linkId));

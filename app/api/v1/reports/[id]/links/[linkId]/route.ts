import { v1Route } from "@/server/api/v1/route";
import { revokeShareLink } from "@/server/api/v1/endpoints";
import { v1RevokeLink } from "@/server/api/v1/reports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** DELETE /api/v1/reports/{id}/links/{linkId} — revoke: the link answers 404 from now on. */
export const DELETE = v1Route(revokeShareLink, (ctx, { params }) => v1RevokeLink(ctx, params.id, params.linkId));

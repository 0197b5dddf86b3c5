import { v1Route } from "@/server/api/v1/route";
import { createShareLink } from "@/server/api/v1/endpoints";
import { v1CreateLink } from "@/server/api/v1/reports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/reports/{id}/links — a share link: { url, expiresAt }. */
export const POST = v1Route(createShareLink, (ctx, { params }) => v1CreateLink(ctx, params.id));

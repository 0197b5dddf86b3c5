import { v1Route } from "@/server/ingest/http";
import { v1CreateLink } from "@/server/reports/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/reports/{id}/links — a share link: { url, expiresAt }. */
export const POST = v1Route<{ id: string }>((ctx, { id }) => v1CreateLink(ctx, id));

import { v1Route } from "@/server/ingest/http";
import { v1Export } from "@/server/reports/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/reports/{id}/export?format=html|pdf */
export const GET = v1Route<{ id: string }>((ctx, { id }) => v1Export(ctx, id));

import { v1Route } from "@/server/api/v1/route";
import { exportReport } from "@/server/api/v1/endpoints";
import { v1Export } from "@/server/api/v1/reports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/reports/{id}/export?format=html|pdf */
export const GET = v1Route(exportReport, (ctx, { params, query }) => v1Export(ctx, params.id, query.format));

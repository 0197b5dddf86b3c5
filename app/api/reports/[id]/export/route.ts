import { sessionRoute } from "@/server/api/v1/route";
import { appReportExport } from "@/server/api/v1/endpoints";
import { reportWorkspace, v1Export } from "@/server/api/v1/reports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/reports/{id}/export?format=html|pdf — the download buttons of the report page: any
 * member (viewer or above) of the report's workspace. Not-a-member answers the same 404 as unknown.
 */
export const GET = sessionRoute(
  appReportExport,
  { workspaceOf: ({ id }) => reportWorkspace(id), missing: ({ id }) => `No report "${id}".` },
  (ctx, { params, query }) => v1Export(ctx, params.id, query.format),
);

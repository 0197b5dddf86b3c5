import { sessionRoute } from "@/server/api/v1/route";
import { appTrainingSetExport } from "@/server/api/v1/endpoints";
import { v1ExportTrainingSet, workspaceIdOf } from "@/server/api/v1/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/w/{workspace}/models/{slug}/export?… — the model page's download button: an editor of
 * the workspace, signed in; the same export as GET /api/v1/models/{slug}/export.
 */
export const GET = sessionRoute(
  appTrainingSetExport,
  { workspaceOf: ({ workspace }) => workspaceIdOf(workspace), missing: ({ workspace }) => `No workspace "${workspace}".` },
  (ctx, { params, query }) => v1ExportTrainingSet(ctx, params.slug, query),
);

import { v1Route } from "@/server/api/v1/route";
import { exportTrainingSet } from "@/server/api/v1/endpoints";
import { v1ExportTrainingSet } from "@/server/api/v1/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug}/export?from&to&format&versions&cohort&labelled&dataQuality — a training set, streamed. */
export const GET = v1Route(exportTrainingSet, (ctx, { params, query }) => v1ExportTrainingSet(ctx, params.slug, query));

import { v1Route } from "@/server/api/v1/route";
import { createReport } from "@/server/api/v1/endpoints";
import { v1CreateReport } from "@/server/api/v1/reports";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/runs/{id}/reports — freeze a finished run into a report. */
export const POST = v1Route(createReport, (ctx, { params }) => v1CreateReport(ctx, params.id));

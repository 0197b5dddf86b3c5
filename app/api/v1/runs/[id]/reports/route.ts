import { v1Route } from "@/server/ingest/http";
import { v1CreateReport } from "@/server/reports/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/runs/{id}/reports — freeze a finished run into a report. */
export const POST = v1Route<{ id: string }>((ctx, { id }) => v1CreateReport(ctx, id));

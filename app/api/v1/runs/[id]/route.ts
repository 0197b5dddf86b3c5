import { v1Route } from "@/server/ingest/http";
import { v1GetRun } from "@/server/notebooks/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/runs/{id} — status, progress, per-cell status and results. */
export const GET = v1Route<{ id: string }>((ctx, { id }) => v1GetRun(ctx, id));

import { v1Route } from "@/server/ingest/http";
import { v1StartRun } from "@/server/notebooks/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/notebooks/{id}/runs — start a run (202 with its id; poll GET /api/v1/runs/{id}). */
export const POST = v1Route<{ id: string }>((ctx, { id }) => v1StartRun(ctx, id), { session: "editor" });

import { v1Route } from "@/server/ingest/http";
import { v1ListModels } from "@/server/services/inventory-v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models — the model inventory (?q, task, owner, stage, tag, page, pageSize). */
export const GET = v1Route((ctx) => v1ListModels(ctx));

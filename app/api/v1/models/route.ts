import { v1Route } from "@/server/api/v1/route";
import { listModels } from "@/server/api/v1/endpoints";
import { v1ListModels } from "@/server/api/v1/inventory";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models — the model inventory (?q, task, owner, stage, tag, page, pageSize). */
export const GET = v1Route(listModels, (ctx, { query }) => v1ListModels(ctx, query));

import { v1Route } from "@/server/api/v1/route";
import { listIncidents } from "@/server/api/v1/endpoints";
import { v1ListIncidents } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/incidents — filters: state, model, severity, owner, redLine; cursor pagination. */
export const GET = v1Route(listIncidents, (ctx, { query }) => v1ListIncidents(ctx, query));

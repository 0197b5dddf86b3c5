import { v1Route } from "@/server/api/v1/route";
import { resolveIncident } from "@/server/api/v1/endpoints";
import { v1ResolveIncident } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/incidents/{id}/resolve — body: { note } */
export const POST = v1Route(resolveIncident, (ctx, { params }) => v1ResolveIncident(ctx, params.id));

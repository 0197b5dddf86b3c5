import { v1Route } from "@/server/api/v1/route";
import { acknowledgeIncident } from "@/server/api/v1/endpoints";
import { v1AcknowledgeIncident } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/incidents/{id}/acknowledge — body: { note? } */
export const POST = v1Route(acknowledgeIncident, (ctx, { params }) => v1AcknowledgeIncident(ctx, params.id));

import { v1Route } from "@/server/api/v1/route";
import { listIncidentDeliveries } from "@/server/api/v1/endpoints";
import { v1IncidentDeliveries } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/incidents/{id}/deliveries — where the incident was notified, and how that went. */
export const GET = v1Route(listIncidentDeliveries, (ctx, { params }) => v1IncidentDeliveries(ctx, params.id));

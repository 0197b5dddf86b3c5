import { v1Route } from "@/server/api/v1/route";
import { getIncident } from "@/server/api/v1/endpoints";
import { v1GetIncident } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/incidents/{id} — the incident with its timeline, runbooks, rollback and notifications. */
export const GET = v1Route(getIncident, (ctx, { params }) => v1GetIncident(ctx, params.id));

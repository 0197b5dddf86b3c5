import { v1Route } from "@/server/api/v1/route";
import { updateGuardrail } from "@/server/api/v1/endpoints";
import { v1UpdateGuardrail } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** PUT /api/v1/guardrails/{id} — replace a guardrail's rule. */
export const PUT = v1Route(updateGuardrail, (ctx, { params }) => v1UpdateGuardrail(ctx, params.id));

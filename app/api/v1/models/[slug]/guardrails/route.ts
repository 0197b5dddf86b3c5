import { v1Route } from "@/server/api/v1/route";
import { createGuardrail, listGuardrails } from "@/server/api/v1/endpoints";
import { v1CreateGuardrail, v1ListGuardrails } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug}/guardrails — the model's guardrails and their state per cohort. */
export const GET = v1Route(listGuardrails, (ctx, { params }) => v1ListGuardrails(ctx, params.slug));
/** POST /api/v1/models/{slug}/guardrails — create one (validated before saving). */
export const POST = v1Route(createGuardrail, (ctx, { params }) => v1CreateGuardrail(ctx, params.slug));

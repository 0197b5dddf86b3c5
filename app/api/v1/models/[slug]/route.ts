import { v1Route } from "@/server/ingest/http";
import { v1GetModel } from "@/server/services/inventory-v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug} — one model: owner, on-call, versions and stages, contract, SLOs. */
export const GET = v1Route<{ slug: string }>((ctx, { slug }) => v1GetModel(ctx, slug));

import { v1Route } from "@/server/ingest/http";
import { v1ListNotebooks } from "@/server/notebooks/v1";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/models/{slug}/notebooks — the model's notebooks with schedule and last run. */
export const GET = v1Route<{ slug: string }>((ctx, { slug }) => v1ListNotebooks(ctx, slug));

import { v1Route } from "@/server/ingest/http";
import { ingestPredictions } from "@/server/ingest/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/predictions — JSON array or NDJSON, gzip accepted (DESIGN §5). */
export const POST = v1Route<{ slug: string }>(async (ctx, { slug }) => {
  const model = ctx.model(slug);
  const records = await ctx.records();
  return ingestPredictions(ctx.store, model, records);
});

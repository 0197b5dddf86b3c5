import { v1Route } from "@/server/ingest/http";
import { ingestLabels } from "@/server/ingest/service";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/v1/models/{slug}/labels — [{ requestId, label, timestamp }], JSON array or NDJSON. */
export const POST = v1Route<{ slug: string }>(async (ctx, { slug }) => {
  const model = ctx.model(slug);
  const records = await ctx.records();
  return ingestLabels(ctx.store, model, records);
});

/** HTTP API v1 ingest: predictions, labels and baseline files for one model. */
import { detectFormat, storeBaseline } from "../../ingest/baselines";
import { ingestLabels, ingestPredictions } from "../../ingest/service";
import type { V1Context } from "./route";
import { LIMITS } from "./limits";

export async function v1LogPredictions(ctx: V1Context, slug: string) {
  const model = await ctx.model(slug);
  return ingestPredictions(ctx.predictions, model, await ctx.records());
}

export async function v1LogLabels(ctx: V1Context, slug: string) {
  const model = await ctx.model(slug);
  return ingestLabels(ctx.predictions, model, await ctx.records());
}

/** The body is the file itself (gzip accepted); the app's upload form sends it with its session. */
export async function v1UploadBaseline(
  ctx: V1Context,
  slug: string,
  query: { name: string; version?: string; format?: string; filename?: string; replace?: string },
) {
  const model = await ctx.model(slug);
  const format = detectFormat(query.format ?? null, ctx.req.headers.get("content-type") ?? "", query.filename ?? null);
  const result = await storeBaseline(
    ctx.predictions,
    { modelId: model.id, name: query.name, version: query.version || null, format, replace: query.replace === "true", maxRows: LIMITS.baselineMaxRows },
    { stream: () => ctx.stream(LIMITS.baselineMaxBytes), buffer: () => ctx.buffer(LIMITS.baselineMaxBytes) },
  );
  return Response.json(result, { status: 201 });
}

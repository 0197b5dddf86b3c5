/** HTTP API v1 ingest: predictions, labels and baseline files for one model. */
import { detectFormat, storeBaseline } from "../../ingest/baselines";
import { ingestBody } from "../../ingest/pool";
import type { V1Context } from "./route";
import { LIMITS } from "./limits";

/** A batch of predictions or labels: large ones are parsed, validated and stored in an ingest thread (ingest/pool.ts). */
async function ingestBatch(ctx: V1Context, slug: string, kind: "predictions" | "labels") {
  const model = await ctx.model(slug);
  const body = await ctx.buffer(LIMITS.maxBodyBytes);
  return ingestBody(ctx.predictions, kind, model, body, ctx.req.headers.get("content-type") ?? "", LIMITS.maxRows);
}

export const v1LogPredictions = (ctx: V1Context, slug: string) => ingestBatch(ctx, slug, "predictions");
export const v1LogLabels = (ctx: V1Context, slug: string) => ingestBatch(ctx, slug, "labels");

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

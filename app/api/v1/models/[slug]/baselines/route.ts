import { LIMITS, v1Route } from "@/server/ingest/http";
import { detectFormat, storeBaseline } from "@/server/ingest/baselines";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * POST /api/v1/models/{slug}/baselines?name=NAME[&version=LABEL][&format=csv|parquet|ndjson][&replace=true]
 * The body is the file itself (gzip accepted). The app's upload form uses the same endpoint with
 * its session and the X-Evalbook-Workspace header instead of an API key.
 */
export const POST = v1Route<{ slug: string }>(
  async (ctx, { slug }) => {
    const model = ctx.model(slug);
    const url = new URL(ctx.req.url);
    const q = url.searchParams;
    const format = detectFormat(q.get("format"), ctx.req.headers.get("content-type") ?? "", q.get("filename"));
    const result = await storeBaseline(
      ctx.store.db,
      {
        modelId: model.id,
        name: q.get("name") ?? "",
        version: q.get("version") || null,
        format,
        replace: q.get("replace") === "true",
        maxRows: LIMITS.baselineMaxRows,
      },
      { stream: () => ctx.stream(LIMITS.baselineMaxBytes), buffer: () => ctx.buffer(LIMITS.baselineMaxBytes) },
    );
    return Response.json(result, { status: 201 });
  },
  { session: "editor" },
);

/**
 * HTTP API v1 for training-set exports: GET /api/v1/models/{slug}/export streams the file. The
 * body pulls the export a piece at a time (the client's pace bounds memory); a disconnect cancels
 * the stream, which stops the read and records the export as not completed.
 */
import { prisma } from "../../db/client";
import { startExport, type ExportParams } from "../../export/service";
import type { V1Context } from "./route";

export async function v1ExportTrainingSet(ctx: V1Context, slug: string, query: ExportParams) {
  const model = await ctx.model(slug);
  const stop = new AbortController();
  ctx.req.signal?.addEventListener("abort", () => stop.abort(), { once: true });
  const file = await startExport(prisma, ctx.predictions, { workspaceId: ctx.workspaceId, actor: ctx.actor, signal: stop.signal }, model, query);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await file.body.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      stop.abort();
      await file.body.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename}"`, "cache-control": "no-store" },
  });
}

/** The workspace id of a slug (null when unknown), for the model page's session download. */
export async function workspaceIdOf(slug: string): Promise<string | null> {
  return (await prisma.workspace.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

import { v1Route } from "@/server/api/v1/route";
import { exportNotebookDocument, importNotebookDocument } from "@/server/api/v1/endpoints";
import { v1ExportNotebookDocument, v1ImportNotebookDocument } from "@/server/api/v1/control";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/v1/notebooks/{id}/document — the notebook with its guardrails as one JSON document. */
export const GET = v1Route(exportNotebookDocument, (ctx, { params }) => v1ExportNotebookDocument(ctx, params.id));
/** PUT /api/v1/notebooks/{id}/document — validate everything, then replace cells, defaults and guardrails together. */
export const PUT = v1Route(importNotebookDocument, (ctx, { params, query }) => v1ImportNotebookDocument(ctx, params.id, query));

import { openApiDocument } from "@/server/api/v1/openapi";

export const dynamic = "force-dynamic";

/** GET /api/v1/openapi.json — generated from the endpoints' zod schemas; no key needed. */
export function GET(req: Request): Response {
  const url = new URL(req.url);
  return Response.json(openApiDocument(url.origin), { headers: { "cache-control": "public, max-age=300" } });
}

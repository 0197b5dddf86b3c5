export const dynamic = "force-dynamic";

/** Any other /api/v1 path: a JSON 404 that points at the documentation. */
function notFound(req: Request): Response {
  const path = new URL(req.url).pathname;
  return Response.json(
    { error: { code: "NOT_FOUND", message: `No API endpoint ${req.method} ${path}. The endpoints are listed in /api/v1/openapi.json.` } },
    { status: 404 },
  );
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

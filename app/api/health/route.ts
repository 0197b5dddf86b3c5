import { healthResponse } from "@/server/api/health";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** GET /api/health — shallow for anyone; the deep check (web → Redis → worker → database) with an API key or from this machine. */
export const GET = (req: Request) => healthResponse(req);

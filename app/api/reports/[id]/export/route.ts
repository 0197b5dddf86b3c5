import { randomUUID } from "node:crypto";
import { prisma, ensurePragmas } from "@/server/db/client";
import { readSession } from "@/server/auth/session";
import { DomainError } from "@/server/domain/errors";
import { errorResponse } from "@/server/ingest/http";
import { exportReport, parseFormat } from "@/server/reports/export";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/**
 * GET /api/reports/{id}/export?format=html|pdf — the download buttons of the report page: any
 * member (viewer or above) of the report's workspace. Not-a-member answers the same 404 as unknown.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const requestId = randomUUID();
  try {
    const { id } = await params;
    await ensurePragmas();
    const session = await readSession(req.headers);
    if (session.status !== "signed-in") throw new DomainError("UNAUTHORIZED", "Sign in to download this report.");
    const report = await prisma.report.findUnique({ where: { id }, select: { workspaceId: true } });
    const member = report && (await prisma.membership.findFirst({ where: { userId: session.user.id, workspaceId: report.workspaceId } }));
    if (!report || !member) throw new DomainError("NOT_FOUND", `No report "${id}".`);
    return await exportReport(prisma, report.workspaceId, id, parseFormat(new URL(req.url).searchParams.get("format")));
  } catch (err) {
    return errorResponse(err, requestId);
  }
}

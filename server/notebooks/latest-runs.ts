/** The latest finished run of each model, for the inventory's health column (two queries, one row per model). */
import type { PrismaClient } from "../generated/prisma/client";

type Db = PrismaClient;

export interface LatestRun {
  id: string;
  status: string;
  resultStatus: string | null;
  finishedAt: string | null;
  notebookTitle: string;
}

export async function latestRunPerModel(db: Db, workspaceId: string): Promise<Record<string, LatestRun>> {
  const latest = await db.run.groupBy({ by: ["modelId"], where: { workspaceId, status: { in: ["succeeded", "failed"] } }, _max: { createdAt: true } });
  const pairs = latest.filter((l) => l._max.createdAt).map((l) => ({ modelId: l.modelId, createdAt: l._max.createdAt! }));
  if (!pairs.length) return {};
  const runs = await db.run.findMany({
    where: { workspaceId, status: { in: ["succeeded", "failed"] }, OR: pairs },
    select: { id: true, modelId: true, status: true, resultStatus: true, finishedAt: true, createdAt: true, notebook: { select: { title: true } } },
  });
  const out: Record<string, LatestRun> = {};
  for (const r of runs)
    out[r.modelId] = { id: r.id, status: r.status, resultStatus: r.resultStatus, finishedAt: r.finishedAt?.toISOString() ?? null, notebookTitle: r.notebook.title };
  return out;
}

/** The latest finished run of each model, for the inventory's health column (one query, one row per model). */
import type { PageReads } from "../services/page-reads";

export interface LatestRun {
  id: string;
  status: string;
  resultStatus: string | null;
  finishedAt: string | null;
  notebookTitle: string;
}

export async function latestRunPerModel(reads: PageReads, workspaceId: string): Promise<Record<string, LatestRun>> {
  const runs = await reads.latestFinishedRuns(workspaceId);
  const out: Record<string, LatestRun> = {};
  for (const r of runs)
    out[r.modelId] = { id: r.id, status: r.status, resultStatus: r.resultStatus, finishedAt: r.finishedAt?.toISOString() ?? null, notebookTitle: r.notebook.title };
  return out;
}

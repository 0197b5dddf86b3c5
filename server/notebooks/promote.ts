/**
 * A promote decision from a paired comparison: the cell's candidate (side B, a version) becomes
 * production; the stage change's audit event links the evidence — the run and cell, or the report
 * that froze them — and the verdicts it rested on. From a report, the verdicts are the frozen ones
 * the reader saw.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, notFound } from "../domain/errors";
import { isPairedComparison, type PairedComparisonOutput } from "../evaluation/result-schema";
import type { Actor } from "../services/audit";
import { setVersionStage } from "../services/models";
import type { ReportSnapshot } from "../reports/types";
import type { Cell } from "./types";

/** One line per compared metric on `all`: "accuracy: better (Δ 0.150, 95% CI 0.11–0.19, McNemar mid-p)". */
function verdictLines(result: PairedComparisonOutput): string[] {
  const all = result.cohorts.find((c) => c.cohort === "all");
  const pct = (v: number | null) => (v === null ? "—" : Math.abs(v) < 1 ? v.toPrecision(3) : v.toFixed(2));
  return (all?.metrics ?? []).map((m) => `${m.metric}: ${m.verdict ?? "not computable"} (Δ ${pct(m.delta)}, ${Math.round((1 - result.alpha) * 100)}% CI ${pct(m.ci_low)}–${pct(m.ci_high)}, ${m.test})`);
}

/** Side B's version of a comparison cell as the run defined it, or why it cannot be promoted. */
function candidateOf(runSnapshot: string, cellId: string): string {
  const def = (JSON.parse(runSnapshot) as { cells: Cell[] }).cells.find((c) => c.id === cellId);
  if (def?.type !== "comparison" || def.b.kind !== "version") throw badRequest("Only a comparison of two versions can promote its candidate (side B).");
  return def.b.version;
}

export async function promoteFromComparison(db: PrismaClient, workspaceId: string, actor: Actor, runId: string, cellId: string) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId }, include: { cells: { where: { cellId } } } });
  const cell = run?.cells[0];
  if (!run || !cell) throw notFound(`No comparison cell "${cellId}" in run ${runId}.`);
  const model = await db.model.findUniqueOrThrow({ where: { id: run.modelId }, select: { slug: true } });
  const result: unknown = cell.result ? JSON.parse(cell.result) : null;
  if (cell.status !== "succeeded" || !isPairedComparison(result)) throw badRequest(`Cell "${cellId}" has no paired comparison result to decide on.`);
  const candidate = candidateOf(run.snapshot, cellId);
  const summary = verdictLines(result);
  const version = await setVersionStage(db, workspaceId, actor, model.slug, candidate, "production", { runId, cellId, notebookId: run.notebookId, summary });
  return { version: version.label, stage: version.stage, evidence: { runId, cellId, summary } };
}

/** The paired comparisons a report froze, each with its candidate (null when side B is not one version). */
export async function reportComparisons(db: PrismaClient, workspaceId: string, reportId: string) {
  const report = await db.report.findFirst({ where: { id: reportId, workspaceId } });
  if (!report) throw notFound(`No report ${reportId}.`);
  const snapshot = JSON.parse(report.snapshot) as ReportSnapshot;
  const run = await db.run.findFirst({ where: { id: report.runId, workspaceId }, select: { snapshot: true } });
  const versions = await db.modelVersion.findMany({ where: { modelId: report.modelId }, select: { label: true, stage: true }, orderBy: { createdAt: "asc" } });
  const comparisons = snapshot.cells.flatMap((c) => {
    if (!c.paired || !isPairedComparison(c.paired)) return [];
    let candidate: string | null = null;
    let reason: string | null = null;
    if (!run) reason = "the run this report froze no longer exists";
    else
      try {
        candidate = candidateOf(run.snapshot, c.cellId);
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
      }
    return [{ cellId: c.cellId, title: c.title ?? c.cellId, candidate, reason, result: c.paired }];
  });
  return { report, comparisons, versions };
}

export async function promoteFromReport(db: PrismaClient, workspaceId: string, actor: Actor, reportId: string, cellId: string) {
  const { report, comparisons } = await reportComparisons(db, workspaceId, reportId);
  const c = comparisons.find((x) => x.cellId === cellId);
  if (!c) throw badRequest(`Report ${reportId} has no paired comparison "${cellId}" to decide on.`);
  if (!c.candidate) throw badRequest(`Cannot promote from comparison "${cellId}": ${c.reason}.`);
  const model = await db.model.findUniqueOrThrow({ where: { id: report.modelId }, select: { slug: true } });
  const summary = verdictLines(c.result);
  const version = await setVersionStage(db, workspaceId, actor, model.slug, c.candidate, "production", { runId: report.runId, cellId, notebookId: report.notebookId, reportId, summary });
  return { version: version.label, stage: version.stage, evidence: { runId: report.runId, cellId, reportId, summary } };
}

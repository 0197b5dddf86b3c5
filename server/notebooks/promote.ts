/**
 * A promote decision from a paired comparison: the cell's candidate (side B, a version) becomes
 * production; the stage change's audit event links the run and cell and the verdicts it rested on.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, notFound } from "../domain/errors";
import { isPairedComparison } from "../evaluation/result-schema";
import type { Actor } from "../services/audit";
import { setVersionStage } from "../services/models";
import type { Cell } from "./types";

export async function promoteFromComparison(db: PrismaClient, workspaceId: string, actor: Actor, runId: string, cellId: string) {
  const run = await db.run.findFirst({ where: { id: runId, workspaceId }, include: { cells: { where: { cellId } } } });
  const cell = run?.cells[0];
  if (!run || !cell) throw notFound(`No comparison cell "${cellId}" in run ${runId}.`);
  const model = await db.model.findUniqueOrThrow({ where: { id: run.modelId }, select: { slug: true } });
  const result: unknown = cell.result ? JSON.parse(cell.result) : null;
  if (cell.status !== "succeeded" || !isPairedComparison(result)) throw badRequest(`Cell "${cellId}" has no paired comparison result to decide on.`);
  const def = (JSON.parse(run.snapshot) as { cells: Cell[] }).cells.find((c) => c.id === cellId);
  if (def?.type !== "comparison" || def.b.kind !== "version") throw badRequest("Only a comparison of two versions can promote its candidate (side B).");
  const all = result.cohorts.find((c) => c.cohort === "all");
  const pct = (v: number | null) => (v === null ? "—" : Math.abs(v) < 1 ? v.toPrecision(3) : v.toFixed(2));
  const summary = (all?.metrics ?? []).map((m) => `${m.metric}: ${m.verdict ?? "not computable"} (Δ ${pct(m.delta)}, ${Math.round((1 - result.alpha) * 100)}% CI ${pct(m.ci_low)}–${pct(m.ci_high)}, ${m.test})`);
  const version = await setVersionStage(db, workspaceId, actor, model.slug, def.b.version, "production", { runId, cellId, notebookId: run.notebookId, summary });
  return { version: version.label, stage: version.stage, evidence: { runId, cellId, summary } };
}

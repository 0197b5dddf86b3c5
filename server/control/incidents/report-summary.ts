/**
 * The reports' leadership summary lists the incidents that were open during the report's window,
 * red lines crossed first, and says so in its findings (frozen with the report like the rest). The
 * sentence is the report's (`sentence`, server/reports/incident-line.ts): a person reads the
 * guardrail's name and condition in metric labels and units, and which version it watches.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import type { ReportSummary } from "../../reports/types";
import { parseNotebookCells } from "../guardrails/slo";
import { incidentsInWindow } from "./service";

export interface IncidentForReport {
  title: string;
  state: string;
  redLine: boolean;
  cohort: string;
  lastValue: number | null;
  guardrail: { name: string; metric: string; column: string | null; op: string; fail: number; cohortMode: string } | null;
  /** the comparison side the guardrail watches (its B side), and the side it is compared with */
  watched: { version: string; against: string; paired: boolean } | null;
}

type Side = { kind: string; version?: string; label?: string };
const sideName = (s: Side) => s.label ?? s.version ?? "B";

async function guardrailsOf(db: PrismaClient, ids: string[]) {
  const rows = await db.guardrail.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, metric: true, column: true, op: true, fail: true, cohortMode: true, cellId: true, notebook: { select: { cells: true } } },
  });
  return new Map(
    rows.map((g) => {
      const cell = parseNotebookCells(g.notebook.cells).find((c) => c.id === g.cellId) as { type: string; pluginId?: string; a?: Side; b?: Side } | undefined;
      const watched = cell?.type === "comparison" && cell.a && cell.b ? { version: sideName(cell.b), against: sideName(cell.a), paired: (cell.pluginId ?? "").startsWith("compare.") } : null;
      return [g.id, { guardrail: { name: g.name, metric: g.metric, column: g.column, op: g.op, fail: g.fail, cohortMode: g.cohortMode }, watched }] as const;
    }),
  );
}

export async function addIncidentsToSummary(
  db: PrismaClient,
  summary: ReportSummary,
  modelId: string,
  window: { from: string; to: string },
  sentence: (i: IncidentForReport) => string,
): Promise<void> {
  const rows = await incidentsInWindow(db, modelId, new Date(window.from), new Date(window.to));
  const sorted = [...rows].sort((a, b) => Number(b.redLine) - Number(a.redLine) || a.createdAt.getTime() - b.createdAt.getTime());
  summary.incidents = sorted.map((r) => ({ id: r.id, title: r.title, state: r.state, severity: r.severity, redLine: r.redLine, openedAt: r.createdAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null }));
  const shown = sorted.slice(0, 5);
  const guardrails = await guardrailsOf(db, [...new Set(shown.map((r) => r.guardrailId))]);
  for (const r of shown) {
    const g = guardrails.get(r.guardrailId);
    summary.findings.push(sentence({ title: r.title, state: r.state, redLine: r.redLine, cohort: r.cohort, lastValue: r.lastValue, guardrail: g?.guardrail ?? null, watched: g?.watched ?? null }));
  }
  if (sorted.length > 5) summary.findings.push(`${sorted.length - 5} more incident${sorted.length - 5 === 1 ? "" : "s"} in this window.`);
}

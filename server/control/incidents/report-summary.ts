/**
 * The reports' leadership summary lists the incidents that were open during the report's window,
 * red lines crossed first, and says so in its findings (frozen with the report like the rest).
 */
import type { PrismaClient } from "../../generated/prisma/client";
import type { ReportSummary } from "../../reports/types";
import { incidentsInWindow } from "./service";

export async function addIncidentsToSummary(db: PrismaClient, summary: ReportSummary, modelId: string, window: { from: string; to: string }): Promise<void> {
  const rows = await incidentsInWindow(db, modelId, new Date(window.from), new Date(window.to));
  const sorted = [...rows].sort((a, b) => Number(b.redLine) - Number(a.redLine) || a.createdAt.getTime() - b.createdAt.getTime());
  summary.incidents = sorted.map((r) => ({ id: r.id, title: r.title, state: r.state, severity: r.severity, redLine: r.redLine, openedAt: r.createdAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null }));
  for (const r of sorted.slice(0, 5)) {
    const when = r.state === "resolved" ? "resolved since" : r.state === "acknowledged" ? "acknowledged, still open" : "still open";
    summary.findings.push(`${r.redLine ? "Red line crossed" : "Incident"}: ${r.title} (${when}).`);
  }
  if (sorted.length > 5) summary.findings.push(`${sorted.length - 5} more incident${sorted.length - 5 === 1 ? "" : "s"} in this window.`);
}

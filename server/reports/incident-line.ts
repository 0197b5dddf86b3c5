/**
 * An incident as a sentence of the leadership summary: the guardrail's name, its condition in
 * metric labels and units, the cohort and the version it watches, the last value and its state —
 * never an internal metric name ("cost_per_request > 0.002") a manager cannot read.
 */
import type { IncidentForReport } from "../control/incidents/report-summary";
import { cohortLabel, formatMetric, metricLabel } from "./format";

const OP_WORDS: Record<string, string> = { ">": "above", ">=": "at or above", "<": "below", "<=": "at or below" };

export function incidentLine(i: IncidentForReport): string {
  const head = i.redLine ? "Red line crossed" : "Incident";
  const when = i.state === "resolved" ? "resolved since" : i.state === "acknowledged" ? "acknowledged, still open" : "still open";
  const g = i.guardrail;
  if (!g) return `${head}: ${i.title} (${when}).`;
  const f = (v: number) => formatMetric(g.metric, v);
  const where = g.column === null ? "" : g.column === "*" ? " on any feature" : ` on ${g.column}`;
  const cohort = i.cohort !== "all" ? ` for ${cohortLabel(i.cohort)}` : "";
  const version = i.watched ? (i.watched.paired ? ` (${i.watched.version} against ${i.watched.against})` : ` on ${i.watched.version}`) : "";
  const last = i.lastValue !== null && Number.isFinite(i.lastValue) ? `, at ${f(i.lastValue)}` : "";
  return `${head}: “${g.name}” — ${metricLabel(g.metric)}${where}${cohort}${version} ${OP_WORDS[g.op] ?? g.op} ${f(g.fail)}${last} (${when}).`;
}

/**
 * Reports show guardrail states: what the report's run said about each guardrail × cohort, frozen
 * with the report. The ones that are not ok are listed (worst first, at most MAX_ROWS); the ok
 * ones are counted, so a notebook with a thousand guardrails still makes a short summary.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import type { ReportSummary, SummaryGuardrails } from "../../reports/types";
import { describeBreach } from "./describe";
import type { CohortObservation } from "./evaluate-run";

const MAX_ROWS = 20;
const RANK: Record<string, number> = { alert: 0, flapping: 1, warning: 2, no_data: 3, paused: 4, ok: 5 };

export async function addGuardrailStatesToSummary(db: PrismaClient, summary: ReportSummary, runId: string): Promise<void> {
  const evaluations = await db.guardrailEvaluation.findMany({
    where: { runId },
    include: { guardrail: { select: { name: true, metric: true, column: true, op: true, fail: true, rollbackMode: true } } },
  });
  if (!evaluations.length) return;
  const all = evaluations.flatMap((e) =>
    (JSON.parse(e.cohorts) as CohortObservation[]).map((c) => ({
      guardrail: e.guardrail.name,
      rule: describeBreach(e.guardrail, c.cohort),
      cohort: c.cohort,
      metric: e.guardrail.metric,
      state: c.state,
      value: c.value,
      redLine: e.guardrail.rollbackMode !== "off",
    })),
  );
  const counts: Record<string, number> = {};
  for (const s of all) counts[s.state] = (counts[s.state] ?? 0) + 1;
  const notOk = all.filter((s) => s.state !== "ok").sort((a, b) => (RANK[a.state] ?? 9) - (RANK[b.state] ?? 9) || Number(b.redLine) - Number(a.redLine) || a.rule.localeCompare(b.rule));
  const guardrails: SummaryGuardrails = { total: all.length, counts, rows: notOk.slice(0, MAX_ROWS) };
  summary.guardrails = guardrails;
}

/**
 * The guardrail evaluation of one finished run (the `guardrailEvaluate` job).
 *
 * Idempotent: every observation is a GuardrailEvaluation row unique per (guardrail, run, cohort),
 * written in the same transaction as the state changes, incidents, notifications and rollback
 * requests. A guardrail that already has rows for this run is skipped, and a concurrent duplicate
 * job fails on the unique key and changes nothing. Reads of states and open incidents happen inside
 * the transaction (BEGIN IMMEDIATE), so two runs of one notebook never interleave their updates.
 */
import type { Guardrail, Prisma, PrismaClient } from "../generated/prisma/client";
import { appUrl } from "../env";
import type { ComparisonOutput, EvaluationOutput } from "../notebooks/types";
import { observe, type Observation } from "./metrics";
import { INITIAL_STATE, transition, type StoredState, type Transition } from "./state-machine";
import type { GuardrailStateName } from "./types";
import { syncSloGuardrails } from "./slo";
import { appendBreach, openIncident, openKeyOf, resolveIncident, addEvent } from "../incidents/lifecycle";
import { notifyGroup, type GroupChange } from "../incidents/notify";
import { createRollbackRequest } from "../rollback/service";
import { describeGuardrail } from "./describe";


export interface EvaluateRunResult {
  runId: string;
  guardrails: number;
  skipped: number;
  observations: number;
  opened: string[];
  appended: string[];
  resolved: string[];
  notifications: number;
  /** automatic rollbacks to send after commit */
  rollbacksToSend: string[];
}

interface Planned {
  g: Guardrail;
  obs: Observation;
  t: Transition;
  prev: StoredState & { flappingNotifiedAt: Date | null; exists: boolean };
}

function parseRecent(text: string): number[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => x === 0 || x === 1) : [];
  } catch {
    return [];
  }
}

export async function evaluateRunGuardrails(db: PrismaClient, runId: string, opts: { now?: Date } = {}): Promise<EvaluateRunResult> {
  const now = opts.now ?? new Date();
  const result: EvaluateRunResult = { runId, guardrails: 0, skipped: 0, observations: 0, opened: [], appended: [], resolved: [], notifications: 0, rollbacksToSend: [] };
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, status: true, notebookId: true, workspaceId: true, modelId: true } });
  if (!run || !["succeeded", "failed"].includes(run.status)) return result;

  await syncSloGuardrails(db, run.modelId);
  const guardrails = await db.guardrail.findMany({ where: { notebookId: run.notebookId }, orderBy: { createdAt: "asc" } });
  result.guardrails = guardrails.length;
  if (!guardrails.length) return result;

  const [model, workspace, cells] = await Promise.all([
    db.model.findUniqueOrThrow({ where: { id: run.modelId }, select: { id: true, slug: true, name: true, onCall: true } }),
    db.workspace.findUniqueOrThrow({ where: { id: run.workspaceId }, select: { slug: true } }),
    db.runCell.findMany({
      where: { runId, status: "succeeded", cellId: { in: [...new Set(guardrails.map((g) => g.cellId))] } },
      select: { cellId: true, result: true },
    }),
  ]);
  const results = new Map<string, EvaluationOutput | ComparisonOutput>();
  for (const c of cells) if (c.result) results.set(c.cellId, JSON.parse(c.result) as EvaluationOutput | ComparisonOutput);

  // Observations are pure reads of the results: computed before the write lock is taken.
  const observed = guardrails.map((g) => {
    const res = results.get(g.cellId);
    const obs: Observation[] = res
      ? observe(res, g)
      : [{ cohort: "all", value: null, n: 0, low: null, high: null, breachingColumns: [], column: null, note: `cell "${g.cellId}" has no result in this run` }];
    return { g, obs };
  });

  const runbookIds = [...new Set(guardrails.flatMap((g) => JSON.parse(g.runbookIds) as string[]))];
  const runbooks = runbookIds.length
    ? await db.runbook.findMany({ where: { id: { in: runbookIds }, modelId: model.id }, select: { id: true, title: true } })
    : [];
  const runbookById = new Map(runbooks.map((r) => [r.id, r]));

  await db.$transaction(
    async (tx) => {
      const ids = guardrails.map((g) => g.id);
      const [done, states, open] = await Promise.all([
        tx.guardrailEvaluation.findMany({ where: { runId, guardrailId: { in: ids } }, select: { guardrailId: true }, distinct: ["guardrailId"] }),
        tx.guardrailState.findMany({ where: { guardrailId: { in: ids } } }),
        tx.incident.findMany({ where: { guardrailId: { in: ids }, openKey: { not: null } }, select: { id: true, openKey: true, lastNotifiedAt: true } }),
      ]);
      const evaluated = new Set(done.map((d) => d.guardrailId));
      const stateByKey = new Map(states.map((s) => [openKeyOf(s.guardrailId, s.cohort), s]));
      const openByKey = new Map(open.map((i) => [i.openKey!, i]));

      const evaluations: Prisma.GuardrailEvaluationCreateManyInput[] = [];
      const newStates: Prisma.GuardrailStateCreateManyInput[] = [];
      const replacedStateIds: string[] = [];

      for (const { g, obs } of observed) {
        if (evaluated.has(g.id)) {
          result.skipped++;
          continue;
        }
        const planned: Planned[] = obs.map((o) => {
          const s = stateByKey.get(openKeyOf(g.id, o.cohort));
          const prev = s
            ? { state: s.state as GuardrailStateName, breachStreak: s.breachStreak, okStreak: s.okStreak, recent: parseRecent(s.recent), flappingNotifiedAt: s.flappingNotifiedAt, exists: true }
            : { ...INITIAL_STATE, flappingNotifiedAt: null, exists: false };
          return { g, obs: o, t: transition(g, prev, o), prev };
        });

        const changes: GroupChange[] = [];
        for (const p of planned) {
          const { obs: o, t, prev } = p;
          const key = openKeyOf(g.id, o.cohort);
          const details = { metric: g.metric, column: o.column, value: o.value, low: o.low, high: o.high, n: o.n, breachingColumns: o.breachingColumns, level: t.level };
          let flappingNotifiedAt = prev.flappingNotifiedAt;
          const openIncidentRow = openByKey.get(key);
          if (t.effect === "fire" && !openIncidentRow) {
            const title = `${model.name}: ${describeGuardrail(g)}${o.cohort !== "all" ? ` (${o.cohort})` : ""}`;
            const incidentId = await openIncident(tx, {
              workspaceId: run.workspaceId,
              modelId: model.id,
              guardrailId: g.id,
              cohort: o.cohort,
              severity: g.severity,
              title,
              redLine: g.rollbackMode !== "off",
              assignee: model.onCall,
              runId,
              value: o.value,
              details,
            });
            openByKey.set(key, { id: incidentId, openKey: key, lastNotifiedAt: null });
            result.opened.push(incidentId);
            changes.push({ kind: "opened", incidentId, cohort: o.cohort, value: o.value, title, breachingColumns: o.breachingColumns });
            if (g.rollbackMode !== "off") {
              const rb = await createRollbackRequest(tx, { guardrail: g, incidentId, runId, modelId: model.id, workspaceId: run.workspaceId, now });
              if (rb?.status === "sending") result.rollbacksToSend.push(rb.id);
            }
          } else if ((t.effect === "fire" || t.effect === "breach_again") && openIncidentRow) {
            await appendBreach(tx, openIncidentRow.id, runId, o.value, details);
            result.appended.push(openIncidentRow.id);
            const due = g.renotifyMinutes !== null && (!openIncidentRow.lastNotifiedAt || now.getTime() - openIncidentRow.lastNotifiedAt.getTime() >= g.renotifyMinutes * 60_000);
            if (due) changes.push({ kind: "updated", incidentId: openIncidentRow.id, cohort: o.cohort, value: o.value, title: "", breachingColumns: o.breachingColumns });
          } else if (t.effect === "resolve" || (t.effect === "stop_flapping" && openIncidentRow && t.next.state !== "alert")) {
            if (openIncidentRow) {
              const quiet = t.effect === "stop_flapping";
              await resolveIncident(tx, openIncidentRow.id, {
                label: "guardrail",
                note: quiet ? "The metric settled after flapping and is back within its line." : `Back within the line for ${g.resolveAfter} run${g.resolveAfter === 1 ? "" : "s"} in a row.`,
                runId,
              });
              openByKey.delete(key);
              result.resolved.push(openIncidentRow.id);
              if (!quiet) changes.push({ kind: "resolved", incidentId: openIncidentRow.id, cohort: o.cohort, value: o.value, title: "", breachingColumns: [] });
            }
          } else if (t.effect === "start_flapping") {
            if (openIncidentRow)
              await addEvent(tx, openIncidentRow.id, { kind: "flapping", runId, value: o.value, actorLabel: "guardrail", body: "The guardrail flips state too often; further flips are not notified.", dedupeKey: `${openIncidentRow.id}:flapping:${runId}` });
            if (!flappingNotifiedAt) {
              flappingNotifiedAt = now;
              changes.push({ kind: "flapping", incidentId: openIncidentRow?.id ?? null, cohort: o.cohort, value: o.value, title: "", breachingColumns: [] });
            }
          }
          if (t.effect === "stop_flapping" || (t.next.state !== "flapping" && prev.state === "flapping")) flappingNotifiedAt = null;

          evaluations.push({
            guardrailId: g.id,
            runId,
            cohort: o.cohort,
            value: o.value,
            low: o.low,
            high: o.high,
            n: o.n,
            level: t.level,
            state: t.next.state,
            details: JSON.stringify({ column: o.column, breachingColumns: o.breachingColumns.slice(0, 50), pending: t.pending, ...(o.note ? { note: o.note } : {}) }),
            createdAt: now,
          });
          const stateRow = stateByKey.get(key);
          if (stateRow) replacedStateIds.push(stateRow.id);
          newStates.push({
            guardrailId: g.id,
            cohort: o.cohort,
            state: t.next.state,
            breachStreak: t.next.breachStreak,
            okStreak: t.next.okStreak,
            recent: JSON.stringify(t.next.recent),
            lastValue: o.value,
            lastRunId: runId,
            changedAt: stateRow && stateRow.state === t.next.state ? stateRow.changedAt : now,
            flappingNotifiedAt,
          });
        }
        if (changes.length) {
          result.notifications += await notifyGroup(tx, {
            guardrail: g,
            model,
            workspaceId: run.workspaceId,
            workspaceSlug: workspace.slug,
            runId,
            changes,
            runbooks: (JSON.parse(g.runbookIds) as string[]).flatMap((id) => {
              const rb = runbookById.get(id);
              return rb ? [{ title: rb.title, url: `${appUrl()}/w/${workspace.slug}/models/${model.slug}/runbooks/${rb.id}` }] : [];
            }),
            now,
          });
        }
      }
      result.observations = evaluations.length;
      if (evaluations.length) await tx.guardrailEvaluation.createMany({ data: evaluations });
      if (replacedStateIds.length) await tx.guardrailState.deleteMany({ where: { id: { in: replacedStateIds } } });
      if (newStates.length) await tx.guardrailState.createMany({ data: newStates });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return result;
}

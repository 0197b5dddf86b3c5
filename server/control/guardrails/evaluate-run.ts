/**
 * The guardrail evaluation of one finished run (the `guardrailEvaluate` job).
 *
 * Idempotent: a run's observations are one GuardrailEvaluation row per (guardrail, run), unique,
 * written in the same transaction as the state changes, incidents, notifications and rollback
 * requests. A guardrail that already has rows for this run is skipped, and a concurrent duplicate
 * job fails on the unique key and changes nothing. Reads of states and open incidents happen inside
 * the transaction (BEGIN IMMEDIATE), so two runs of one notebook never interleave their updates.
 */
import { randomUUID } from "node:crypto";
import type { Guardrail, Prisma, PrismaClient } from "../../generated/prisma/client";
import { rowReader, rowWriter, sqliteDate, type RowReader, type RowWriter } from "../../db/bulk-write";
import { appUrl } from "../../env";
import type { ComparisonOutput, EvaluationOutput } from "../../notebooks/types";
import { observe, type Observation } from "./metrics";
import { INITIAL_STATE, transition, type StoredState, type Transition } from "./state-machine";
import type { GuardrailStateName } from "./types";
import { syncSloGuardrails } from "./slo";
import { openKeyOf } from "../incidents/lifecycle";
import { applyBreaches, resolveByGuardrail, insertEvents, insertIncidents, markNotified, newId, sqlTime, type NewEvent, type NewIncident } from "../incidents/bulk";
import { notifyGroups, type GroupChange } from "../incidents/notify";
import { parseSeverities } from "../../notifications/severities";
import { createRollbackRequest } from "../rollback/service";
import { describeBreach } from "./describe";


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

interface EvaluationRow {
  guardrailId: string;
  runId: string;
  level: string;
  cohorts: string;
}

export interface CohortObservation {
  cohort: string;
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
  level: string;
  state: string;
  column: string | null;
  breachingColumns: { column: string; value: number }[];
  pending: boolean;
  note?: string;
}

const LEVEL_RANK: Record<string, number> = { alert: 3, warning: 2, no_data: 1, ok: 0 };

interface StateRow {
  guardrailId: string;
  cohort: string;
  state: string;
  breachStreak: number;
  okStreak: number;
  recent: string;
  lastValue: number | null;
  lastRunId: string;
  changedAt: Date;
  flappingNotifiedAt: Date | null;
}


async function insertEvaluations(write: RowWriter, rows: EvaluationRow[], now: Date): Promise<void> {
  const at = sqlTime(now);
  await write(
    { table: "GuardrailEvaluation", columns: ["id", "guardrailId", "runId", "level", "cohorts", "createdAt"] },
    rows.map((r) => [randomUUID(), r.guardrailId, r.runId, r.level, r.cohorts, at]),
  );
}

const STATE_COLUMNS = ["id", "guardrailId", "cohort", "state", "breachStreak", "okStreak", "recent", "lastValue", "lastRunId", "changedAt", "flappingNotifiedAt", "updatedAt"] as const;
const UPSERT_STATE = `ON CONFLICT ("guardrailId","cohort") DO UPDATE SET ${STATE_COLUMNS.filter((c) => c !== "id" && c !== "guardrailId" && c !== "cohort")
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ")}`;

async function upsertStates(write: RowWriter, rows: StateRow[], now: Date): Promise<void> {
  const at = sqlTime(now);
  await write(
    { table: "GuardrailState", columns: STATE_COLUMNS, onConflict: UPSERT_STATE },
    rows.map((r) => [randomUUID(), r.guardrailId, r.cohort, r.state, r.breachStreak, r.okStreak, r.recent, r.lastValue, r.lastRunId, sqlTime(r.changedAt), r.flappingNotifiedAt ? sqlTime(r.flappingNotifiedAt) : null, at]),
  );
}

/** Every state row of the notebook's guardrails: thousands of rows, read without Prisma's per-row mapping. */
async function loadStates(read: RowReader, notebookId: string): Promise<StateRow[]> {
  const rows = await read(
    `SELECT s."guardrailId", s."cohort", s."state", s."breachStreak", s."okStreak", s."recent", s."lastValue", s."lastRunId", s."changedAt", s."flappingNotifiedAt"
     FROM "GuardrailState" s JOIN "Guardrail" g ON g."id" = s."guardrailId" WHERE g."notebookId" = ?`,
    [notebookId],
  );
  return rows.map((r) => ({
    guardrailId: String(r.guardrailId),
    cohort: String(r.cohort),
    state: String(r.state),
    breachStreak: Number(r.breachStreak),
    okStreak: Number(r.okStreak),
    recent: String(r.recent),
    lastValue: r.lastValue === null ? null : Number(r.lastValue),
    lastRunId: String(r.lastRunId ?? ""),
    changedAt: sqliteDate(r.changedAt)!,
    flappingNotifiedAt: sqliteDate(r.flappingNotifiedAt),
  }));
}

/**
 * An incident opened while no channel matched (the demo's first runs, before anyone added a
 * webhook) was never announced: "notify on state changes only" would keep its on-call in the dark
 * for as long as it stays open. The first breaching run after a matching channel exists announces
 * it (`incident.opened`, keyed by that run); once any delivery exists for it, breaches are quiet again.
 */
async function announceLate<T extends { change: GroupChange }>(tx: Prisma.TransactionClient, candidates: T[]): Promise<T[]> {
  if (!candidates.length) return [];
  const told = new Set<string>();
  const ids = [...new Set(candidates.map((c) => c.change.incidentId!))];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await tx.notificationDelivery.findMany({ where: { groupKey: { in: ids.slice(i, i + 500) } }, distinct: ["groupKey"], select: { groupKey: true } });
    for (const r of rows) told.add(r.groupKey);
  }
  return candidates.filter((c) => !told.has(c.change.incidentId!));
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
  const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, status: true, notebookId: true, workspaceId: true, modelId: true, cellIds: true } });
  if (!run || !["succeeded", "failed"].includes(run.status)) return result;

  await syncSloGuardrails(db, run.modelId);
  // A partial run (some cells only) judges only the guardrails on the cells it computed: the
  // others did not run, which says nothing about their metric.
  const computed = run.cellIds ? new Set(JSON.parse(run.cellIds) as string[]) : null;
  const guardrails = (await db.guardrail.findMany({ where: { notebookId: run.notebookId }, orderBy: { createdAt: "asc" } })).filter((g) => !computed || computed.has(g.cellId));
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
      const write = rowWriter(db, tx);
      // by notebook, not by id list: a thousand ids would pass SQLite's parameter limit
      const ofNotebook = { guardrail: { notebookId: run.notebookId } };
      const [done, states, open] = await Promise.all([
        tx.guardrailEvaluation.findMany({ where: { runId, ...ofNotebook }, select: { guardrailId: true }, distinct: ["guardrailId"] }),
        loadStates(rowReader(db, tx), run.notebookId),
        tx.incident.findMany({ where: { ...ofNotebook, openKey: { not: null } }, select: { id: true, openKey: true, title: true } }),
      ]);
      const evaluated = new Set(done.map((d) => d.guardrailId));
      const stateByKey = new Map(states.map((s) => [openKeyOf(s.guardrailId, s.cohort), s]));
      const openByKey = new Map(open.map((i) => [i.openKey!, i]));

      const evaluations: EvaluationRow[] = [];
      const newStates: StateRow[] = [];
      const newIncidents: NewIncident[] = [];
      const events: NewEvent[] = [];
      const breaches: { incidentId: string; value: number | null }[] = [];
      const resolutions: { incidentId: string; note: string }[] = [];
      const redLines: { g: Guardrail; incidentId: string }[] = [];
      const groups: { g: Guardrail; changes: GroupChange[] }[] = [];
      const channels = await tx.notificationChannel.findMany({ where: { workspaceId: run.workspaceId, enabled: true }, select: { severities: true } });
      const hasChannels = channels.length > 0;
      const heardSeverities = new Set<string>(channels.flatMap((c) => parseSeverities(c.severities)));
      // open incidents breaching again that no channel may have heard of yet (see announceLate)
      const unannounced: { g: Guardrail; change: GroupChange }[] = [];

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
        const cohortRows: CohortObservation[] = [];
        for (const p of planned) {
          const { obs: o, t, prev } = p;
          const key = openKeyOf(g.id, o.cohort);
          const details = () => ({ metric: g.metric, column: o.column, value: o.value, low: o.low, high: o.high, n: o.n, breachingColumns: o.breachingColumns.slice(0, 50), level: t.level });
          let flappingNotifiedAt = prev.flappingNotifiedAt;
          const openIncidentRow = openByKey.get(key);
          if (t.effect === "fire" && !openIncidentRow) {
            const title = `${model.name}: ${describeBreach(g, o.cohort)}`;
            const incidentId = newId();
            newIncidents.push({ id: incidentId, workspaceId: run.workspaceId, modelId: model.id, guardrailId: g.id, cohort: o.cohort, openKey: key, severity: g.severity, title, redLine: g.rollbackMode !== "off", assignee: model.onCall, runId, value: o.value });
            events.push({ incidentId, kind: "fired", runId, value: o.value, actorLabel: "guardrail", body: "", data: details(), dedupeKey: `${incidentId}:fired` });
            openByKey.set(key, { id: incidentId, openKey: key, title });
            result.opened.push(incidentId);
            changes.push({ kind: "opened", incidentId, cohort: o.cohort, value: o.value, title, breachingColumns: o.breachingColumns });
            if (g.rollbackMode !== "off") redLines.push({ g, incidentId });
          } else if ((t.effect === "fire" || t.effect === "breach_again") && openIncidentRow) {
            breaches.push({ incidentId: openIncidentRow.id, value: o.value });
            events.push({ incidentId: openIncidentRow.id, kind: "breach", runId, value: o.value, actorLabel: "guardrail", body: "", data: details(), dedupeKey: `${openIncidentRow.id}:breach:${runId}` });
            result.appended.push(openIncidentRow.id);
            // no notification: a later breach is not a state change (renotify is the reminders' timer, ../incidents/reminders.ts)…
            // …unless no channel was ever told the incident opened (announceLate)
            if (heardSeverities.has(g.severity) && !result.opened.includes(openIncidentRow.id))
              unannounced.push({ g, change: { kind: "opened", incidentId: openIncidentRow.id, cohort: o.cohort, value: o.value, title: openIncidentRow.title, breachingColumns: o.breachingColumns } });
          } else if (t.effect === "resolve" || (t.effect === "stop_flapping" && openIncidentRow && t.next.state !== "alert")) {
            if (openIncidentRow) {
              const quiet = t.effect === "stop_flapping";
              resolutions.push({
                incidentId: openIncidentRow.id,
                note: quiet ? "The metric settled after flapping and is back within its line." : `Back within the line for ${g.resolveAfter} run${g.resolveAfter === 1 ? "" : "s"} in a row.`,
              });
              openByKey.delete(key);
              result.resolved.push(openIncidentRow.id);
              if (!quiet) changes.push({ kind: "resolved", incidentId: openIncidentRow.id, cohort: o.cohort, value: o.value, title: "", breachingColumns: [] });
            }
          } else if (t.effect === "start_flapping") {
            if (openIncidentRow)
              events.push({ incidentId: openIncidentRow.id, kind: "flapping", runId, value: o.value, actorLabel: "guardrail", body: "The guardrail flips state too often; further flips are not notified.", data: {}, dedupeKey: `${openIncidentRow.id}:flapping:${runId}` });
            if (!flappingNotifiedAt) {
              flappingNotifiedAt = now;
              changes.push({ kind: "flapping", incidentId: openIncidentRow?.id ?? null, cohort: o.cohort, value: o.value, title: "", breachingColumns: [] });
            }
          }
          if (t.effect === "stop_flapping" || (t.next.state !== "flapping" && prev.state === "flapping")) flappingNotifiedAt = null;

          cohortRows.push({
            cohort: o.cohort,
            value: o.value,
            low: o.low,
            high: o.high,
            n: o.n,
            level: t.level,
            state: t.next.state,
            column: o.column,
            breachingColumns: o.breachingColumns.slice(0, 50),
            pending: t.pending,
            ...(o.note ? { note: o.note } : {}),
          });
          const stateRow = stateByKey.get(key);
          const next = {
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
          };
          // A steady state is not rewritten: the run's values live in its evaluation row.
          const same =
            stateRow &&
            stateRow.state === next.state &&
            stateRow.breachStreak === next.breachStreak &&
            stateRow.okStreak === next.okStreak &&
            stateRow.recent === next.recent &&
            (stateRow.flappingNotifiedAt?.getTime() ?? null) === (next.flappingNotifiedAt?.getTime() ?? null);
          if (!same) newStates.push(next);
        }
        evaluations.push({
          guardrailId: g.id,
          runId,
          level: cohortRows.reduce((w, c) => (LEVEL_RANK[c.level]! > LEVEL_RANK[w]! ? c.level : w), "ok"),
          cohorts: JSON.stringify(cohortRows),
        });
        result.observations += cohortRows.length;
        if (changes.length) groups.push({ g, changes });
      }

      for (const late of await announceLate(tx, unannounced)) {
        const group = groups.find((x) => x.g.id === late.g.id);
        if (group) group.changes.push(late.change);
        else groups.push({ g: late.g, changes: [late.change] });
      }

      // Incidents first (events, rollbacks and notifications point at them), then the rest.
      await insertIncidents(write, newIncidents, now);
      await insertEvents(write, events, now);
      await applyBreaches(tx, runId, breaches, now);
      await resolveByGuardrail(tx, write, runId, resolutions, now);
      for (const { g, incidentId } of redLines) {
        const rb = await createRollbackRequest(tx, { guardrail: g, incidentId, runId, modelId: model.id, workspaceId: run.workspaceId, now });
        if (rb?.status === "sending") result.rollbacksToSend.push(rb.id);
      }
      const { events: notified, incidentIds: notifiedIds } = await notifyGroups(
        tx,
        groups.map(({ g, changes }) => ({
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
          skipOutbox: !hasChannels,
        })),
      );
      result.notifications += groups.length;
      // a millisecond later: the timeline lists "notified" after what it notifies about
      await insertEvents(write, notified, new Date(now.getTime() + 1));
      await markNotified(tx, notifiedIds, now);
      await insertEvaluations(write, evaluations, now);
      await upsertStates(write, newStates, now);
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return result;
}

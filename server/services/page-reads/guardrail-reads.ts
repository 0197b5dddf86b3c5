import type { Guardrail, GuardrailState } from "../../generated/prisma/client";
import { groupRows } from "./group";
import type { SqlRunner } from "./sql-runner";
import { toDate, type RawDate } from "../../db/raw-date";

/**
 * What the guardrail section of the model page reads (control/guardrails/service.ts
 * modelGuardrails), in plain SQL; each answers what the Prisma query it replaces answered.
 */
export type GuardrailWithStates = Guardrail & {
  states: GuardrailState[];
  incidents: { id: string; cohort: string; state: string; severity: string }[];
};

const GUARDRAIL_COLUMNS = `"id", "workspaceId", "modelId", "notebookId", "cellId", "name", "metric", "column", "cohortMode", "op", "warn", "fail",
  "severity", "minSamples", "requireSignificance", "fireAfter", "resolveAfter", "flapWindow", "flapThreshold", "renotifyMinutes", "paused",
  "runbookIds", "rollbackMode", "rollbackUrl", "rollbackSecret", "rollbackTimeoutSeconds", "rollbackCooldownMinutes", "source", "sloName",
  "createdById", "createdAt", "updatedAt"`;
const GUARDRAILS_SQL = `SELECT ${GUARDRAIL_COLUMNS} FROM "Guardrail" WHERE "modelId" = ? ORDER BY "source" ASC, "name" ASC`;
const STATES_SQL = `SELECT s."id", s."guardrailId", s."cohort", s."state", s."breachStreak", s."okStreak", s."recent", s."lastValue", s."lastRunId",
  s."changedAt", s."flappingNotifiedAt", s."updatedAt"
  FROM "GuardrailState" s JOIN "Guardrail" g ON g."id" = s."guardrailId" WHERE g."modelId" = ? ORDER BY s."cohort" ASC`;
const OPEN_INCIDENTS_SQL = `SELECT i."id", i."cohort", i."state", i."severity", i."guardrailId"
  FROM "Incident" i JOIN "Guardrail" g ON g."id" = i."guardrailId" WHERE g."modelId" = ? AND i."openKey" IS NOT NULL`;
const NOTEBOOK_CELLS_SQL = `SELECT "id", "title", "cells" FROM "Notebook" WHERE "modelId" = ? ORDER BY "createdAt" ASC`;
// the newest evaluation of each guardrail of the model (index guardrailId, createdAt)
const LATEST_EVALUATIONS_SQL = `SELECT e."guardrailId", e."cohorts" FROM "GuardrailEvaluation" e JOIN "Guardrail" g ON g."id" = e."guardrailId"
  WHERE g."modelId" = ? AND e."createdAt" = (SELECT max(x."createdAt") FROM "GuardrailEvaluation" x WHERE x."guardrailId" = e."guardrailId")
  ORDER BY e."id" ASC`;

type GuardrailRow = Omit<Guardrail, "createdAt" | "updatedAt" | "paused" | "requireSignificance"> & {
  createdAt: RawDate;
  updatedAt: RawDate;
  paused: boolean | number;
  requireSignificance: boolean | number;
};
type StateRow = Omit<GuardrailState, "changedAt" | "flappingNotifiedAt" | "updatedAt"> & { changedAt: RawDate; flappingNotifiedAt: RawDate | null; updatedAt: RawDate };
type IncidentRow = GuardrailWithStates["incidents"][number] & { guardrailId: string };

/** The model's guardrails (by source, then name) with their states (by cohort) and open incidents. */
export async function modelGuardrailRows(db: SqlRunner, modelId: string): Promise<GuardrailWithStates[]> {
  const [guardrails, states, incidents] = await Promise.all([
    db.all<GuardrailRow>(GUARDRAILS_SQL, [modelId]),
    db.all<StateRow>(STATES_SQL, [modelId]),
    db.all<IncidentRow>(OPEN_INCIDENTS_SQL, [modelId]),
  ]);
  const statesOf = groupRows(states, (s) => s.guardrailId, (s) => ({
    ...s,
    changedAt: toDate(s.changedAt),
    flappingNotifiedAt: s.flappingNotifiedAt === null ? null : toDate(s.flappingNotifiedAt),
    updatedAt: toDate(s.updatedAt),
  }));
  const incidentsOf = groupRows(incidents, (i) => i.guardrailId, ({ id, cohort, state, severity }) => ({ id, cohort, state, severity }));
  return guardrails.map((g) => ({
    ...g,
    requireSignificance: Boolean(g.requireSignificance),
    paused: Boolean(g.paused),
    createdAt: toDate(g.createdAt),
    updatedAt: toDate(g.updatedAt),
    states: statesOf.get(g.id) ?? [],
    incidents: incidentsOf.get(g.id) ?? [],
  }));
}

/** The model's notebooks (oldest first): id, title and the cells JSON. */
export function modelNotebookCells(db: SqlRunner, modelId: string): Promise<{ id: string; title: string; cells: string }[]> {
  return db.all(NOTEBOOK_CELLS_SQL, [modelId]);
}

/** The cohorts JSON of each guardrail's newest evaluation (of equally new ones, the last by id). */
export async function latestEvaluations(db: SqlRunner, modelId: string): Promise<Map<string, string>> {
  const rows = await db.all<{ guardrailId: string; cohorts: string }>(LATEST_EVALUATIONS_SQL, [modelId]);
  return new Map(rows.map((r) => [r.guardrailId, r.cohorts]));
}

/**
 * Set-based incident writes for the guardrail evaluation: a run can open, extend or notify
 * hundreds of incidents at once. Each write is ONE statement whose rows travel as a single JSON
 * parameter (json_each), instead of a statement per row. Run-driven events carry a dedupeKey and
 * are inserted with ON CONFLICT DO NOTHING, so replays write nothing.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

/** Prisma's SQLite text form of a DateTime. */
export const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

export interface NewIncident {
  id: string;
  workspaceId: string;
  modelId: string;
  guardrailId: string;
  cohort: string;
  openKey: string;
  severity: string;
  title: string;
  redLine: boolean;
  assignee: string;
  runId: string;
  value: number | null;
}

export interface NewEvent {
  incidentId: string;
  kind: string;
  runId: string | null;
  value: number | null;
  actorLabel: string;
  body: string;
  data: unknown;
  dedupeKey: string;
}

export const newId = () => randomUUID();

export async function insertIncidents(tx: Tx, rows: NewIncident[], now: Date): Promise<void> {
  if (!rows.length) return;
  const at = sqlTime(now);
  await tx.$executeRawUnsafe(
    `INSERT INTO "Incident" ("id","workspaceId","modelId","guardrailId","cohort","openKey","state","severity","title","redLine","assignee","openedRunId","lastRunId","lastValue","breaches","createdAt","updatedAt")
     SELECT j->>'id', j->>'workspaceId', j->>'modelId', j->>'guardrailId', j->>'cohort', j->>'openKey', 'open', j->>'severity', j->>'title', j->>'redLine', j->>'assignee', j->>'runId', j->>'runId', j->>'value', 1, ?, ?
     FROM (SELECT value AS j FROM json_each(?))`,
    at,
    at,
    JSON.stringify(rows.map((r) => ({ ...r, redLine: r.redLine ? 1 : 0 }))),
  );
}

export async function insertEvents(tx: Tx, rows: NewEvent[], now: Date): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "IncidentEvent" ("id","incidentId","kind","runId","value","actorId","actorLabel","body","data","dedupeKey","createdAt")
     SELECT j->>'id', j->>'incidentId', j->>'kind', j->>'runId', j->>'value', NULL, j->>'actorLabel', j->>'body', j->>'data', j->>'dedupeKey', ?
     FROM (SELECT value AS j FROM json_each(?)) WHERE true
     ON CONFLICT ("dedupeKey") DO NOTHING`,
    sqlTime(now),
    JSON.stringify(rows.map((r) => ({ ...r, id: newId(), data: JSON.stringify(r.data ?? {}) }))),
  );
}

/** Later breaches: last run and value, one more breach. */
export async function applyBreaches(tx: Tx, runId: string, rows: { incidentId: string; value: number | null }[], now: Date): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE "Incident" SET "lastRunId" = ?, "lastValue" = b.v, "breaches" = "breaches" + 1, "updatedAt" = ?
     FROM (SELECT value->>'incidentId' AS id, value->>'value' AS v FROM json_each(?)) AS b
     WHERE "Incident"."id" = b.id`,
    runId,
    sqlTime(now),
    JSON.stringify(rows),
  );
}

export async function markNotified(tx: Tx, incidentIds: string[], now: Date): Promise<void> {
  if (!incidentIds.length) return;
  await tx.$executeRawUnsafe(
    `UPDATE "Incident" SET "lastNotifiedAt" = ? WHERE "id" IN (SELECT value FROM json_each(?))`,
    sqlTime(now),
    JSON.stringify(incidentIds),
  );
}

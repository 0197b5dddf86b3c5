/**
 * Set-based incident writes for the guardrail evaluation: a run can open, extend or notify
 * hundreds of incidents at once. Each write is ONE statement whose rows travel as a single JSON
 * parameter (db/json-rows.ts), instead of a statement per row. Run-driven events carry a dedupeKey and
 * are inserted with ON CONFLICT DO NOTHING, so replays write nothing.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import { isPostgres } from "../../db/kind";
import { insertJsonRows, sqlTime } from "../../db/json-rows";

type Tx = Prisma.TransactionClient;

export { sqlTime };

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

const INCIDENT_COLUMNS = ["id", "workspaceId", "modelId", "guardrailId", "cohort", "openKey", "state", "severity", "title", "redLine", "assignee", "openedRunId", "lastRunId", "lastValue", "breaches", "createdAt", "updatedAt"] as const;
const EVENT_COLUMNS = ["id", "incidentId", "kind", "runId", "value", "actorId", "actorLabel", "body", "data", "dedupeKey", "createdAt"] as const;

export async function insertIncidents(tx: Tx, rows: NewIncident[], now: Date): Promise<void> {
  const at = sqlTime(now);
  const records = rows.map(({ runId, value, ...r }) => ({ ...r, state: "open", openedRunId: runId, lastRunId: runId, lastValue: value, breaches: 1, createdAt: at, updatedAt: at }));
  await insertJsonRows(tx, "Incident", INCIDENT_COLUMNS, records);
}

export async function insertEvents(tx: Tx, rows: NewEvent[], now: Date): Promise<void> {
  const at = sqlTime(now);
  const records = rows.map((r) => ({ ...r, id: newId(), actorId: null, data: JSON.stringify(r.data ?? {}), createdAt: at }));
  await insertJsonRows(tx, "IncidentEvent", EVENT_COLUMNS, records, `ON CONFLICT ("dedupeKey") DO NOTHING`);
}

/** Later breaches: last run and value, one more breach. */
export async function applyBreaches(tx: Tx, runId: string, rows: { incidentId: string; value: number | null }[], now: Date): Promise<void> {
  if (!rows.length) return;
  await tx.$executeRawUnsafe(
    isPostgres()
      ? `UPDATE "Incident" SET "lastRunId" = $1, "lastValue" = b."value", "breaches" = "breaches" + 1, "updatedAt" = $2::timestamp
         FROM jsonb_to_recordset($3::jsonb) AS b("incidentId" text, "value" double precision)
         WHERE "Incident"."id" = b."incidentId"`
      : `UPDATE "Incident" SET "lastRunId" = ?, "lastValue" = b.v, "breaches" = "breaches" + 1, "updatedAt" = ?
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
    isPostgres()
      ? `UPDATE "Incident" SET "lastNotifiedAt" = $1::timestamp WHERE "id" IN (SELECT jsonb_array_elements_text($2::jsonb))`
      : `UPDATE "Incident" SET "lastNotifiedAt" = ? WHERE "id" IN (SELECT value FROM json_each(?))`,
    sqlTime(now),
    JSON.stringify(incidentIds),
  );
}

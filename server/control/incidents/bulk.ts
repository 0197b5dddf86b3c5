/**
 * Set-based incident writes for the guardrail evaluation: a run can open, extend or notify
 * hundreds of incidents at once. Inserts go through a RowWriter (server/db/bulk-write.ts), updates
 * are ONE statement whose rows travel as a single JSON parameter (json_each). Run-driven events
 * carry a dedupeKey and are inserted with ON CONFLICT DO NOTHING, so replays write nothing.
 */
import { randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client";
import type { RowWriter } from "../../db/bulk-write";
import { isPostgres } from "../../db/kind";

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

export async function insertIncidents(write: RowWriter, rows: NewIncident[], now: Date): Promise<void> {
  const at = sqlTime(now);
  await write(
    { table: "Incident", columns: ["id", "workspaceId", "modelId", "guardrailId", "cohort", "openKey", "state", "severity", "title", "redLine", "assignee", "openedRunId", "lastRunId", "lastValue", "breaches", "createdAt", "updatedAt"] },
    rows.map((r) => [r.id, r.workspaceId, r.modelId, r.guardrailId, r.cohort, r.openKey, "open", r.severity, r.title, r.redLine ? 1 : 0, r.assignee, r.runId, r.runId, r.value, 1, at, at]),
  );
}

export async function insertEvents(write: RowWriter, rows: NewEvent[], now: Date): Promise<void> {
  const at = sqlTime(now);
  await write(
    { table: "IncidentEvent", columns: ["id", "incidentId", "kind", "runId", "value", "actorId", "actorLabel", "body", "data", "dedupeKey", "createdAt"], onConflict: `ON CONFLICT ("dedupeKey") DO NOTHING` },
    rows.map((r) => [newId(), r.incidentId, r.kind, r.runId, r.value, null, r.actorLabel, r.body, JSON.stringify(r.data ?? {}), r.dedupeKey, at]),
  );
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

/** Incidents the guardrail resolves after good runs: one UPDATE and one event insert for all of them. */
export async function resolveByGuardrail(tx: Tx, write: RowWriter, runId: string, rows: { incidentId: string; note: string }[], now: Date): Promise<void> {
  if (!rows.length) return;
  const at = sqlTime(now);
  await tx.$executeRawUnsafe(
    isPostgres()
      ? `UPDATE "Incident" SET "state" = 'resolved', "openKey" = NULL, "resolvedAt" = $1::timestamp, "resolvedBy" = 'guardrail', "resolutionNote" = b."note", "updatedAt" = $2::timestamp
         FROM jsonb_to_recordset($3::jsonb) AS b("incidentId" text, "note" text)
         WHERE "Incident"."id" = b."incidentId" AND "Incident"."state" IN ('open', 'acknowledged')`
      : `UPDATE "Incident" SET "state" = 'resolved', "openKey" = NULL, "resolvedAt" = ?, "resolvedBy" = 'guardrail', "resolutionNote" = b.note, "updatedAt" = ?
         FROM (SELECT value->>'incidentId' AS id, value->>'note' AS note FROM json_each(?)) AS b
         WHERE "Incident"."id" = b.id AND "Incident"."state" IN ('open', 'acknowledged')`,
    at,
    at,
    JSON.stringify(rows),
  );
  await insertEvents(
    write,
    rows.map((r) => ({ incidentId: r.incidentId, kind: "resolved", runId, value: null, actorLabel: "guardrail", body: r.note, data: {}, dedupeKey: `${r.incidentId}:resolved:${runId}` })),
    now,
  );
}

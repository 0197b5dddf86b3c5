import { groupRows } from "./group";
import type { SqlRunner } from "./sql-runner";
import { toDate, type RawDate } from "../../db/raw-date";

/**
 * What the inventory reads besides the model list (services/models.ts modelFacets,
 * control/guardrails/service.ts modelsHealth, notebooks/latest-runs.ts), in plain SQL, in the
 * shapes of the Prisma queries they replace.
 */
export interface HealthRows {
  guardrails: { modelId: string; paused: boolean; states: { state: string }[] }[];
  incidents: { modelId: string; redLine: boolean; _count: { _all: number } }[];
}

export interface FinishedRunRow {
  id: string;
  modelId: string;
  status: string;
  resultStatus: string | null;
  finishedAt: Date | null;
  createdAt: Date;
  notebook: { title: string };
}

const FACETS_SQL = `SELECT "ownerTeam", "tags" FROM "Model" WHERE "workspaceId" = ?`;
const HEALTH_GUARDRAILS_SQL = `SELECT "id", "modelId", "paused" FROM "Guardrail" WHERE "workspaceId" = ?`;
const HEALTH_STATES_SQL = `SELECT s."guardrailId", s."state" FROM "GuardrailState" s JOIN "Guardrail" g ON g."id" = s."guardrailId" WHERE g."workspaceId" = ?`;
const HEALTH_INCIDENTS_SQL = `SELECT "modelId", "redLine", count(*) AS "n" FROM "Incident" WHERE "workspaceId" = ? AND "openKey" IS NOT NULL GROUP BY "modelId", "redLine"`;
// the newest finished run of each model (index workspaceId, modelId, status, createdAt)
const FINISHED = `('succeeded', 'failed')`;
const LATEST_FINISHED_SQL = `SELECT r."id", r."modelId", r."status", r."resultStatus", r."finishedAt", r."createdAt", n."title"
  FROM "Run" r JOIN "Notebook" n ON n."id" = r."notebookId"
  WHERE r."workspaceId" = ? AND r."status" IN ${FINISHED}
    AND r."createdAt" = (SELECT max(x."createdAt") FROM "Run" x WHERE x."workspaceId" = r."workspaceId" AND x."modelId" = r."modelId" AND x."status" IN ${FINISHED})
  ORDER BY r."id" ASC`;

/** Owner team and tags JSON of every model of the workspace. */
export function modelFacetRows(db: SqlRunner, workspaceId: string): Promise<{ ownerTeam: string; tags: string }[]> {
  return db.all(FACETS_SQL, [workspaceId]);
}

/** The workspace's guardrails (paused or not, with their states) and its open incidents counted per model and red line. */
export async function healthRows(db: SqlRunner, workspaceId: string): Promise<HealthRows> {
  const [guardrails, states, incidents] = await Promise.all([
    db.all<{ id: string; modelId: string; paused: boolean | number }>(HEALTH_GUARDRAILS_SQL, [workspaceId]),
    db.all<{ guardrailId: string; state: string }>(HEALTH_STATES_SQL, [workspaceId]),
    db.all<{ modelId: string; redLine: boolean | number; n: number | string }>(HEALTH_INCIDENTS_SQL, [workspaceId]),
  ]);
  const statesOf = groupRows(states, (s) => s.guardrailId, (s) => ({ state: s.state }));
  return {
    guardrails: guardrails.map((g) => ({ modelId: g.modelId, paused: Boolean(g.paused), states: statesOf.get(g.id) ?? [] })),
    incidents: incidents.map((i) => ({ modelId: i.modelId, redLine: Boolean(i.redLine), _count: { _all: Number(i.n) } })),
  };
}

/** The newest finished (succeeded or failed) run of each model of the workspace, with its notebook's title. */
export async function latestFinishedRuns(db: SqlRunner, workspaceId: string): Promise<FinishedRunRow[]> {
  const rows = await db.all<Omit<FinishedRunRow, "finishedAt" | "createdAt" | "notebook"> & { finishedAt: RawDate | null; createdAt: RawDate; title: string }>(
    LATEST_FINISHED_SQL,
    [workspaceId],
  );
  return rows.map(({ title, ...r }) => ({ ...r, finishedAt: r.finishedAt === null ? null : toDate(r.finishedAt), createdAt: toDate(r.createdAt), notebook: { title } }));
}

import type { SqlRunner } from "./sql-runner";
import { toDate, type RawDate } from "../../db/raw-date";

/**
 * What the notebook lists read (notebooks/service.ts notebookItems: the model page's notebook
 * section and the workspace's Notebooks page), in plain SQL; each answers what the Prisma query it
 * replaces answered.
 */
export interface NotebookListRow {
  id: string;
  title: string;
  description: string;
  template: string | null;
  revision: number;
  cells: string;
  scheduleCron: string | null;
  scheduleTz: string | null;
  schedulePaused: boolean;
  scheduleParameters: string | null;
  updatedAt: Date;
  createdAt: Date;
  model: { slug: string; name: string };
}

export interface LastRun {
  id: string;
  notebookId: string;
  status: string;
  resultStatus: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const byModel = (modelId: string | undefined) => (modelId === undefined ? "" : ` AND n."modelId" = ?`);

const notebooksSql = (modelId: string | undefined) => `SELECT n."id", n."title", n."description", n."template", n."revision", n."cells",
  n."scheduleCron", n."scheduleTz", n."schedulePaused", n."scheduleParameters", n."updatedAt", n."createdAt", m."slug" AS "m_slug", m."name" AS "m_name"
  FROM "Notebook" n JOIN "Model" m ON m."id" = n."modelId" WHERE n."workspaceId" = ?${byModel(modelId)} ORDER BY n."updatedAt" DESC`;
// the newest run of each of those notebooks (index notebookId, createdAt)
const lastRunsSql = (modelId: string | undefined) => `SELECT r."id", r."notebookId", r."status", r."resultStatus", r."createdAt", r."finishedAt"
  FROM "Run" r JOIN "Notebook" n ON n."id" = r."notebookId"
  WHERE n."workspaceId" = ?${byModel(modelId)} AND r."workspaceId" = ?
    AND r."createdAt" = (SELECT max(x."createdAt") FROM "Run" x WHERE x."workspaceId" = ? AND x."notebookId" = r."notebookId")
  ORDER BY r."id" ASC`;

type NotebookRow = Omit<NotebookListRow, "schedulePaused" | "updatedAt" | "createdAt" | "model"> & {
  schedulePaused: boolean | number;
  updatedAt: RawDate;
  createdAt: RawDate;
  m_slug: string;
  m_name: string;
};
type RunRow = Omit<LastRun, "createdAt" | "finishedAt"> & { createdAt: RawDate; finishedAt: RawDate | null };

/** The workspace's notebooks (of one model when given), most recently changed first, with their model's slug and name. */
export async function notebookList(db: SqlRunner, workspaceId: string, modelId: string | undefined): Promise<NotebookListRow[]> {
  const rows = await db.all<NotebookRow>(notebooksSql(modelId), modelId === undefined ? [workspaceId] : [workspaceId, modelId]);
  return rows.map(({ m_slug, m_name, ...n }) => ({
    ...n,
    schedulePaused: Boolean(n.schedulePaused),
    updatedAt: toDate(n.updatedAt),
    createdAt: toDate(n.createdAt),
    model: { slug: m_slug, name: m_name },
  }));
}

/** notebook id → its newest run (of two equally new, the last by id), for the same notebooks. */
export async function lastNotebookRuns(db: SqlRunner, workspaceId: string, modelId: string | undefined): Promise<Map<string, LastRun>> {
  const params = modelId === undefined ? [workspaceId, workspaceId, workspaceId] : [workspaceId, modelId, workspaceId, workspaceId];
  const rows = await db.all<RunRow>(lastRunsSql(modelId), params);
  return new Map(rows.map((r) => [r.notebookId, { ...r, createdAt: toDate(r.createdAt), finishedAt: r.finishedAt === null ? null : toDate(r.finishedAt) }]));
}

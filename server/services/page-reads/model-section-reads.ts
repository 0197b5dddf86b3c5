import type { AuditEvent } from "../../generated/prisma/client";
import type { SqlRunner } from "./sql-runner";
import { toDate, type RawDate } from "../../db/raw-date";

/**
 * The model page's smaller sections (runbooks panel, audit trail, who changed what), in plain SQL,
 * in the shapes of the Prisma queries they replace.
 */
export interface RunbookListRow {
  id: string;
  title: string;
  topic: string;
  revision: number;
  updatedBy: string;
  updatedAt: Date;
}

const RUNBOOKS_SQL = `SELECT "id", "title", "topic", "revision", "updatedBy", "updatedAt" FROM "Runbook" WHERE "modelId" = ? ORDER BY "topic" ASC, "title" ASC`;
const AUDIT_SQL = `SELECT "id", "workspaceId", "modelId", "actorId", "actorLabel", "action", "changes", "createdAt" FROM "AuditEvent"
  WHERE "workspaceId" = ? AND "modelId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`;
const MEMBER_EMAILS_SQL = `SELECT u."id", u."email" FROM "user" u WHERE EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND m."workspaceId" = ?)`;

/** The model's runbooks by topic, then title. */
export async function runbookList(db: SqlRunner, modelId: string): Promise<RunbookListRow[]> {
  const rows = await db.all<Omit<RunbookListRow, "updatedAt"> & { updatedAt: RawDate }>(RUNBOOKS_SQL, [modelId]);
  return rows.map((r) => ({ ...r, updatedAt: toDate(r.updatedAt) }));
}

/** The model's newest `count` audit events (newest first; of equal times, the greater id first). */
export async function newestAuditEvents(db: SqlRunner, workspaceId: string, modelId: string, count: number): Promise<AuditEvent[]> {
  const rows = await db.all<Omit<AuditEvent, "createdAt"> & { createdAt: RawDate }>(AUDIT_SQL, [workspaceId, modelId, count]);
  return rows.map((r) => ({ ...r, createdAt: toDate(r.createdAt) }));
}

/** Id and email of every member of the workspace. */
export function memberEmailRows(db: SqlRunner, workspaceId: string): Promise<{ id: string; email: string }[]> {
  return db.all(MEMBER_EMAILS_SQL, [workspaceId]);
}

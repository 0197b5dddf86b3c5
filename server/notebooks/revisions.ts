/** A notebook's version history: every change is a revision; restoring writes a new one. */
import type { PrismaClient } from "../generated/prisma/client";
import { notFound } from "../domain/errors";
import type { Actor } from "../services/audit";
import { mutateNotebook, parseCells, parseDefaults, requireNotebook, viewCell } from "./service";

type Db = PrismaClient;

export async function listRevisions(db: Db, workspaceId: string, id: string, limit = 100) {
  await requireNotebook(db, workspaceId, id);
  const rows = await db.notebookRevision.findMany({
    where: { notebookId: id },
    orderBy: { revision: "desc" },
    take: limit,
    select: { revision: true, title: true, summary: true, authorId: true, authorLabel: true, createdAt: true, cells: true },
  });
  return rows.map(({ cells, ...r }) => ({ ...r, cellCount: (JSON.parse(cells) as unknown[]).length }));
}

export async function getRevision(db: Db, workspaceId: string, id: string, revision: number) {
  await requireNotebook(db, workspaceId, id);
  const row = await db.notebookRevision.findUnique({ where: { notebookId_revision: { notebookId: id, revision } } });
  if (!row) throw notFound(`Notebook "${id}" has no revision ${revision}.`);
  const cells = await Promise.all(parseCells(row.cells).map(viewCell));
  return { revision: row.revision, title: row.title, summary: row.summary, authorLabel: row.authorLabel, createdAt: row.createdAt, defaults: parseDefaults(row.defaults), cells };
}

/** Restores an earlier revision as a new revision (history is never rewritten). */
export async function restoreRevision(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, revision: number) {
  const row = await db.notebookRevision.findUnique({ where: { notebookId_revision: { notebookId: id, revision } } });
  if (!row) throw notFound(`Notebook "${id}" has no revision ${revision}.`);
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => ({
    state: { ...s, title: row.title, defaults: parseDefaults(row.defaults), cells: parseCells(row.cells) },
    summary: `restored revision ${revision}`,
  }));
}

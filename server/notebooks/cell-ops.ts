/** One cell at a time: add, edit, move, duplicate, delete — each a new notebook revision. */
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, notFound } from "../domain/errors";
import type { Actor } from "../services/audit";
import { mutateNotebook, newCellId, toCell } from "./service";
import type { Cell, CellInput } from "./types";

type Db = PrismaClient;

function cellIndex(cells: Cell[], cellId: string): number {
  const i = cells.findIndex((c) => c.id === cellId);
  if (i < 0) throw notFound(`No cell "${cellId}" in this notebook.`);
  return i;
}
function cellName(c: Cell): string {
  return c.type === "markdown" ? "markdown cell" : `${c.type} cell "${c.title ?? c.id}"`;
}

export function addCell(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, cell: CellInput, index?: number) {
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const added = toCell(cell);
    if (s.cells.some((c) => c.id === added.id)) added.id = newCellId();
    const cells = [...s.cells];
    cells.splice(index === undefined ? cells.length : Math.max(0, Math.min(index, cells.length)), 0, added);
    return { state: { ...s, cells }, summary: `added ${cellName(added)}` };
  });
}

export function updateCell(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, cellId: string, cell: CellInput) {
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const i = cellIndex(s.cells, cellId);
    const updated = toCell(cell, cellId);
    const cells = [...s.cells];
    cells[i] = updated;
    return { state: { ...s, cells }, summary: `edited ${cellName(updated)}` };
  });
}

export function moveCell(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, cellId: string, toIndex: number) {
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const i = cellIndex(s.cells, cellId);
    const cells = [...s.cells];
    const [cell] = cells.splice(i, 1);
    cells.splice(Math.max(0, Math.min(toIndex, cells.length)), 0, cell!);
    return { state: { ...s, cells }, summary: `moved ${cellName(cell!)} to position ${Math.min(toIndex, cells.length - 1) + 1}` };
  });
}

export function duplicateCell(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, cellId: string) {
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const i = cellIndex(s.cells, cellId);
    const copy = structuredClone(s.cells[i]!);
    copy.id = newCellId();
    if (copy.type !== "markdown" && copy.title) copy.title = `${copy.title} (copy)`;
    const cells = [...s.cells];
    cells.splice(i + 1, 0, copy);
    return { state: { ...s, cells }, summary: `duplicated ${cellName(s.cells[i]!)}` };
  });
}

export function deleteCell(db: Db, workspaceId: string, actor: Actor, id: string, expectedRevision: number, cellId: string) {
  return mutateNotebook(db, workspaceId, actor, id, expectedRevision, (s) => {
    const i = cellIndex(s.cells, cellId);
    const dependents = s.cells.filter((c) => c.type === "chart" && c.sourceCellId === cellId);
    if (dependents.length)
      throw badRequest(
        `Chart ${dependents.map((c) => `"${c.type === "chart" ? (c.title ?? c.id) : c.id}"`).join(", ")} draws this cell; delete or repoint ${dependents.length > 1 ? "them" : "it"} first.`,
      );
    const cells = [...s.cells];
    const [removed] = cells.splice(i, 1);
    return { state: { ...s, cells }, summary: `deleted ${cellName(removed!)}` };
  });
}

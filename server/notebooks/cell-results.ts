/**
 * Each cell's latest result, for the notebook page and GET /api/v1/notebooks/{id}: the newest
 * finished RunCell of the cell across the notebook's runs (full or partial), the run it came from,
 * whether it is stale (and why), how many predictions arrived since, and a run still computing it.
 *
 * Bounded: the notebook's newest runs are scanned in pages (cell statuses only, no results) up to
 * SCAN_RUNS runs or until every cell is found; a cell still missing gets one lookup on the
 * (cellId, finishedAt) index; then only the chosen results are read.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { predictionRepository } from "../predictions";
import { findEvaluator } from "./evaluation";
import type { RunParameters } from "./parameters";
import { parseCells, parseDefaults, requireNotebook } from "./service";
import { staleReasons } from "./stale";
import { cellType, drawsFrom, isFinal, type Cell, type ResolvedSelection, type Selection } from "./types";

type Db = PrismaClient;

const SCAN_RUNS = 60;
const PAGE = 20;

export interface CellLatestResult {
  runId: string;
  runCreatedAt: Date;
  trigger: string;
  /** the run computed only some cells */
  partial: boolean;
  parameters: RunParameters | null;
  status: string;
  resultStatus: string | null;
  pluginRef: string | null;
  config: Record<string, unknown>;
  selection: unknown;
  result: unknown;
  error: string | null;
  finishedAt: Date | null;
  durationMs: number | null;
}

export interface CellResultState {
  cellId: string;
  latest: CellLatestResult | null;
  /** a queued or running run that computes this cell now */
  pending: { runId: string; status: string } | null;
  stale: boolean;
  staleReasons: string[];
  /** predictions stored since the result was computed (for its versions); null without a result */
  newPredictions: number | null;
}

interface Snapshot {
  defaults: Selection;
  cells: Cell[];
}

function versionsOf(selection: unknown): string[] {
  const s = selection as Partial<ResolvedSelection> & { a?: ResolvedSelection; b?: ResolvedSelection };
  if (s?.a && s?.b) return [...new Set([...s.a.versions, ...s.b.versions])];
  return s?.versions ?? [];
}

export async function notebookCellResults(db: Db, workspaceId: string, notebookId: string): Promise<CellResultState[]> {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const cells = parseCells(nb.cells).filter((c) => cellType(c.type).run !== "static");
  const wanted = new Set(cells.map((c) => c.id));
  const found = new Map<string, { runCellId: string; runId: string }>();
  const pending = new Map<string, { runId: string; status: string }>();

  for (let skip = 0; skip < SCAN_RUNS && found.size < wanted.size; skip += PAGE) {
    const runs = await db.run.findMany({
      where: { notebookId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip,
      take: PAGE,
      select: { id: true, cells: { select: { id: true, cellId: true, status: true } } },
    });
    for (const run of runs) {
      for (const c of run.cells) {
        if (!wanted.has(c.cellId) || found.has(c.cellId)) continue;
        if (!isFinal(c.status)) {
          if (!pending.has(c.cellId)) pending.set(c.cellId, { runId: run.id, status: c.status });
        } else if (c.status !== "cancelled") found.set(c.cellId, { runCellId: c.id, runId: run.id });
      }
    }
    if (runs.length < PAGE) break;
  }

  // Cells not computed in the recent runs (a notebook re-run one cell at a time): one indexed
  // lookup each, newest first, among this notebook's runs.
  for (const cellId of wanted) {
    if (found.has(cellId)) continue;
    const older = await db.runCell.findFirst({
      where: { cellId, status: { in: ["succeeded", "failed"] }, run: { notebookId } },
      orderBy: { finishedAt: "desc" },
      select: { id: true, runId: true },
    });
    if (older) found.set(cellId, { runCellId: older.id, runId: older.runId });
  }

  const [rows, runs] = await Promise.all([
    db.runCell.findMany({ where: { id: { in: [...found.values()].map((f) => f.runCellId) } } }),
    db.run.findMany({
      where: { id: { in: [...new Set([...found.values()].map((f) => f.runId))] } },
      select: { id: true, createdAt: true, trigger: true, cellIds: true, parameters: true, snapshot: true },
    }),
  ]);
  const rowByCell = new Map(rows.map((r) => [r.cellId, r]));
  const runById = new Map(
    runs.map((r) => [r.id, { ...r, snapshot: JSON.parse(r.snapshot) as Snapshot, parameters: r.parameters ? (JSON.parse(r.parameters) as RunParameters) : null }]),
  );
  const defaultsNow = parseDefaults(nb.defaults);
  const traffic = predictionRepository();

  const states = new Map<string, CellResultState>();
  for (const cell of cells) {
    const row = rowByCell.get(cell.id);
    const run = row ? runById.get(row.runId) : undefined;
    if (!row || !run) {
      states.set(cell.id, { cellId: cell.id, latest: null, pending: pending.get(cell.id) ?? null, stale: false, staleReasons: [], newPredictions: null });
      continue;
    }
    const pluginId = "pluginId" in cell ? cell.pluginId : undefined;
    const pinned = "pluginVersion" in cell ? cell.pluginVersion : undefined;
    const installed = pluginId && !pinned ? await findEvaluator(pluginId) : undefined;
    const reasons = staleReasons({
      before: run.snapshot.cells.find((c) => c.id === cell.id),
      beforeDefaults: run.snapshot.defaults,
      parameters: run.parameters,
      after: cell,
      afterDefaults: defaultsNow,
      ranPluginRef: row.pluginRef,
      pluginVersionNow: installed?.version ?? null,
    });
    const selection = JSON.parse(row.selection) as unknown;
    const newPredictions = row.finishedAt && cellType(cell.type).run === "compute" ? await traffic.countReceivedSince(nb.modelId, versionsOf(selection), row.finishedAt.getTime()) : null;
    states.set(cell.id, {
      cellId: cell.id,
      latest: {
        runId: run.id,
        runCreatedAt: run.createdAt,
        trigger: run.trigger,
        partial: run.cellIds !== null,
        parameters: run.parameters,
        status: row.status,
        resultStatus: row.resultStatus,
        pluginRef: row.pluginRef,
        config: JSON.parse(row.config) as Record<string, unknown>,
        selection,
        result: row.result ? (JSON.parse(row.result) as unknown) : null,
        error: row.error,
        finishedAt: row.finishedAt,
        durationMs: row.durationMs,
      },
      pending: pending.get(cell.id) ?? null,
      stale: reasons.length > 0,
      staleReasons: reasons,
      newPredictions,
    });
  }

  // A derived cell (chart) is stale when its source is, or when its source has a newer result.
  for (const cell of cells) {
    const source = drawsFrom(cell);
    const state = states.get(cell.id);
    const src = source ? states.get(source) : undefined;
    if (!state?.latest || !src?.latest) continue;
    if (src.latest.runId !== state.latest.runId && src.latest.runCreatedAt > state.latest.runCreatedAt) state.staleReasons.push("its source cell has a newer result");
    if (src.stale) state.staleReasons.push("its source cell's result is stale");
    state.stale = state.staleReasons.length > 0;
  }
  return cells.map((c) => states.get(c.id)!);
}


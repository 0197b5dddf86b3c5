/**
 * Notebooks, runs, trends, schedules and queue health. Thin: zod input → server/notebooks services.
 * Every write that changes the notebook takes `expectedRevision` and answers CONFLICT when someone
 * else changed it first.
 */
import { promoteFromComparison } from "../../notebooks/promote";
import { z } from "zod";
import { editorProcedure, queryModel, router, viewerProcedure } from "../trpc";
import { byModel, ws } from "./inputs";
import { actorOf } from "./me";
import { createNotebook, createNotebookInput, deleteNotebook, getNotebook, listModelNotebooks, listWorkspaceNotebooks, saveNotebook, saveNotebookInput } from "../../notebooks/service";
import { addCell, deleteCell, duplicateCell, moveCell, updateCell } from "../../notebooks/cell-ops";
import { getRevision, listRevisions, restoreRevision } from "../../notebooks/revisions";
import { cancelRun, getRun, getRunStatus, listRuns, startRun } from "../../notebooks/runs";
import { trend } from "../../notebooks/trends";
import { clearSchedule, pauseSchedule, removeScheduler, resumeSchedule, setSchedule } from "../../notebooks/schedules";
import { describeSchedule, validateSchedule } from "../../notebooks/schedule-text";
import { queueHealth } from "../../notebooks/queue-health";
import { TEMPLATES } from "../../notebooks/templates";
import { cellInputSchema } from "../../notebooks/types";
import { notebookCellResults } from "../../notebooks/cell-results";
import { runParametersSchema, runRequestSchema } from "../../notebooks/parameters";

const nb = ws.extend({ notebookId: z.string().min(1) });
const nbRev = nb.extend({ expectedRevision: z.number().int().min(1) });
const cellInput = cellInputSchema;

export const notebookRouter = router({
  templates: viewerProcedure.input(ws).query(() => TEMPLATES),
  list: viewerProcedure.input(byModel).query(async ({ ctx, input }) => listModelNotebooks(ctx.reads, ctx.workspace.id, (await queryModel(ctx, input.modelSlug)).id)),
  /** Every notebook of the workspace, with its model's name (one read, not one per model). */
  listAll: viewerProcedure.input(ws).query(({ ctx }) => listWorkspaceNotebooks(ctx.reads, ctx.workspace.id)),
  get: viewerProcedure.input(nb).query(({ ctx, input }) => getNotebook(ctx.prisma, ctx.workspace.id, input.notebookId)),
  create: editorProcedure
    .input(ws.extend(createNotebookInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceSlug: _ws, ...data } = input;
      return createNotebook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), data);
    }),
  /** Autosave: title, description, defaults and/or the whole ordered cell list. */
  save: editorProcedure
    .input(nbRev.extend(saveNotebookInput.shape))
    .mutation(({ ctx, input }) => {
      const { workspaceSlug: _ws, notebookId, expectedRevision, ...data } = input;
      return saveNotebook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), notebookId, expectedRevision, data);
    }),
  delete: editorProcedure.input(nb).mutation(async ({ ctx, input }) => {
    const deleted = await deleteNotebook(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId);
    if (deleted.scheduleCron) await removeScheduler(input.notebookId).catch(() => {});
    return { id: deleted.id };
  }),
  addCell: editorProcedure
    .input(nbRev.extend({ cell: cellInput, index: z.number().int().min(0).optional() }))
    .mutation(({ ctx, input }) => addCell(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.cell, input.index)),
  updateCell: editorProcedure
    .input(nbRev.extend({ cellId: z.string().min(1), cell: cellInput }))
    .mutation(({ ctx, input }) => updateCell(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.cellId, input.cell)),
  moveCell: editorProcedure
    .input(nbRev.extend({ cellId: z.string().min(1), toIndex: z.number().int().min(0) }))
    .mutation(({ ctx, input }) => moveCell(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.cellId, input.toIndex)),
  duplicateCell: editorProcedure
    .input(nbRev.extend({ cellId: z.string().min(1) }))
    .mutation(({ ctx, input }) => duplicateCell(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.cellId)),
  deleteCell: editorProcedure
    .input(nbRev.extend({ cellId: z.string().min(1) }))
    .mutation(({ ctx, input }) => deleteCell(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.cellId)),

  history: viewerProcedure
    .input(nb.extend({ limit: z.number().int().min(1).max(500).default(100) }))
    .query(({ ctx, input }) => listRevisions(ctx.prisma, ctx.workspace.id, input.notebookId, input.limit)),
  revision: viewerProcedure
    .input(nb.extend({ revision: z.number().int().min(1) }))
    .query(({ ctx, input }) => getRevision(ctx.prisma, ctx.workspace.id, input.notebookId, input.revision)),
  restore: editorProcedure
    .input(nbRev.extend({ revision: z.number().int().min(1) }))
    .mutation(({ ctx, input }) => restoreRevision(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input.expectedRevision, input.revision)),

  /** Every cell, or only `cells` (a partial run: one cell, from here down), optionally with parameters. */
  run: editorProcedure
    .input(nb.extend(runRequestSchema.shape))
    .mutation(({ ctx, input }) =>
      startRun(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, { trigger: "manual", cellIds: input.cells, parameters: input.parameters }),
    ),
  /** Each cell's latest result (the run it came from), stale flag with reasons, new predictions since, a run computing it now. */
  cellResults: viewerProcedure.input(nb).query(({ ctx, input }) => notebookCellResults(ctx.prisma, ctx.workspace.id, input.notebookId)),
  cancelRun: editorProcedure.input(ws.extend({ runId: z.string().min(1) })).mutation(({ ctx, input }) => cancelRun(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.runId)),
  /** One run with per-cell status, results (per cohort, chart data), progress. Poll while status is queued/running. */
  /** Promote a paired comparison's candidate (side B) to production; the audit event links the run. */
  promote: editorProcedure
    .input(ws.extend({ runId: z.string().min(1), cellId: z.string().min(1) }))
    .mutation(({ ctx, input }) => promoteFromComparison(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.runId, input.cellId)),
  getRun: viewerProcedure.input(ws.extend({ runId: z.string().min(1) })).query(({ ctx, input }) => getRun(ctx.prisma, ctx.workspace.id, input.runId)),
  /** Light poll: status, progress and per-cell status (no results). */
  runStatus: viewerProcedure.input(ws.extend({ runId: z.string().min(1) })).query(({ ctx, input }) => getRunStatus(ctx.prisma, ctx.workspace.id, input.runId)),
  runs: viewerProcedure
    .input(nb.extend({ limit: z.number().int().min(1).max(100).default(20), cursor: z.string().optional() }))
    .query(({ ctx, input }) => listRuns(ctx.prisma, ctx.workspace.id, input.notebookId, { limit: input.limit, cursor: input.cursor })),
  /** A metric across past runs, per cohort (and column), with thresholds; without `metric`: the metrics available. */
  trend: viewerProcedure
    .input(nb.extend({ cellId: z.string().min(1), metric: z.string().optional(), column: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }))
    .query(({ ctx, input }) => trend(ctx.prisma, ctx.workspace.id, input.notebookId, input)),

  /** Preview a cron expression: words + next run times (no save). */
  describeSchedule: viewerProcedure
    .input(ws.extend({ cron: z.string().min(1).max(120), tz: z.string().min(1).max(64).default("UTC") }))
    .query(({ input }) => {
      validateSchedule(input.cron, input.tz);
      return describeSchedule(input.cron, input.tz, 5);
    }),
  setSchedule: editorProcedure
    .input(nb.extend({ cron: z.string().min(1).max(120), tz: z.string().min(1).max(64).default("UTC"), parameters: runParametersSchema.nullable().optional() }))
    .mutation(({ ctx, input }) => setSchedule(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId, input)),
  pauseSchedule: editorProcedure.input(nb).mutation(({ ctx, input }) => pauseSchedule(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId)),
  resumeSchedule: editorProcedure.input(nb).mutation(({ ctx, input }) => resumeSchedule(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId)),
  clearSchedule: editorProcedure.input(nb).mutation(({ ctx, input }) => clearSchedule(ctx.prisma, ctx.workspace.id, actorOf(ctx.user), input.notebookId)),

  queueHealth: viewerProcedure.input(ws).query(({ ctx }) => queueHealth(ctx.workspace.id)),
});

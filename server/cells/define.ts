/**
 * A cell type, declared once: its stored shape (zod), how a run treats it, what a report freezes of
 * it and how the report draws it. One folder per type under server/cells/, one line in
 * server/cells/index.ts. The editor side (React) is app/w/[workspace]/notebooks/_cells/<type>.tsx:
 * see ./README.md.
 *
 * Snapshot and HTML get their helpers (compaction, evaluation freezing, cohort tables, chart
 * figures, the card around a cell) as an argument, so cell types never import server/reports.
 */
import type { z } from "zod";
import type { RunInput } from "../reports/snapshot";
import type { SnapshotCell, SnapshotEvaluation } from "../reports/types";
import type { Selection, SelectionOverride } from "./selection-schema";

export type RunCellInput = RunInput["cells"][number];

export interface SnapshotKit {
  compact(value: unknown): unknown;
  /** an evaluator output as frozen in a report (arrays capped), or undefined when it is not one */
  evaluation(raw: unknown, label?: string): SnapshotEvaluation | undefined;
  /** the window, versions and reference a cell ran with count for the report's header */
  noteSelection(selection: unknown): void;
  /** an evaluator id@version the report lists; `ifNone` only when none is listed yet */
  notePlugin(ref: string, opts?: { ifNone?: boolean }): void;
}

export interface HtmlKit {
  esc(value: unknown): string;
  cohortTable(ev: SnapshotEvaluation, sideLabel?: string): string;
  /** the cell's charts as <figure>s ("" when it has none) */
  figures(cell: SnapshotCell): string;
  /** the standard card: heading, status badge, evaluator, figures, body, error */
  card(cell: SnapshotCell, figures: string, body: string): string;
  /** a metric's value in the report's one voice (units from the name: USD, ms, %) */
  formatMetric(metric: string, value: number | null | undefined): string;
  metricLabel(metric: string): string;
}

/** How a run treats the cell: done at start, a `notebookCell` job, or drawn when the run assembles. */
export type CellRunKind = "static" | "compute" | "derived";

/** What starting a run gives a cell type to build its RunCell row. */
export interface RunStartKit {
  now: Date;
  /**
   * The run's data selection for a cell: the notebook defaults (with the run's parameters) under
   * the cell's override, optionally adjusted (a comparison side), resolved to absolute times.
   */
  resolve(override: SelectionOverride | undefined, adjust?: (sel: Selection) => Selection): unknown;
  /** "id@version" of the evaluator a run would use (the pinned version, else the installed one) */
  pluginRef(pluginId: string, pinnedVersion?: string): Promise<string>;
}

/** A RunCell row as the run starts: finished already (static cells) or queued. */
export interface RunCellStart {
  status: "queued" | "succeeded";
  pluginRef?: string;
  /** what the cell runs with (JSON-stored on RunCell.config / .selection) */
  config?: unknown;
  selection?: unknown;
}

export interface CellTypeDefinition<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  type: T;
  /** the stored cell (with `type: z.literal(T)` and an `id`) */
  schema: S;
  run: CellRunKind;
  /** its RunCell row when a run starts */
  start(cell: z.infer<S>, kit: RunStartKit): RunCellStart | Promise<RunCellStart>;
  /** what the run page shows of the cell besides its result (markdown: its rendered, sanitized HTML) */
  runView?(cell: z.infer<S>): { html?: string };
  /** derived cells: the cell they draw from (a partial run that computes it draws this one again) */
  drawsFrom?(cell: z.infer<S>): string | undefined;
  /** derived cells: the result drawn from the source's result, given the stored RunCell.config */
  derive?(config: unknown, sourceResult: unknown): unknown;
  /** what a report freezes of a finished run's cell (base: id, type, title, status, plugin, error) */
  snapshot(cell: RunCellInput, base: SnapshotCell, kit: SnapshotKit): SnapshotCell;
  /** the cell in the report's HTML (app page, share page, HTML export, PDF) */
  html(cell: SnapshotCell, kit: HtmlKit): string;
}

/** Declares a cell type; checks that its schema's `type` is the type's own literal. */
export function defineCellType<T extends string, S extends z.ZodObject>(def: CellTypeDefinition<T, S>): CellTypeDefinition<T, S> {
  const literal = def.schema.shape.type as { def?: { values?: unknown[] } } | undefined;
  if (!literal?.def?.values?.includes(def.type)) throw new Error(`cell type "${def.type}": its schema's \`type\` must be z.literal("${def.type}")`);
  return def;
}

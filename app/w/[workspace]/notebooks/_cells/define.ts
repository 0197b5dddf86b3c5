/**
 * The notebook editor's side of a cell type: how it is labelled, created, summarised and edited.
 * One file per type in this folder plus one line in ./index.ts; the server side of the same type
 * (schema, how it runs, snapshot, report HTML) lives in server/cells/<type>/ — see
 * server/cells/README.md for why the two halves are apart (app/ reaches server/ only through tRPC).
 */
import type { ReactNode } from "react";
import type { CellView, EvaluatorInfo, NotebookView, Selection } from "../_components/types";

export type CellOf<T extends CellView["type"]> = Extract<CellView, { type: T }>;
export type ComputeCellView = CellOf<"evaluator" | "comparison">;

/** What a cell's summary and editor may use besides the cell. */
export interface CellContext {
  workspaceSlug: string;
  notebookId: string;
  evaluators: EvaluatorInfo[];
  model: NotebookView["model"];
  defaults: Selection;
  /** evaluator/comparison cells above this one, for cells that draw another cell */
  sources: { id: string; label: string }[];
  /** the cell's latest result (previews while editing) */
  lastResult?: unknown;
}

export interface NewCellContext {
  id: string;
  model: NotebookView["model"];
  evaluators: EvaluatorInfo[];
  /** the nearest evaluator/comparison cell above the insertion point */
  source: ComputeCellView | undefined;
}

/** A computed result as the run page and the notebook page draw it (a chart brings its source's result and config). */
export interface ResultProps {
  result: unknown;
  config: Record<string, unknown>;
  source?: { result: unknown; config: Record<string, unknown> };
}

// Method signatures (not function properties) on purpose: a definition for one cell type is then a
// definition for CellView, so the registry is a plain list without casts.
export interface CellTypeUI<C extends CellView = CellView> {
  type: C["type"];
  badge: "muted" | "plain" | "info";
  /** computes something in a run (evaluator, comparison): counts for "can run" and as a chart source */
  compute: boolean;
  /** needs a compute cell above it to be added */
  needsSource?: boolean;
  label(cell: C, evaluators: EvaluatorInfo[]): string;
  /** a new cell of this type, or why it cannot be added here */
  create(ctx: NewCellContext): C | string;
  /** the id of a cell this one depends on (it cannot be deleted while this one points at it) */
  dependsOn?(cell: C): string | undefined;
  /** takes what the server computed on save (rendered HTML, config issues) into the local cell */
  fromSaved?(local: C, saved: C): C;
  HeaderExtra?(props: { cell: C }): ReactNode;
  Summary(props: { cell: C; ctx: CellContext }): ReactNode;
  Editor(props: { cell: C; ctx: CellContext; onChange(cell: C): void }): ReactNode;
  /** its result (per-cohort tables, charts) — the same on the run page and under the cell; absent: the type computes nothing */
  Result?(props: ResultProps): ReactNode;
}

/** Declares a cell type's editor side (shape checked by the compiler; returned as is). */
export function defineCellUI<T extends CellView["type"]>(def: CellTypeUI<CellOf<T>>): CellTypeUI<CellOf<T>> {
  return def;
}

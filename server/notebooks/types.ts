/**
 * Notebook vocabulary (DESIGN §2) and the JSON shapes stored in Notebook.defaults / Notebook.cells /
 * RunCell.selection / RunCell.result. Everything stored as JSON is parsed with these schemas.
 */

// ── Data selection and cells: schemas in server/cells/ (one folder per cell type) ──

export * from "../cells/selection-schema";
export {
  CELL_TYPES,
  cellSchema,
  cellInputSchema,
  markdownCellSchema,
  evaluatorCellSchema,
  chartCellSchema,
  comparisonCellSchema,
  compareSideSchema,
  isComputeCell,
  cellType,
  drawsFrom,
  sideSelection,
  COMPUTE_CELL_TYPES,
  type Cell,
  type CellInput,
  type CellType,
  type MarkdownCell,
  type EvaluatorCell,
  type ComparisonCell,
  type ChartCell,
  type CompareSide,
  type RunStartKit,
} from "../cells";

// ── Runs ─────────────────────────────────────────────────────────────────────

export const RUN_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const PENDING_STATUSES = ["queued", "running"] as const;
export const FINAL_STATUSES = ["succeeded", "failed", "cancelled"] as const;
export type FinalRunStatus = (typeof FINAL_STATUSES)[number];
export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

export const RUN_TRIGGERS = ["manual", "api", "cli", "schedule"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/** A selection with every relative part turned into absolute times (stored on RunCell.selection). */
export interface ResolvedSelection {
  versions: string[];
  from: string;
  to: string;
  reference:
    | { kind: "baseline"; baselineId: string; baselineName: string }
    | { kind: "window"; from: string; to: string }
    /** asked for a baseline, but the model has none (or not the named one) */
    | { kind: "missing"; message: string }
    | { kind: "none" };
  cohortKeys: string[];
  minCohortSize: number;
}

/** Evaluation results (RunCell.result): one schema, in server/evaluation/result-schema.ts. */
export type { CohortResult, ComparisonOutput, EvaluationOutput } from "../evaluation/result-schema";

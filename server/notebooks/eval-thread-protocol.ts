import type { PairedComparisonOutput } from "../evaluation/result-schema";
import type { EvaluationOutput, ResolvedSelection } from "./types";

/** What the worker's main thread asks an evaluation thread to compute (structured-clone safe). */
export interface CellTask {
  taskId: number;
  workspaceId: string;
  modelId: string;
  pluginId: string;
  pluginVersion?: string;
  config: Record<string, unknown>;
  columns?: string[];
  selection: ResolvedSelection;
  /** a comparison plugin's cell: `selection` is side A, this is side B */
  comparison?: { b: ResolvedSelection; labels: { a: string; b: string } };
}

export type CellTaskReply =
  | { taskId: number; ok: true; output: EvaluationOutput | PairedComparisonOutput; durationMs: number }
  | { taskId: number; ok: false; message: string; unrecoverable: boolean };

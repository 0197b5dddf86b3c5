import type { FeatureContract, ModelContext } from "../../plugins/sdk";
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
  /** The model's feature contract (read by the main thread, so threads never load Prisma). */
  contract: FeatureContract;
  /** The model's settings evaluators may default from (economics), read by the main thread too. */
  model?: ModelContext;
  /** a comparison plugin's cell: `selection` is side A, this is side B */
  comparison?: { b: ResolvedSelection; labels: { a: string; b: string }; economics: { valuePerCorrect: number | null; costPerError: number | null } };
}

export type CellTaskReply =
  | { taskId: number; ok: true; output: EvaluationOutput | PairedComparisonOutput; durationMs: number }
  | { taskId: number; ok: false; message: string; unrecoverable: boolean };

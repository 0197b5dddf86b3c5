import type { FeatureContract } from "../../plugins/sdk";
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
}

export type CellTaskReply =
  | { taskId: number; ok: true; output: EvaluationOutput; durationMs: number }
  | { taskId: number; ok: false; message: string; unrecoverable: boolean };

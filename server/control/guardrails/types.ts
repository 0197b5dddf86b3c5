/**
 * Guardrail vocabulary (DESIGN §2): the fields a guardrail is made of, validated with zod. The
 * same schema serves the UI, the notebook's JSON and (later) the v1 API.
 */
import { z } from "zod";

export const GUARDRAIL_OPS = [">", ">=", "<", "<="] as const;
export type GuardrailOp = (typeof GUARDRAIL_OPS)[number];
export const SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const COHORT_MODES = ["all", "each"] as const;
export const ROLLBACK_MODES = ["off", "dry_run", "confirm", "automatic"] as const;
export type RollbackMode = (typeof ROLLBACK_MODES)[number];
export const GUARDRAIL_STATES = ["ok", "warning", "alert", "no_data", "paused", "flapping"] as const;
export type GuardrailStateName = (typeof GUARDRAIL_STATES)[number];
/** What one run says about one cohort, before flap control. */
export type Level = "ok" | "warning" | "alert" | "no_data";

export const guardrailFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(160),
  notebookId: z.string().min(1, "Pick the notebook that evaluates the metric"),
  cellId: z.string().min(1, "Pick the evaluator cell").max(64),
  metric: z.string().trim().min(1, "Metric is required").max(120),
  /** null: the cell-level metric; "*": every column (the worst counts); else one feature column */
  column: z.string().trim().min(1).max(120).nullable().default(null),
  cohortMode: z.enum(COHORT_MODES).default("all"),
  /** breach when `value op threshold` */
  op: z.enum(GUARDRAIL_OPS),
  warn: z.number().finite().nullable().default(null),
  fail: z.number().finite(),
  severity: z.enum(SEVERITIES).default("warning"),
  minSamples: z.number().int().min(0).max(100_000_000).default(0),
  requireSignificance: z.boolean().default(false),
  fireAfter: z.number().int().min(1).max(50).default(1),
  resolveAfter: z.number().int().min(1).max(50).default(2),
  flapWindow: z.number().int().min(4).max(50).default(10),
  flapThreshold: z.number().int().min(2).max(49).default(4),
  renotifyMinutes: z.number().int().min(5).max(7 * 24 * 60).nullable().default(null),
  paused: z.boolean().default(false),
  runbookIds: z.array(z.string().min(1)).max(20).default([]),
  rollbackMode: z.enum(ROLLBACK_MODES).default("off"),
  rollbackUrl: z.string().trim().max(2000).nullable().default(null),
  /** write-only: never returned; omit on update to keep the stored one */
  rollbackSecret: z.string().min(16, "The signing secret needs at least 16 characters").max(200).nullable().optional(),
  rollbackTimeoutSeconds: z.number().int().min(1).max(60).default(10),
  rollbackCooldownMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
});
export type GuardrailFields = z.infer<typeof guardrailFieldsSchema>;
export type GuardrailInput = z.input<typeof guardrailFieldsSchema>;

/** A guardrail as the evaluator needs it (a Guardrail row has these fields). */
export interface GuardrailSpec {
  id: string;
  metric: string;
  column: string | null;
  cohortMode: string;
  op: string;
  warn: number | null;
  fail: number;
  minSamples: number;
  requireSignificance: boolean;
  fireAfter: number;
  resolveAfter: number;
  flapWindow: number;
  flapThreshold: number;
  paused: boolean;
}

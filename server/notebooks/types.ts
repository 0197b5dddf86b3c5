/**
 * Notebook vocabulary (DESIGN §2) and the JSON shapes stored in Notebook.defaults / Notebook.cells /
 * RunCell.selection / RunCell.result. Everything stored as JSON is parsed with these schemas.
 */
import { z } from "zod";

// ── Data selection ───────────────────────────────────────────────────────────

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** The current window: last N days, a fixed range, or everything since the notebook's last run. */
export const windowSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("lastDays"), days: z.number().min(1 / 24).max(366) }),
  z.object({ kind: z.literal("range"), from: isoDate, to: isoDate }),
  z.object({
    kind: z.literal("sinceLastRun"),
    /** used for the first run, when there is no earlier run */
    fallbackDays: z.number().min(1 / 24).max(366).default(7),
  }),
]);
export type WindowSpec = z.infer<typeof windowSpecSchema>;

/** What the current window is compared with. */
export const referenceSpecSchema = z.discriminatedUnion("kind", [
  /** a baseline dataset of the model: by id or name; neither = the newest baseline */
  z.object({ kind: z.literal("baseline"), baselineId: z.string().optional(), baselineName: z.string().optional() }),
  /** the window of the same length right before the current one */
  z.object({ kind: z.literal("precedingWindow") }),
  /** an earlier fixed window */
  z.object({ kind: z.literal("range"), from: isoDate, to: isoDate }),
  z.object({ kind: z.literal("none") }),
]);
export type ReferenceSpec = z.infer<typeof referenceSpecSchema>;

export const selectionSchema = z.object({
  /** model version labels; empty = the production version (or all versions when none is in production) */
  versions: z.array(z.string().min(1).max(64)).max(20).default([]),
  window: windowSpecSchema.default({ kind: "lastDays", days: 7 }),
  reference: referenceSpecSchema.default({ kind: "baseline" }),
  /** cohort attributes (or categorical features) to break results down by; `all` is always computed */
  cohortKeys: z.array(z.string().min(1).max(120)).max(10).default([]),
  minCohortSize: z.number().int().min(1).max(1_000_000).default(30),
});
export type Selection = z.infer<typeof selectionSchema>;
export const DEFAULT_SELECTION: Selection = selectionSchema.parse({});

/** A cell's override of the notebook defaults: any subset of the fields. */
export const selectionOverrideSchema = z
  .object({
    versions: z.array(z.string().min(1).max(64)).max(20),
    window: windowSpecSchema,
    reference: referenceSpecSchema,
    cohortKeys: z.array(z.string().min(1).max(120)).max(10),
    minCohortSize: z.number().int().min(1).max(1_000_000),
  })
  .partial();
export type SelectionOverride = z.infer<typeof selectionOverrideSchema>;

export function mergeSelection(defaults: Selection, override: SelectionOverride | undefined): Selection {
  if (!override) return defaults;
  const out: Selection = { ...defaults };
  for (const [k, v] of Object.entries(override)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

// ── Cells ────────────────────────────────────────────────────────────────────

export const CELL_TYPES = ["markdown", "evaluator", "chart", "comparison"] as const;
export type CellType = (typeof CELL_TYPES)[number];

const cellId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "cell ids are letters, digits, - and _");
const pluginIdSchema = z.string().min(1).max(120);
const configSchema = z.record(z.string(), z.unknown()).default({});

export const markdownCellSchema = z.object({
  id: cellId,
  type: z.literal("markdown"),
  source: z.string().max(100_000).default(""),
});

/** What evaluator and comparison cells share: the plugin, its config and the data selection. */
const evaluatorFields = {
  id: cellId,
  title: z.string().max(200).optional(),
  /** plugin id, e.g. "drift.psi" */
  pluginId: pluginIdSchema,
  /** pin a plugin version; unset = the installed version */
  pluginVersion: z.string().max(40).optional(),
  config: configSchema,
  /** feature columns to evaluate; unset = every feature of the contract (minus cohort keys) */
  columns: z.array(z.string().min(1).max(120)).max(500).optional(),
  selection: selectionOverrideSchema.optional(),
};

export const evaluatorCellSchema = z.object({ ...evaluatorFields, type: z.literal("evaluator") });

export const compareSideSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("version"), version: z.string().min(1).max(64), label: z.string().max(80).optional() }),
  z.object({ kind: z.literal("window"), window: windowSpecSchema, label: z.string().max(80).optional() }),
]);
export type CompareSide = z.infer<typeof compareSideSchema>;

export const comparisonCellSchema = z.object({
  ...evaluatorFields,
  type: z.literal("comparison"),
  /** the same evaluator on A and on B (two versions or two windows), side by side */
  a: compareSideSchema,
  b: compareSideSchema,
});

export const chartCellSchema = z.object({
  id: cellId,
  type: z.literal("chart"),
  title: z.string().max(200).optional(),
  /** an earlier evaluator or comparison cell */
  sourceCellId: cellId,
  /** metric to plot (e.g. "psi", "auc"); unset = the evaluator's chart data */
  metric: z.string().max(120).optional(),
  /** feature column for per-column metrics */
  column: z.string().max(120).optional(),
  mark: z.enum(["auto", "bar", "line", "dot"]).default("auto"),
});

export const cellSchema = z.discriminatedUnion("type", [markdownCellSchema, evaluatorCellSchema, chartCellSchema, comparisonCellSchema]);
export type Cell = z.infer<typeof cellSchema>;
export type MarkdownCell = z.infer<typeof markdownCellSchema>;
export type EvaluatorCell = z.infer<typeof evaluatorCellSchema>;
export type ComparisonCell = z.infer<typeof comparisonCellSchema>;
export type ChartCell = z.infer<typeof chartCellSchema>;

/** A cell as given by a client (its id is optional: the server assigns one). */
export const cellInputSchema = z.discriminatedUnion("type", [
  markdownCellSchema.extend({ id: cellId.optional() }),
  evaluatorCellSchema.extend({ id: cellId.optional() }),
  chartCellSchema.extend({ id: cellId.optional() }),
  comparisonCellSchema.extend({ id: cellId.optional() }),
]);
export type CellInput = z.input<typeof cellInputSchema>;

export function isComputeCell(c: Cell): c is EvaluatorCell | ComparisonCell {
  return c.type === "evaluator" || c.type === "comparison";
}

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

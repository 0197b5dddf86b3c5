/**
 * The data selection a computing cell runs on (notebook defaults, a cell's override) and the field
 * schemas cell types share. Stored as JSON on Notebook.defaults / Notebook.cells.
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

// ── Shared cell fields ───────────────────────────────────────────────────────

export const cellIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "cell ids are letters, digits, - and _");
const pluginIdSchema = z.string().min(1).max(120);
const configSchema = z.record(z.string(), z.unknown()).default({});

/** What evaluator and comparison cells share: the plugin, its config and the data selection. */
export const evaluatorFields = {
  id: cellIdSchema,
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

/**
 * Notebook parameters: the data-selection defaults, overridden for one run (API, schedule). A
 * window may be written as words ("last 14 days", "last 12 hours", "since last run") or as the
 * stored window object. What a run was given is recorded on Run.parameters.
 */
import { z } from "zod";
import { describeReference, describeWindow } from "../format/selection";
import { cellIdSchema, referenceSpecSchema, windowSpecSchema, type Selection, type WindowSpec } from "./types";

const UNIT_DAYS: Record<string, number> = { hour: 1 / 24, day: 1, week: 7 };

/** "last 14 days" → { kind: "lastDays", days: 14 }; null when the words are not a window. */
export function parseWindowText(text: string): WindowSpec | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (t === "since last run" || t === "since the last run") return { kind: "sinceLastRun", fallbackDays: 7 };
  const m = /^(?:last |past )?(\d+(?:\.\d+)?) ?(hour|day|week)s?$/.exec(t) ?? /^(?:last|past) (hour|day|week)$/.exec(t);
  if (!m) return null;
  const [n, unit] = m.length === 3 ? [Number(m[1]), m[2]!] : [1, m[1]!];
  const days = n * UNIT_DAYS[unit]!;
  const parsed = windowSpecSchema.safeParse({ kind: "lastDays", days });
  return parsed.success ? parsed.data : null;
}

const WINDOW_HELP = 'write "last 14 days", "last 12 hours", "last 2 weeks" or "since last run" (1 hour to 366 days), or a window object such as { "kind": "lastDays", "days": 14 }';

const windowParam = z.union(
  [
    z.string().transform((text, ctx) => {
      const w = parseWindowText(text);
      if (!w) {
        ctx.addIssue({ code: "custom", message: `"${text}" is not a window: ${WINDOW_HELP}.` });
        return z.NEVER;
      }
      return w;
    }),
    windowSpecSchema,
  ],
  { error: (issue) => (typeof issue.input === "string" ? `"${issue.input}" is not a window: ${WINDOW_HELP}.` : `not a window: ${WINDOW_HELP}.`) },
);

export const runParametersSchema = z
  .object({
    window: windowParam.optional(),
    versions: z.array(z.string().min(1).max(64)).max(20).optional(),
    reference: referenceSpecSchema.optional(),
    cohortKeys: z.array(z.string().min(1).max(120)).max(10).optional(),
    minCohortSize: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
export type RunParameters = z.output<typeof runParametersSchema>;
export type RunParametersInput = z.input<typeof runParametersSchema>;

/** The body of POST /api/v1/notebooks/{id}/runs (and the app's run buttons). */
export const runRequestSchema = z
  .object({
    cells: z.array(cellIdSchema).min(1).max(200).optional().describe("Only these cells (and the charts that draw them); default: every cell"),
    parameters: runParametersSchema.optional().describe('Override the notebook\'s data-selection defaults for this run, e.g. { "window": "last 14 days", "versions": ["v3.3"] }'),
  })
  .strict();
export type RunRequest = z.input<typeof runRequestSchema>;

/** The defaults a run uses: the notebook's, with the run's parameters on top. */
export function applyParameters(defaults: Selection, params: RunParameters | null | undefined): Selection {
  if (!params) return defaults;
  const out: Selection = { ...defaults };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export function isEmptyParameters(params: RunParameters | null | undefined): boolean {
  return !params || Object.values(params).every((v) => v === undefined);
}

// ── Words for selections (stale reasons, run headers) ────────────────────────

/** One selection field in words. */
export function describeSelectionField(key: keyof Selection, sel: Selection): string {
  switch (key) {
    case "window":
      return describeWindow(sel.window);
    case "reference":
      return describeReference(sel.reference);
    case "versions":
      return sel.versions.length ? sel.versions.join(", ") : "the production version";
    case "cohortKeys":
      return sel.cohortKeys.length ? sel.cohortKeys.join(", ") : "no cohorts";
    case "minCohortSize":
      return String(sel.minCohortSize);
  }
}

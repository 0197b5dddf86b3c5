import { z } from "zod";

/**
 * What becomes training data: the export policy of a model (saved on the model, shown next to its
 * feature contract) and the parameters of one export (a window plus the policy's fields, each
 * overriding the saved policy). One zod schema per shape; the v1 query, the CLI and the page use them.
 */

const cohortPair = /^([^=,]+)=([^,]*)$/;

/** `tier=strategic,region=eu` (a key twice: either value) → { tier: ["strategic"], region: ["eu"] }. */
export function parseCohortList(text: string | string[] | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const parts = (Array.isArray(text) ? text : [text ?? ""]).flatMap((t) => t.split(",")).map((s) => s.trim()).filter(Boolean);
  for (const part of parts) {
    const m = cohortPair.exec(part);
    if (!m) throw new Error(`"${part}" is not key=value`);
    (out[m[1]!.trim()] ??= []).push(m[2]!.trim());
  }
  return out;
}

export const cohortFilterSchema = z.record(z.string().min(1), z.array(z.string()).min(1));

export const exportPolicySchema = z.object({
  /** Versions to draw from (empty: every version); production's features win on a shared request. */
  versions: z.array(z.string().min(1)).default([]),
  cohort: cohortFilterSchema.default({}),
  labelledOnly: z.boolean().default(true),
  excludeDataQuality: z.boolean().default(true),
  /** Free text: why, and who owns the training set. */
  note: z.string().max(2000).default(""),
});
export type ExportPolicy = z.output<typeof exportPolicySchema>;
export const DEFAULT_POLICY: ExportPolicy = exportPolicySchema.parse({});

/** The stored policy (a JSON string on the model, or null) → the policy, defaults filled in. */
export function storedPolicy(json: string | null | undefined): { policy: ExportPolicy; saved: boolean } {
  if (!json) return { policy: DEFAULT_POLICY, saved: false };
  const parsed = exportPolicySchema.safeParse(JSON.parse(json));
  return parsed.success ? { policy: parsed.data, saved: true } : { policy: DEFAULT_POLICY, saved: false };
}

export const EXPORT_FORMATS = ["parquet", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const instant = (field: string) =>
  z
    .string({ error: `${field} is required: an ISO date or time (2026-10-01, 2026-10-01T12:00:00Z) or epoch ms` })
    .transform((s, ctx) => {
      const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
      if (!Number.isFinite(t)) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a date: use an ISO date or time (2026-10-01, 2026-10-01T12:00:00Z) or epoch ms` });
        return z.NEVER;
      }
      return t;
    });

const flag = (field: string, yes: string, no: string) =>
  z
    .enum([yes, no], { error: (i) => `Unknown ${field} "${String(i.input)}": use ${yes} or ${no}` })
    .transform((v) => v === yes)
    .optional();

/** GET /api/v1/models/{slug}/export?… — absent policy fields come from the model's saved policy. */
export const exportQuerySchema = z
  .object({
    from: instant("from").describe("Start of the window (inclusive): ISO date/time or epoch ms"),
    to: instant("to").describe("End of the window (exclusive): ISO date/time or epoch ms"),
    format: z
      .enum(EXPORT_FORMATS, { error: (i) => `Unknown format "${String(i.input)}": use parquet or csv` })
      .default("parquet")
      .describe("parquet (default) or csv"),
    versions: z
      .string()
      .optional()
      .transform((s) => (s === undefined ? undefined : s.split(",").map((v) => v.trim()).filter(Boolean)))
      .describe("Comma-separated version labels (default: the policy's, else every version)"),
    cohort: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (s === undefined) return undefined;
        try {
          return parseCohortList(s);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `${(e as Error).message}: use cohort=key=value,key2=value2` });
          return z.NEVER;
        }
      })
      .describe("Cohort filter: key=value pairs, comma-separated (a key twice: either value)"),
    labelled: flag("labelled", "only", "all").describe("only: rows with a label; all: every row (default: the policy's)"),
    dataQuality: flag("dataQuality", "exclude", "include").describe("exclude: drop rows violating the feature contract; include: keep them (default: the policy's)"),
  })
  .superRefine((q, ctx) => {
    if (q.from >= q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
  });
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** The policy an export runs with: the query's fields over the saved policy. */
export function effectivePolicy(saved: ExportPolicy, q: Partial<Pick<ExportQuery, "versions" | "cohort" | "labelled" | "dataQuality">>): ExportPolicy {
  return {
    ...saved,
    versions: q.versions ?? saved.versions,
    cohort: q.cohort ?? saved.cohort,
    labelledOnly: q.labelled ?? saved.labelledOnly,
    excludeDataQuality: q.dataQuality ?? saved.excludeDataQuality,
  };
}

import { z } from "zod";

/**
 * Per-model feature contract (DESIGN §2): drives schema and data-quality checks. This is the one
 * schema of a contract feature: the inventory validates edits with it, the CLI parses `--contract`
 * files with it, and every other shape (stored rows, the app's editor) is inferred from it.
 */
export const FEATURE_TYPES = ["numeric", "categorical", "boolean", "text"] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export function isFeatureType(value: string): value is FeatureType {
  return (FEATURE_TYPES as readonly string[]).includes(value);
}

export const featureSpecSchema = z
  .object({
    name: z.string().trim().min(1, "Feature name is required").max(120),
    type: z.enum(FEATURE_TYPES),
    /** A key feature (important for guardrails), not an entity key. */
    key: z.boolean().default(false),
    nullable: z.boolean().default(true),
    /** Absent (or null) = unbounded. */
    min: z.number().finite().nullable().optional(),
    max: z.number().finite().nullable().optional(),
    /** Absent, null or empty = any value. */
    categories: z.array(z.string().min(1)).max(10_000).nullable().optional(),
  })
  .superRefine((f, ctx) => {
    if (f.min != null && f.max != null && f.min > f.max)
      ctx.addIssue({ code: "custom", path: ["min"], message: `min (${f.min}) must not exceed max (${f.max})` });
    if (f.type !== "numeric" && (f.min != null || f.max != null))
      ctx.addIssue({ code: "custom", path: ["min"], message: "A range applies only to numeric features" });
    if (f.type !== "categorical" && f.categories?.length)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "Allowed categories apply only to categorical features" });
  });

export const featureContractSchema = z.object({ features: z.array(featureSpecSchema) });

/** A feature as parsed (defaults applied). */
export type FeatureSpec = z.infer<typeof featureSpecSchema>;
/** A feature as written by a caller (key and nullable may be left out). */
export type FeatureSpecInput = z.input<typeof featureSpecSchema>;
export type FeatureContract = z.infer<typeof featureContractSchema>;

export function contractFeature(contract: FeatureContract | undefined, name: string): FeatureSpec | undefined {
  return contract?.features.find((f) => f.name === name);
}

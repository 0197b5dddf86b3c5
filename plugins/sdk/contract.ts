import { z } from "zod";

/** Per-model feature contract (DESIGN §2): drives schema and data-quality checks. */
export const featureSpecSchema = z.object({
  name: z.string().min(1),
  type: z.enum(["numeric", "categorical", "boolean", "text"]),
  /** A key feature (important for guardrails), not an entity key. */
  key: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  categories: z.array(z.string()).optional(),
  nullable: z.boolean().default(true),
});

export const featureContractSchema = z.object({ features: z.array(featureSpecSchema) });

export type FeatureSpec = z.infer<typeof featureSpecSchema>;
export type FeatureContract = z.infer<typeof featureContractSchema>;

export function contractFeature(contract: FeatureContract | undefined, name: string): FeatureSpec | undefined {
  return contract?.features.find((f) => f.name === name);
}

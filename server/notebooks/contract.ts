import { prisma } from "../db/client";
import type { FeatureContract } from "../../plugins/sdk";

/** The model's feature contract in the plugin SDK's shape. */
export async function loadContract(modelId: string): Promise<FeatureContract> {
  const features = await prisma.featureContract.findMany({ where: { modelId }, orderBy: [{ position: "asc" }, { name: "asc" }] });
  return {
    features: features.map((f) => ({
      name: f.name,
      type: f.type as FeatureContract["features"][number]["type"],
      key: f.key,
      nullable: f.nullable,
      ...(f.min !== null ? { min: f.min } : {}),
      ...(f.max !== null ? { max: f.max } : {}),
      ...(f.categories ? { categories: JSON.parse(f.categories) as string[] } : {}),
    })),
  };
}

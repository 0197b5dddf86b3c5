import { prisma } from "../db/client";
import { contractFromStored } from "../domain/contract";
import type { FeatureContract } from "../../plugins/sdk";

/** The model's feature contract in the plugin SDK's shape. */
export async function loadContract(modelId: string): Promise<FeatureContract> {
  return contractFromStored(await prisma.featureContract.findMany({ where: { modelId }, orderBy: [{ position: "asc" }, { name: "asc" }] }));
}

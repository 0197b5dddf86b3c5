import { prisma } from "../db/client";
import { contractFromStored } from "../domain/contract";
import type { FeatureContract } from "../../plugins/sdk";

/** The model's feature contract in the plugin SDK's shape. */
export async function loadContract(modelId: string): Promise<FeatureContract> {
  return contractFromStored(await prisma.featureContract.findMany({ where: { modelId }, orderBy: [{ position: "asc" }, { name: "asc" }] }));
}

/** The model's business economics: USD per correct prediction and per error (null when not set). */
export async function loadEconomics(modelId: string): Promise<{ valuePerCorrect: number | null; costPerError: number | null }> {
  const m = await prisma.model.findUnique({ where: { id: modelId }, select: { valuePerCorrectUsd: true, costPerErrorUsd: true } });
  return { valuePerCorrect: m?.valuePerCorrectUsd ?? null, costPerError: m?.costPerErrorUsd ?? null };
}

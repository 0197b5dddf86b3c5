/** Comparison: the same evaluator on side A and side B (two versions or two windows), side by side. */
import { z } from "zod";
import { computeHtml, snapshotCompute } from "../compute";
import { defineCellType } from "../define";
import { evaluatorFields, windowSpecSchema } from "../selection-schema";

export const compareSideSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("version"), version: z.string().min(1).max(64), label: z.string().max(80).optional() }),
  z.object({ kind: z.literal("window"), window: windowSpecSchema, label: z.string().max(80).optional() }),
]);
export type CompareSide = z.infer<typeof compareSideSchema>;

export const comparisonCellSchema = z.object({
  ...evaluatorFields,
  type: z.literal("comparison"),
  a: compareSideSchema,
  b: compareSideSchema,
});

export const comparisonCell = defineCellType({
  type: "comparison",
  schema: comparisonCellSchema,
  run: "compute",
  snapshot: snapshotCompute,
  html: computeHtml,
});

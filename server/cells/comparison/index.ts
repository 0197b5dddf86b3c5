/** Comparison: the same evaluator on side A and side B (two versions or two windows), side by side. */
import { z } from "zod";
import { computeHtml, snapshotCompute, startCompute } from "../compute";
import { defineCellType } from "../define";
import { evaluatorFields, windowSpecSchema, type Selection } from "../selection-schema";

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

/** The data selection of one side: the cell's selection with that side's version or window. */
export function sideSelection(base: Selection, side: CompareSide): Selection {
  return side.kind === "version" ? { ...base, versions: [side.version] } : { ...base, window: side.window };
}

export const comparisonCell = defineCellType({
  type: "comparison",
  schema: comparisonCellSchema,
  run: "compute",
  start: (cell, kit) =>
    startCompute(cell, { a: kit.resolve(cell.selection, (s) => sideSelection(s, cell.a)), b: kit.resolve(cell.selection, (s) => sideSelection(s, cell.b)) }, kit),
  snapshot: snapshotCompute,
  html: computeHtml,
});

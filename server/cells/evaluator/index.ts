/** Evaluator: one plugin on the cell's data selection, a result per cohort (a `notebookCell` job). */
import { z } from "zod";
import { computeHtml, snapshotCompute, startCompute } from "../compute";
import { defineCellType } from "../define";
import { evaluatorFields } from "../selection-schema";

export const evaluatorCellSchema = z.object({ ...evaluatorFields, type: z.literal("evaluator") });

export const evaluatorCell = defineCellType({
  type: "evaluator",
  schema: evaluatorCellSchema,
  run: "compute",
  start: (cell, kit) => startCompute(cell, kit.resolve(cell.selection), kit),
  snapshot: snapshotCompute,
  html: computeHtml,
});

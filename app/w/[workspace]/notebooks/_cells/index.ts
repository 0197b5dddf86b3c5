/**
 * Every cell type the notebook editor knows, in the order "Add" offers them. Adding a type: one
 * file in this folder, one line here (and its server half in server/cells/).
 */
import type { CellView } from "../_components/types";
import { chartCellUI } from "./chart";
import { comparisonCellUI } from "./comparison";
import type { CellTypeUI } from "./define";
import { evaluatorCellUI } from "./evaluator";
import { markdownCellUI } from "./markdown";

export const CELL_UIS: readonly CellTypeUI[] = [markdownCellUI, evaluatorCellUI, chartCellUI, comparisonCellUI];

const byType = new Map(CELL_UIS.map((u) => [u.type, u]));

export function cellUI(type: CellView["type"]): CellTypeUI {
  const ui = byType.get(type);
  if (!ui) throw new Error(`No editor for cell type "${type}".`);
  return ui;
}

export function isComputeCell(cell: CellView): boolean {
  return cellUI(cell.type).compute;
}

export type { CellContext, CellTypeUI } from "./define";

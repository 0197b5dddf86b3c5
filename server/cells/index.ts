/**
 * Every cell type, in one list (like plugins/index.ts for evaluators). Adding a type: a folder
 * here with its defineCellType, one line in CELL_TYPE_LIST, and its editor in
 * app/w/[workspace]/notebooks/_cells/ (see README.md).
 */
import { z } from "zod";
import { chartCell, chartCellSchema } from "./chart";
import { comparisonCell, comparisonCellSchema } from "./comparison";
import type { CellTypeDefinition } from "./define";
import { evaluatorCell, evaluatorCellSchema } from "./evaluator";
import { markdownCell, markdownCellSchema } from "./markdown";
import { cellIdSchema } from "./selection-schema";

export const CELL_TYPE_LIST = [markdownCell, evaluatorCell, chartCell, comparisonCell] as const;

type List = typeof CELL_TYPE_LIST;
type Schemas = { -readonly [K in keyof List]: List[K]["schema"] };
type InputSchemas = { -readonly [K in keyof List]: ReturnType<List[K]["schema"]["extend"]> };

export const CELL_TYPES = CELL_TYPE_LIST.map((t) => t.type) as { -readonly [K in keyof List]: List[K]["type"] };
export type CellType = List[number]["type"];

/** A stored cell: the union of every type's schema. */
export const cellSchema = z.discriminatedUnion("type", CELL_TYPE_LIST.map((t) => t.schema) as Schemas);
export type Cell = z.infer<typeof cellSchema>;

/** A cell as given by a client (its id is optional: the server assigns one). */
export const cellInputSchema = z.discriminatedUnion("type", CELL_TYPE_LIST.map((t) => t.schema.extend({ id: cellIdSchema.optional() })) as InputSchemas);
export type CellInput = z.input<typeof cellInputSchema>;

export type MarkdownCell = z.infer<typeof markdownCellSchema>;
export type EvaluatorCell = z.infer<typeof evaluatorCellSchema>;
export type ComparisonCell = z.infer<typeof comparisonCellSchema>;
export type ChartCell = z.infer<typeof chartCellSchema>;

const byType = new Map<string, CellTypeDefinition>(CELL_TYPE_LIST.map((t) => [t.type, t]));

export function cellType(type: string): CellTypeDefinition {
  const def = byType.get(type);
  if (!def) throw new Error(`Unknown cell type "${type}".`);
  return def;
}

/** Cells that compute in a run (a `notebookCell` job each) — evaluator and comparison today. */
export function isComputeCell(c: Cell): c is EvaluatorCell | ComparisonCell {
  return cellType(c.type).run === "compute";
}

export { markdownCellSchema, evaluatorCellSchema, chartCellSchema, comparisonCellSchema };
export { compareSideSchema, type CompareSide } from "./comparison";
export type { CellTypeDefinition, HtmlKit, SnapshotKit } from "./define";

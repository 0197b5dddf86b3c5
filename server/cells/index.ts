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

function withOptionalId<S extends z.ZodObject>(schema: S) {
  return schema.extend({ id: cellIdSchema.optional() });
}
// Mapped over a type parameter, so the tuple stays a tuple (one entry per type, in list order).
type Types<L extends readonly unknown[]> = { -readonly [K in keyof L]: L[K] extends { type: infer T } ? T : never };
type Schemas<L extends readonly unknown[]> = { -readonly [K in keyof L]: L[K] extends { schema: infer S } ? S : never };
type InputSchemas<L extends readonly unknown[]> = { -readonly [K in keyof L]: L[K] extends { schema: infer S extends z.ZodObject } ? ReturnType<typeof withOptionalId<S>> : never };

function types<L extends readonly CellTypeDefinition[]>(list: L) {
  return list.map((t) => t.type) as Types<L>;
}
function schemas<L extends readonly CellTypeDefinition[]>(list: L) {
  return list.map((t) => t.schema) as Schemas<L>;
}
function inputSchemas<L extends readonly CellTypeDefinition[]>(list: L) {
  return list.map((t) => withOptionalId(t.schema)) as InputSchemas<L>;
}

export const CELL_TYPES = types(CELL_TYPE_LIST);
export type CellType = List[number]["type"];

/** A stored cell: the union of every type's schema. */
export const cellSchema = z.discriminatedUnion("type", schemas(CELL_TYPE_LIST));
export type Cell = z.infer<typeof cellSchema>;

/** A cell as given by a client (its id is optional: the server assigns one). */
export const cellInputSchema = z.discriminatedUnion("type", inputSchemas(CELL_TYPE_LIST));
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

/** The cell types a run computes as `notebookCell` jobs (stored RunCell.type values). */
export const COMPUTE_CELL_TYPES: string[] = CELL_TYPE_LIST.filter((t) => t.run === "compute").map((t) => t.type);

/** The cell a derived cell (a chart) draws from, or undefined. */
export function drawsFrom(c: Cell): string | undefined {
  const def = cellType(c.type);
  return def.drawsFrom?.(c as never);
}

export { markdownCellSchema, evaluatorCellSchema, chartCellSchema, comparisonCellSchema };
export { compareSideSchema, sideSelection, type CompareSide } from "./comparison";
export type { CellTypeDefinition, HtmlKit, RunCellStart, RunStartKit, SnapshotKit } from "./define";

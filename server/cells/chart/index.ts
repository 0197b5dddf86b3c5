/** Chart: a metric of an earlier evaluator/comparison cell, drawn when the run assembles. */
import { z } from "zod";
import type { SnapshotCell } from "../../reports/types";
import { defineCellType } from "../define";
import { cellIdSchema } from "../selection-schema";
import { buildChart, type ChartSpec } from "./draw";

export const chartCellSchema = z.object({
  id: cellIdSchema,
  type: z.literal("chart"),
  title: z.string().max(200).optional(),
  /** an earlier evaluator or comparison cell */
  sourceCellId: cellIdSchema,
  /** metric to plot (e.g. "psi", "auc"); unset = the evaluator's chart data */
  metric: z.string().max(120).optional(),
  /** feature column for per-column metrics */
  column: z.string().max(120).optional(),
  mark: z.enum(["auto", "bar", "line", "dot"]).default("auto"),
});

export const chartCell = defineCellType({
  type: "chart",
  schema: chartCellSchema,
  run: "derived",
  start: (cell) => ({ status: "queued", config: { sourceCellId: cell.sourceCellId, metric: cell.metric, column: cell.column, mark: cell.mark } }),
  drawsFrom: (cell) => cell.sourceCellId,
  derive: (config, source) => buildChart(source as Parameters<typeof buildChart>[0], config as ChartSpec),
  snapshot: (cell, base, kit) => {
    const r = cell.result as SnapshotCell["chart"] | null;
    if (r) base.chart = kit.compact({ sourceCellId: r.sourceCellId, metric: r.metric, column: r.column, mark: r.mark, points: r.points ?? [] }) as SnapshotCell["chart"];
    return base;
  },
  html: (cell, kit) => {
    const figures = kit.figures(cell);
    return kit.card(cell, figures, cell.chart && !figures ? `<p class="eb-meta">No data to chart.</p>` : "");
  },
});

/** What runs store besides evaluator output: the run summary; chart points are drawn by the chart cell type (server/cells/chart/draw.ts). */
export { buildChart, extractPoints, metricNames, sides, type ChartPoint, type ChartResult } from "../cells/chart/draw";

export interface RunSummary {
  cells: { succeeded: number; failed: number; cancelled: number };
  results: { pass: number; warn: number; fail: number; "n/a": number };
  failedCells: { cellId: string; error: string | null }[];
}

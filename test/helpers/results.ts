/**
 * Results shaped as the notebook runner stores them (`server/evaluation/result-schema.ts`), for the
 * fixtures of charts, reports and stale checks: the cohort "all" with its per-column results.
 */
export function cohortAll<M, C>(status: string, n: number, metrics: M, columns: C[]) {
  return { cohort: "all", status, n, metrics, columns };
}

/** A chart cell's stored result: one bar of `metric` per column of the cohort "all". */
export function barsOfAll(sourceCellId: string, metric: string, bars: [column: string, value: number, status: string][]) {
  return { sourceCellId, metric, column: null, mark: "bar", points: bars.map(([column, value, status]) => ({ cohort: "all", column, metric, value, status })) };
}

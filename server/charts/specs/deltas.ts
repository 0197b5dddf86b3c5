/** A two-sided (unpaired) comparison's differences: B − A and B / A per cohort and metric. */

/** The part of an evaluation (live result or report snapshot) the differences read. */
export interface SideLike {
  cohorts: { cohort: string; metrics?: Record<string, number | null | undefined> }[];
}

export interface MetricDelta {
  cohort: string;
  metric: string;
  a: number;
  b: number;
  delta: number;
  /** B / A; null when A is 0 */
  ratio: number | null;
}

const COUNTS = /^(n|n_.*|positives|negatives|tp|fp|tn|fn|classes|columns_tested)$/;

/** Every finite metric both sides report for the same cohort, in A's order (counts left out). */
export function comparisonDeltas(a: SideLike, b: SideLike): MetricDelta[] {
  const bByCohort = new Map(b.cohorts.map((c) => [c.cohort, c]));
  const out: MetricDelta[] = [];
  for (const ca of a.cohorts) {
    const cb = bByCohort.get(ca.cohort);
    if (!cb) continue;
    for (const [metric, va] of Object.entries(ca.metrics ?? {})) {
      if (COUNTS.test(metric) || !cb.metrics || !Object.hasOwn(cb.metrics, metric)) continue;
      const vb = cb.metrics[metric];
      if (typeof va !== "number" || typeof vb !== "number" || !Number.isFinite(va) || !Number.isFinite(vb)) continue;
      out.push({ cohort: ca.cohort, metric, a: va, b: vb, delta: vb - va, ratio: va === 0 ? null : vb / va });
    }
  }
  return out;
}


/**
 * Counts that may rest on a sample — the one place for their wording (model page, inventory,
 * API, reports). A row logged at sample rate r stands for 1/r requests; when any row of what is
 * shown was sampled, counts, rates and totals are estimates and say so:
 * "≈ 1.2M requests/day, from a 5% sample".
 */

/** What a figure rests on: stored rows, the requests they stand for, and how many rows were sampled (rate < 1). */
export interface SampleBasis {
  rows: number;
  requests: number;
  sampledRows: number;
}

export function isEstimated(s: SampleBasis): boolean {
  return s.sampledRows > 0;
}

/** Share of requests stored: rows / requests (1 when nothing was sampled). */
export function sampleShare(s: SampleBasis): number {
  return s.requests > 0 ? Math.min(1, s.rows / s.requests) : 1;
}

/** 1.2M, 12.3k, 950 — for estimates, where more digits would claim a precision there is not. */
export function compactCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9)}B`;
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e4) return `${trim(n / 1e3)}k`;
  return Math.round(n).toLocaleString("en-US");
}

function trim(x: number): string {
  return (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, "");
}

/** "5%", "0.5%", "37%" */
export function percentText(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1).replace(/\.0$/, "") : p.toPrecision(1)}%`;
}

/** A count as shown: exact ("12,345") or an estimate ("≈ 12k"). */
export function countText(n: number, basis: SampleBasis): string {
  return isEstimated(basis) ? `≈ ${compactCount(n)}` : Math.round(n).toLocaleString("en-US");
}

/** "from a 5% sample", or "" when nothing was sampled. */
export function sampleNote(basis: SampleBasis): string {
  return isEstimated(basis) ? `from a ${percentText(sampleShare(basis))} sample` : "";
}

/** "≈ 1.2M requests/day, from a 5% sample" or "1,234 requests/day". */
export function estimateText(n: number, unit: string, basis: SampleBasis): string {
  const note = sampleNote(basis);
  return `${countText(n, basis)} ${unit}${note ? `, ${note}` : ""}`;
}

/** "rests on 12,345 rows" — the sample size a quality or drift figure is computed from. */
export function sampleSizeText(rows: number): string {
  return `rests on ${rows.toLocaleString("en-US")} ${rows === 1 ? "row" : "rows"}`;
}

/** "from a 5% sample: 4,812 logged rows" — what a result over a sampled window rests on; "" when nothing was sampled. */
export function sampleRowsNote(basis: SampleBasis): string {
  const note = sampleNote(basis);
  return note ? `${note}: ${basis.rows.toLocaleString("en-US")} logged ${basis.rows === 1 ? "row" : "rows"}` : "";
}

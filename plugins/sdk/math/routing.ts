/**
 * Tiered-routing what-if, replayed on paired traffic: the cheap version answers every request first
 * and escalates to the expensive one when its confidence is below t. For each t: the share
 * escalated, quality = mean(escalated ? correct_expensive : correct_cheap) and cost per request =
 * mean(cost_cheap + (escalated ? cost_expensive : 0)), with bootstrap percentile intervals over cells (segment of the confidence order × both versions'
 * correctness; a resample draws the cell counts from a multinomial, the cost sums per cell exactly or from
 * their normal limit — see cell-bootstrap.ts), O(cells) per resample.
 */
import { argsort, percentile, seededRandom } from "./paired";
import { CellResampler, type CellAggregate } from "./cell-bootstrap";

export interface RoutingRows {
  /** the cheap version's confidence per paired row (higher = surer) */
  confidence: Float64Array;
  correctCheap: Uint8Array;
  correctExpensive: Uint8Array;
  costCheap: Float64Array;
  costExpensive: Float64Array;
}

export interface RoutingPoint {
  /** escalate when confidence < t */
  t: number;
  escalated_share: number;
  quality: number;
  quality_low: number;
  quality_high: number;
  cost_per_request: number;
  cost_low: number;
  cost_high: number;
}

/**
 * Sweeps t over the quantiles of the cheap version's confidence (`steps` + 1 points, from never to
 * always escalating). O(n log n) for the sort, then O(n) per resample for every t at once.
 */
export function routingSweep(rows: RoutingRows, opts: { steps?: number; resamples?: number; seed?: number; alpha?: number } = {}): RoutingPoint[] {
  const n = rows.confidence.length;
  if (n === 0) return [];
  const steps = opts.steps ?? 20;
  const resamples = opts.resamples ?? 500;
  const alpha = opts.alpha ?? 0.05;
  const order = argsort(rows.confidence);
  // prefix k = escalate the k least confident rows; k at the quantiles, deduplicated by confidence ties
  const cuts: number[] = [];
  for (let s = 0; s <= steps; s++) {
    let k = Math.round((s / steps) * n);
    while (k > 0 && k < n && rows.confidence[order[k]] === rows.confidence[order[k - 1]]) k++;
    if (!cuts.includes(k)) cuts.push(k);
  }
  const tOf = (k: number) => (k === 0 ? rows.confidence[order[0]] : k >= n ? Infinity : rows.confidence[order[k]]);

  const evaluate = (w: (i: number) => number) => {
    let W = 0, q0 = 0, c0 = 0;
    for (let i = 0; i < n; i++) {
      const wi = w(i);
      W += wi;
      q0 += wi * rows.correctCheap[i];
      c0 += wi * rows.costCheap[i];
    }
    const quality = new Float64Array(cuts.length);
    const cost = new Float64Array(cuts.length);
    let dq = 0, dc = 0, j = 0, k = 0;
    for (let c = 0; c < cuts.length; c++) {
      for (; k < cuts[c]; k++) {
        const i = order[k];
        const wi = w(i);
        dq += wi * (rows.correctExpensive[i] - rows.correctCheap[i]);
        dc += wi * rows.costExpensive[i];
      }
      quality[j] = (q0 + dq) / W;
      cost[j++] = (c0 + dc) / W;
    }
    return { quality, cost };
  };
  const point = evaluate(() => 1);
  // Resampling over cells: segment between consecutive cuts × (cheap correct, expensive correct),
  // columns the two costs; a resample is a multinomial draw of the cell counts (see cell-bootstrap.ts).
  const segments = cuts.length + 1;
  const cell = new Int32Array(n);
  for (let k = 0, g = 0; k < n; k++) {
    while (g < cuts.length && k >= cuts[g]) g++;
    const i = order[k];
    cell[i] = g * 4 + (rows.correctCheap[i] ? 2 : 0) + (rows.correctExpensive[i] ? 1 : 0);
  }
  const sampler = new CellResampler({ k: segments * 4, cell, columns: [rows.costCheap, rows.costExpensive] });
  const agg: CellAggregate = { w: new Float64Array(segments * 4), s: new Float64Array(segments * 8) };
  const rand = seededRandom(opts.seed ?? 20240601);
  const qs = cuts.map(() => new Float64Array(resamples));
  const cs = cuts.map(() => new Float64Array(resamples));
  for (let r = 0; r < resamples; r++) {
    sampler.draw(rand, agg);
    let W = 0, q0 = 0, c0 = 0;
    for (let c = 0; c < segments * 4; c++) {
      W += agg.w[c];
      if (c & 2) q0 += agg.w[c];
      c0 += agg.s[c * 2];
    }
    // cut c escalates the rows of segments 0..c (segment g holds rows with cuts[g-1] ≤ k < cuts[g])
    let dq = 0, dc = 0;
    for (let c = 0; c < cuts.length; c++) {
      for (let cc = c * 4; cc < c * 4 + 4; cc++) {
        dq += agg.w[cc] * ((cc & 1) - ((cc & 2) >> 1));
        dc += agg.s[cc * 2 + 1];
      }
      qs[c][r] = (q0 + dq) / W;
      cs[c][r] = (c0 + dc) / W;
    }
  }
  return cuts.map((k, c) => {
    qs[c].sort();
    cs[c].sort();
    return {
      t: tOf(k),
      escalated_share: k / n,
      quality: point.quality[c],
      quality_low: percentile(qs[c], alpha / 2),
      quality_high: percentile(qs[c], 1 - alpha / 2),
      cost_per_request: point.cost[c],
      cost_low: percentile(cs[c], alpha / 2),
      cost_high: percentile(cs[c], 1 - alpha / 2),
    };
  });
}

/** The cheapest point whose quality reaches `target` (point estimate), or null. */
export function cheapestReaching(points: RoutingPoint[], target: number): RoutingPoint | null {
  let best: RoutingPoint | null = null;
  for (const p of points) if (p.quality >= target && (!best || p.cost_per_request < best.cost_per_request)) best = p;
  return best;
}

/**
 * Ranking statistics per query, averaged over queries.
 * ndcg@k follows sklearn.metrics.ndcg_score (linear gain, log2 discount, ties in scores
 * averaged; a query with no relevant item scores 0). mrr, precision@k and recall@k order
 * items by score descending, ties broken by input order; an item is relevant when label > 0.
 */

export interface RankingStats {
  ndcg: number;
  mrr: number;
  precision: number;
  recall: number;
  queries: number;
  /** Queries with no relevant item (recall undefined; counted as 0 in ndcg and mrr). */
  queriesWithoutRelevant: number;
}

function dcgTieAveraged(rel: number[], score: number[], k: number): number {
  // sklearn _tie_averaged_dcg
  const order = score.map((s, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  let dcg = 0;
  let pos = 0;
  let i = 0;
  while (i < order.length && pos < k) {
    let j = i;
    let gainSum = 0;
    while (j < order.length && score[order[j]] === score[order[i]]) {
      gainSum += rel[order[j]];
      j++;
    }
    const groupSize = j - i;
    const meanGain = gainSum / groupSize;
    for (let p = pos; p < Math.min(pos + groupSize, k); p++) dcg += meanGain / Math.log2(p + 2);
    pos += groupSize;
    i = j;
  }
  return dcg;
}

function idcg(rel: number[], k: number): number {
  const sorted = [...rel].sort((a, b) => b - a);
  let s = 0;
  for (let p = 0; p < Math.min(k, sorted.length); p++) s += sorted[p] / Math.log2(p + 2);
  return s;
}

export function queryStats(rel: number[], score: number[], k: number) {
  const ideal = idcg(rel, k);
  const ndcg = ideal === 0 ? 0 : dcgTieAveraged(rel, score, k) / ideal;
  const order = score.map((s, i) => i).sort((a, b) => score[b] - score[a] || a - b);
  let rr = 0;
  for (let p = 0; p < order.length; p++) {
    if (rel[order[p]] > 0) {
      rr = 1 / (p + 1);
      break;
    }
  }
  let hits = 0;
  for (let p = 0; p < Math.min(k, order.length); p++) if (rel[order[p]] > 0) hits++;
  const totalRel = rel.filter((r) => r > 0).length;
  return { ndcg, rr, precision: hits / k, recall: totalRel > 0 ? hits / totalRel : NaN, totalRel };
}

/** Group rows by query code and average the per-query statistics. */
export function rankingStats(query: Int32Array, rel: Float64Array, score: Float64Array, k: number): RankingStats {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < query.length; i++) {
    if (query[i] < 0 || rel[i] !== rel[i] || score[i] !== score[i]) continue;
    let g = groups.get(query[i]);
    if (!g) groups.set(query[i], (g = []));
    g.push(i);
  }
  let ndcg = 0;
  let mrr = 0;
  let prec = 0;
  let rec = 0;
  let recN = 0;
  let without = 0;
  for (const rows of groups.values()) {
    const s = queryStats(
      rows.map((i) => rel[i]),
      rows.map((i) => score[i]),
      k,
    );
    ndcg += s.ndcg;
    mrr += s.rr;
    prec += s.precision;
    if (s.totalRel > 0) {
      rec += s.recall;
      recN++;
    } else without++;
  }
  const q = groups.size;
  return {
    ndcg: q ? ndcg / q : NaN,
    mrr: q ? mrr / q : NaN,
    precision: q ? prec / q : NaN,
    recall: recN ? rec / recN : NaN,
    queries: q,
    queriesWithoutRelevant: without,
  };
}

/**
 * Ranking statistics for list-shaped rows: one row per request, the prediction a list of item ids
 * in rank order, the label the list of relevant (e.g. clicked) item ids. Binary relevance; an id
 * repeated in the prediction counts only at its first rank. Per request, then averaged:
 * ndcg@k = DCG@k / IDCG@k with DCG@k = Σ_{rank ≤ k, item relevant} 1/log2(rank+1) and
 * IDCG@k = Σ_{rank ≤ min(k, relevant items)} 1/log2(rank+1) (0 when no relevant item);
 * precision@k = hits in the top k / k; recall@k = hits in the top k / relevant items (requests
 * without relevant items excluded); mrr = 1/rank of the first relevant item (0 when none);
 * hit rate@k = share of requests with a relevant item in the top k.
 */

export interface ListRankingStats {
  ndcg: number;
  precision: number;
  recall: number;
  mrr: number;
  hitRate: number;
  requests: number;
  requestsWithoutRelevant: number;
}

export function listRequestStats(predicted: readonly string[], relevant: ReadonlySet<string>, k: number) {
  const seen = new Set<string>();
  let dcg = 0;
  let hits = 0;
  let rr = 0;
  for (let p = 0; p < predicted.length; p++) {
    const id = predicted[p];
    if (seen.has(id)) continue;
    seen.add(id);
    if (!relevant.has(id)) continue;
    if (rr === 0) rr = 1 / (p + 1);
    if (p < k) {
      dcg += 1 / Math.log2(p + 2);
      hits++;
    }
  }
  let ideal = 0;
  for (let p = 0; p < Math.min(k, relevant.size); p++) ideal += 1 / Math.log2(p + 2);
  return { ndcg: ideal === 0 ? 0 : dcg / ideal, precision: hits / k, recall: relevant.size > 0 ? hits / relevant.size : NaN, rr, hit: hits > 0 };
}

/** Requests whose prediction or label is null are skipped. */
export function listRankingStats(rows: Iterable<{ predicted: readonly string[] | null; relevant: readonly string[] | null }>, k: number): ListRankingStats {
  let n = 0;
  let ndcg = 0;
  let precision = 0;
  let recall = 0;
  let recallN = 0;
  let mrr = 0;
  let hits = 0;
  for (const row of rows) {
    if (!row.predicted || !row.relevant) continue;
    const s = listRequestStats(row.predicted, new Set(row.relevant), k);
    n++;
    ndcg += s.ndcg;
    precision += s.precision;
    mrr += s.rr;
    if (s.hit) hits++;
    if (s.recall === s.recall) {
      recall += s.recall;
      recallN++;
    }
  }
  return {
    ndcg: n ? ndcg / n : NaN,
    precision: n ? precision / n : NaN,
    recall: recallN ? recall / recallN : NaN,
    mrr: n ? mrr / n : NaN,
    hitRate: n ? hits / n : NaN,
    requests: n,
    requestsWithoutRelevant: n - recallN,
  };
}

/**
 * Recommender-system statistics over the top k of each query (Evidently's recsys set):
 * MAP@k, hit rate@k, catalogue coverage and popularity bias. Order: score descending, ties in
 * input order; an item is relevant when label > 0.
 */

export interface RecsysStats {
  /** mean over queries of AP@k = Σ_{i ≤ k} P@i·rel_i / min(k, relevant items); queries without relevant items count 0. */
  map: number;
  /** share of queries with at least one relevant item in the top k. */
  hitRate: number;
  /** distinct items recommended in some top k / distinct items in the data (the catalogue). */
  coverage: number;
  /** mean over queries of the mean popularity of the recommended items (ARP); popularity = share of queries in which the item is relevant. */
  arp: number;
  /** Gini index of how often each catalogue item is recommended (0 = evenly, → 1 = a few items get all). */
  gini: number;
  queries: number;
}

export function recsysStats(query: Int32Array, item: Int32Array, rel: Float64Array, score: Float64Array, k: number, catalogueSize: number): RecsysStats {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < query.length; i++) {
    if (query[i] < 0 || item[i] < 0 || rel[i] !== rel[i] || score[i] !== score[i]) continue;
    let g = groups.get(query[i]);
    if (!g) groups.set(query[i], (g = []));
    g.push(i);
  }
  const q = groups.size;
  const relevantIn = new Map<number, number>();
  for (const rows of groups.values()) for (const it of new Set(rows.filter((r) => rel[r] > 0).map((r) => item[r]))) relevantIn.set(it, (relevantIn.get(it) ?? 0) + 1);
  const recommended = new Map<number, number>();
  let ap = 0;
  let hits = 0;
  let arp = 0;
  for (const rows of groups.values()) {
    const order = [...rows].sort((a, b) => score[b] - score[a] || a - b);
    const top = order.slice(0, k);
    const totalRel = rows.filter((r) => rel[r] > 0).length;
    let found = 0;
    let sumP = 0;
    top.forEach((r, i) => {
      if (rel[r] > 0) {
        found++;
        sumP += found / (i + 1);
      }
      recommended.set(item[r], (recommended.get(item[r]) ?? 0) + 1);
    });
    if (totalRel > 0) ap += sumP / Math.min(k, totalRel);
    if (found > 0) hits++;
    arp += top.reduce((s, r) => s + (relevantIn.get(item[r]) ?? 0) / q, 0) / top.length;
  }
  // Gini over every catalogue item's recommendation count (items never recommended count 0)
  const counts = new Float64Array(catalogueSize);
  let c = 0;
  for (const v of recommended.values()) counts[c++] = v;
  counts.sort();
  let cum = 0;
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    cum += (i + 1) * counts[i];
    total += counts[i];
  }
  const m = counts.length;
  const gini = m > 1 && total > 0 ? (2 * cum) / (m * total) - (m + 1) / m : 0;
  return { map: q ? ap / q : NaN, hitRate: q ? hits / q : NaN, coverage: catalogueSize ? recommended.size / catalogueSize : NaN, arp: q ? arp / q : NaN, gini, queries: q };
}

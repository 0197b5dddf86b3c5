import { type CategoricalColumn, type Column, defineQualityEvaluator, listRankingStats, notApplicable, rankingStats, recsysStats, thresholdStatus, toCategorical, toNumeric, z } from "../../sdk";

export default defineQualityEvaluator({
  id: "quality.ranking",
  version: "1.0.0",
  title: "Ranking quality",
  description: [
    "One row per (query, item): the query id column, label = graded relevance, prediction = ranking score. Per query, then averaged over queries:",
    "ndcg_at_k = DCG@k / IDCG@k with linear gains and 1/log2(rank+1) discounts, tied scores averaged (sklearn ndcg_score; a query with no relevant item scores 0);",
    "mrr = mean of 1/rank of the first item with label > 0 (0 when none); precision_at_k = relevant items in the top k / k;",
    "recall_at_k = relevant items in the top k / relevant items (queries without relevant items excluded).",
    "Order for mrr/precision/recall: score descending, ties in input order.",
    "Recsys set (Evidently): map_at_k = mean over queries of Σ_{i ≤ k} P@i·rel_i / min(k, relevant items) (0 without relevant items); hit_rate_at_k = share of queries with a relevant item in the top k.",
    "With an item column (itemColumn, default item_id): coverage = distinct items in some top k / distinct items in the data; popularity_bias = mean over queries of the mean popularity",
    "of the top-k items (ARP), popularity = share of queries in which the item is relevant; recommendation_gini = Gini index of how often each item is recommended.",
    "shape = listPerRequest: one row per request, prediction = JSON array of item ids in rank order, label = JSON array of the relevant (e.g. clicked) ids; binary relevance, an id repeated in the prediction counts at its first rank only. Per request, then averaged:",
    "ndcg_at_k = Σ_{rank ≤ k, relevant} 1/log2(rank+1) / Σ_{rank ≤ min(k, relevant ids)} 1/log2(rank+1) (0 without relevant ids); precision_at_k = hits in the top k / k;",
    "recall_at_k = hits in the top k / relevant ids (requests without relevant ids excluded); mrr = 1/rank of the first relevant id (0 when none); hit_rate_at_k = share of requests with a hit in the top k.",
  ],
  tasks: ["ranking"],
  config: z.object({
    shape: z.enum(["rowPerItem", "listPerRequest"]).default("rowPerItem").describe("rowPerItem: one row per (query, item); listPerRequest: one row per request with JSON id lists"),
    queryColumn: z.string().default("query_id"),
    itemColumn: z.string().default("item_id").describe("item id column, for coverage and popularity bias"),
    k: z.number().int().min(1).max(1000).default(10),
    statusMetric: z.enum(["ndcg_at_k", "mrr", "precision_at_k", "recall_at_k", "map_at_k", "hit_rate_at_k"]).default("ndcg_at_k"),
    warnBelow: z.number().nullable().default(null),
    failBelow: z.number().nullable().default(null),
  }),
  evaluate({ current, config }) {
    if (config.shape === "listPerRequest") return evaluateLists(current.prediction, current.label, config);
    const q = current.features[config.queryColumn];
    if (!current.label || !current.prediction) return notApplicable("needs label (relevance) and prediction (score) columns");
    if (!q) return notApplicable(`query column ${config.queryColumn} not found`);
    const s = rankingStats(toCategorical(q).codes, toNumeric(current.label), toNumeric(current.prediction), config.k);
    const none = "no query with a scored item";
    if (s.queries === 0) return notApplicable(none, { ndcg_at_k: null, mrr: null, precision_at_k: null, recall_at_k: null });
    const reasons: Record<string, string> = {};
    if (!Number.isFinite(s.recall)) reasons.recall_at_k = "no query has a relevant item";
    const codes = toCategorical(q).codes;
    const item = current.features[config.itemColumn];
    const itemCodes = item ? toCategorical(item) : null;
    const r = recsysStats(codes, itemCodes?.codes ?? codes, toNumeric(current.label), toNumeric(current.prediction), config.k, itemCodes ? new Set(itemCodes.codes.filter((c) => c >= 0)).size : 0);
    if (!itemCodes) for (const m of ["coverage", "popularity_bias", "recommendation_gini"]) reasons[m] = `item column ${config.itemColumn} not found`;
    const metrics = {
      map_at_k: r.map,
      hit_rate_at_k: r.hitRate,
      coverage: itemCodes ? r.coverage : null,
      popularity_bias: itemCodes ? r.arp : null,
      recommendation_gini: itemCodes ? r.gini : null,
      ndcg_at_k: s.ndcg,
      mrr: s.mrr,
      precision_at_k: s.precision,
      recall_at_k: Number.isFinite(s.recall) ? s.recall : null,
      queries: s.queries,
      queries_without_relevant: s.queriesWithoutRelevant,
      k: config.k,
    };
    return { status: thresholdStatus(metrics[config.statusMetric], { warn: config.warnBelow, fail: config.failBelow }, false), metrics, reasons };
  },
});

type Config = { k: number; statusMetric: "ndcg_at_k" | "mrr" | "precision_at_k" | "recall_at_k" | "map_at_k" | "hit_rate_at_k"; warnBelow: number | null; failBelow: number | null };

/** Decode each distinct dictionary entry once: a JSON array of ids, or the reason it is not one. */
function idLists(column: CategoricalColumn): (string[] | string)[] {
  return column.dictionary.map((text) => {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return `not JSON: ${text.slice(0, 60)}`;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string" || typeof x === "number")) return `not a JSON array of item ids: ${text.slice(0, 60)}`;
    return v.map(String);
  });
}

function evaluateLists(prediction: Column | undefined, label: Column | undefined, config: Config) {
  if (!prediction || !label) return notApplicable("needs label (JSON array of relevant ids) and prediction (JSON array of ids in rank order) columns");
  if (prediction.type !== "categorical" || label.type !== "categorical") return notApplicable("shape listPerRequest needs text prediction and label columns holding JSON arrays of item ids");
  const preds = idLists(prediction);
  const labels = idLists(label);
  const rows: { predicted: string[] | null; relevant: string[] | null }[] = [];
  for (let i = 0; i < prediction.codes.length; i++) {
    const p = prediction.codes[i] < 0 ? null : preds[prediction.codes[i]];
    const l = label.codes[i] < 0 ? null : labels[label.codes[i]];
    if (typeof p === "string") return notApplicable(`row ${i}: prediction is ${p}`);
    if (typeof l === "string") return notApplicable(`row ${i}: label is ${l}`);
    rows.push({ predicted: p, relevant: l });
  }
  const s = listRankingStats(rows, config.k);
  if (s.requests === 0) return notApplicable("no request with both a prediction and a label", { ndcg_at_k: null, mrr: null, precision_at_k: null, recall_at_k: null, hit_rate_at_k: null });
  if (config.statusMetric === "map_at_k") return notApplicable("map_at_k is not computed for shape listPerRequest; choose another statusMetric");
  const reasons: Record<string, string> = {};
  if (!Number.isFinite(s.recall)) reasons.recall_at_k = "no request has a relevant item";
  const metrics = {
    ndcg_at_k: s.ndcg,
    mrr: s.mrr,
    precision_at_k: s.precision,
    recall_at_k: Number.isFinite(s.recall) ? s.recall : null,
    hit_rate_at_k: s.hitRate,
    requests: s.requests,
    requests_without_relevant: s.requestsWithoutRelevant,
    k: config.k,
  };
  return { status: thresholdStatus(metrics[config.statusMetric], { warn: config.warnBelow, fail: config.failBelow }, false), metrics, reasons };
}

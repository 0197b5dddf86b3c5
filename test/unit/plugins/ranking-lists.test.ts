import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, listRankingStats, listRequestStats } from "@/plugins/sdk";
import qualityRanking from "@/plugins/builtin/quality.ranking";
import { generateDemoTraffic } from "@/server/demo/traffic";
import { DEMO_MODELS } from "@/server/demo/inventory";
import { DEMO_NOTEBOOKS } from "@/server/demo/notebooks";
import { run } from "./harness";

const DAY = 86_400_000;
const frameOf = (pred: (string | null)[], label: (string | null)[]) => createFrame({ features: {}, prediction: categoricalColumn(pred), label: categoricalColumn(label) });

describe("ranking over list-shaped rows (one row per request)", () => {
  it("NDCG@k, precision, recall, reciprocal rank of one request match hand computation", () => {
    // relevant at ranks 2 and 4 of 5; 3 relevant ids in all (one never recommended)
    const s = listRequestStats(["a", "b", "c", "d", "e"], new Set(["b", "d", "z"]), 5);
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const idcg = 1 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(s.ndcg).toBeCloseTo(dcg / idcg, 12); // (0.63093 + 0.43068) / (1 + 0.63093 + 0.5)
    expect(s.ndcg).toBeCloseTo(0.49819, 4);
    expect(s.precision).toBe(2 / 5);
    expect(s.recall).toBe(2 / 3);
    expect(s.rr).toBe(1 / 2);
    // k = 3 cuts off rank 4; the ideal has min(3, 3) positions
    expect(listRequestStats(["a", "b", "c", "d", "e"], new Set(["b", "d", "z"]), 3).ndcg).toBeCloseTo(1 / Math.log2(3) / idcg, 12);
  });

  it("a repeated id counts only at its first rank; a perfect list scores 1; no relevant ids scores 0", () => {
    expect(listRequestStats(["b", "b", "a"], new Set(["b"]), 3).ndcg).toBe(1);
    expect(listRequestStats(["x", "b", "b"], new Set(["b"]), 3).precision).toBe(1 / 3);
    expect(listRequestStats(["a", "b"], new Set(), 2)).toMatchObject({ ndcg: 0, rr: 0, hit: false });
  });

  it("averages per request; recall skips requests without relevant ids", () => {
    const s = listRankingStats(
      [
        { predicted: ["a", "b"], relevant: ["a"] },
        { predicted: ["a", "b"], relevant: [] },
        { predicted: ["a", "b"], relevant: null },
      ],
      2,
    );
    expect(s).toMatchObject({ ndcg: 0.5, mrr: 0.5, precision: 0.25, recall: 1, hitRate: 0.5, requests: 2, requestsWithoutRelevant: 1 });
  });

  it("quality.ranking shape listPerRequest reads JSON arrays and names the bad row", async () => {
    const ok = await run(qualityRanking, { current: frameOf(['["a","b","c"]', '["x","y"]'], ['["c"]', '["x"]']), config: { shape: "listPerRequest", k: 3, failBelow: 0.9 } });
    expect(ok.metrics!.ndcg_at_k).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(ok.metrics!.mrr).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(ok.metrics!.hit_rate_at_k).toBe(1);
    expect(ok.status).toBe("fail");
    const bad = await run(qualityRanking, { current: frameOf(['["a"]', "a"], ['["a"]', '["a"]']), config: { shape: "listPerRequest" } });
    expect(bad.status).toBe("n/a");
    expect(JSON.stringify(bad)).toMatch(/row 1: prediction is not JSON/);
  });

  it("the product-recs demo notebook's ranking cell yields a finite NDCG@10 on the demo traffic", async () => {
    const notebook = DEMO_NOTEBOOKS.find((n) => n.model === "product-recs")!;
    const cell = notebook.cells.find((c) => c.type === "evaluator" && c.pluginId === "quality.ranking") as { config: Record<string, unknown> };
    expect(cell.config).toMatchObject({ shape: "listPerRequest", k: 10 });
    const now = Date.UTC(2026, 0, 15);
    const g = generateDemoTraffic("product-recs", now);
    const labels = new Map(g.labels.map((l) => [l.requestId, l.value.text]));
    const rows = g.predictions.filter((p) => p.ts >= now - 12 * DAY && labels.has(p.requestId));
    expect(rows.length).toBeGreaterThan(1000);
    const r = await run(qualityRanking, { current: frameOf(rows.map((p) => p.predJson), rows.map((p) => labels.get(p.requestId)!)), config: cell.config });
    const ndcg = r.metrics!.ndcg_at_k as number;
    console.log(`product-recs demo NDCG@10 over ${rows.length} labelled requests (last 12 days): ${ndcg}; hit rate ${r.metrics!.hit_rate_at_k}; mrr ${r.metrics!.mrr}`);
    expect(Number.isFinite(ndcg)).toBe(true);
    expect(ndcg).toBeGreaterThan(0);
    expect(ndcg).toBeLessThan(1);
    expect(r.metrics!.requests).toBe(rows.length);
    // the cell's verdict and the model's NDCG SLO are the same line: never "pass" next to a breached SLO
    const slo = DEMO_MODELS.find((m) => m.slug === "product-recs")!.slos.find((s) => s.metric === "ndcg_at_k")!;
    expect(cell.config.failBelow).toBe(slo.target);
    expect(r.status).toBe(ndcg < slo.target ? "fail" : ndcg < (cell.config.warnBelow as number) ? "warn" : "pass");
  });
});

/** Pairing by request id and the comparison runner (the notebook cell and `evalbook compare` share it). */
import { describe, expect, it } from "vitest";
import { categoricalColumn, createFrame, mcnemar, numericColumn } from "@/plugins/sdk";
import { createBuiltinRegistry } from "@/plugins/index";
import { pairByRequest } from "@/server/evaluation/pairing";
import { runComparison } from "@/server/evaluation/compare-runner";
import { chartsForResult } from "@/server/charts/specs";

const registry = createBuiltinRegistry();

function frame(ids: string[], pred: number[], label?: (number | null)[], extra: { cost?: number[]; segment?: (string | null)[] } = {}) {
  return createFrame({
    requestId: categoricalColumn(ids),
    prediction: numericColumn(pred),
    label: label ? numericColumn(label.map((v) => (v === null ? NaN : v))) : undefined,
    costUsd: extra.cost ? Float64Array.from(extra.cost) : undefined,
    cohorts: extra.segment ? { segment: categoricalColumn(extra.segment) } : undefined,
  });
}

describe("pairByRequest", () => {
  it("pairs ids that share a hash bucket only when the strings are equal, and keeps A's row order", () => {
    // many ids, shuffled on B's side, some on one side only: every pair must carry the same id
    const n = 5000;
    const idsA = Array.from({ length: n }, (_, i) => `id-${i}`);
    const idsB = Array.from({ length: n }, (_, i) => `id-${(i * 7919) % n}`).filter((_, i) => i % 10 !== 3);
    idsB.push("only-b", "id-");
    const a = createFrame({ requestId: categoricalColumn(idsA), prediction: numericColumn(Float64Array.from(idsA, (_, i) => i)) });
    const b = createFrame({ requestId: categoricalColumn(idsB), prediction: numericColumn(Float64Array.from(idsB, (_, i) => i)) });
    const p = pairByRequest(a, b);
    expect(p.paired).toBe(idsB.length - 2);
    expect(p.onlyB).toBe(2);
    expect(p.onlyA).toBe(n - p.paired);
    const ra = p.a.requestId!;
    const rb = p.b.requestId!;
    for (let i = 0; i < p.paired; i++) expect(rb.dictionary[rb.codes[i]]).toBe(ra.dictionary[ra.codes[i]]);
    const order = Array.from((p.a.prediction as { values: Float64Array }).values);
    expect(order).toEqual([...order].sort((x, y) => x - y));
  });

  it("joins on request id; counts requests only one side answered and duplicates; labels come from A, B or the labels file", () => {
    const a = frame(["r1", "r2", "r3", "r4", "r2"], [0.9, 0.1, 0.8, 0.3, 0.5], [1, null, null, 0, 1]);
    const b = frame(["r3", "r5", "r1", "r2"], [0.2, 0.7, 0.6, 0.4], [1, 0, null, 0]);
    const labels = createFrame({ requestId: categoricalColumn(["r3", "r9"]), label: numericColumn([0, 1]) });
    const p = pairByRequest(a, b, labels);
    expect(p.paired).toBe(3);
    expect(p.onlyA).toBe(1); // r4
    expect(p.onlyB).toBe(1); // r5
    expect(p.duplicatesA).toBe(1); // second r2 (its first row is kept)
    expect(Array.from(p.a.requestId!.codes, (c) => p.a.requestId!.dictionary[c])).toEqual(["r1", "r2", "r3"]);
    expect(Array.from((p.a.prediction as { values: Float64Array }).values)).toEqual([0.9, 0.1, 0.8]);
    expect(Array.from((p.b.prediction as { values: Float64Array }).values)).toEqual([0.6, 0.4, 0.2]);
    // r1 from A, r2 from B (A's first r2 row has none), r3 from A? no: A has none, B says 1 — B wins over the file
    expect(Array.from((p.a.label as { values: Float64Array }).values)).toEqual([1, 0, 1]);
    expect(p.labelsFromFile).toBe(0);
  });

  it("labels arriving only in the labels file (before or without predictions carrying them) are used", () => {
    const a = frame(["x", "y"], [0.9, 0.2]);
    const b = frame(["y", "x"], [0.7, 0.4]);
    const labels = createFrame({ requestId: categoricalColumn(["y", "x", "z"]), label: numericColumn([1, 1, 0]) });
    const p = pairByRequest(a, b, labels);
    expect(p.labelsFromFile).toBe(2);
    expect(Array.from((p.b.label as { values: Float64Array }).values)).toEqual([1, 1]);
  });

  it("refuses sides without request ids with a clear message", () => {
    const a = createFrame({ prediction: numericColumn([1]) });
    expect(() => pairByRequest(a, frame(["r"], [1]))).toThrow(/version A has no request ids/);
  });
});

describe("runComparison with compare.binary", () => {
  // 400 requests; B is right on 40 more than A
  const n = 400;
  const ids = Array.from({ length: n }, (_, i) => `q${i}`);
  const y = ids.map((_, i) => (i % 2 ? 1 : 0));
  const aPred = y.map((v, i) => (i % 5 === 0 ? 1 - v : v) * 0.8 + 0.1);
  const bPred = y.map((v, i) => (i % 10 === 0 ? 1 - v : v) * 0.7 + 0.15);
  const segment = ids.map((_, i) => (i < 300 ? "web" : i < 390 ? "email" : null));
  const a = frame(ids, aPred, y, { cost: ids.map(() => 0.001), segment });
  // B answers in another order, has no segment for its rows (cohort from A), costs 10×
  const order = ids.map((_, i) => n - 1 - i);
  const b = frame(order.map((i) => ids[i]), order.map((i) => bPred[i]), order.map((i) => y[i]), { cost: order.map(() => 0.01) });

  const out = runComparison({ comparison: registry.resolveComparison("compare.binary"), a, b, cohortKeys: ["segment"], minCohortSize: 30, sideLabels: { a: "prod", b: "llm" } });

  it("pairs every request and reports per cohort and metric", () => {
    expect(out.pairing).toBe("paired");
    expect(out.paired).toBe(400);
    expect(out.only_a + out.only_b).toBe(0);
    expect(out.cohorts.map((c) => [c.cohort, c.n])).toEqual([["all", 400], ["email", 90], ["web", 300]]);
  });

  it("accuracy: McNemar on the same discordant pairs as the kernel; verdict better", () => {
    const acc = out.cohorts[0].metrics.find((m) => m.metric === "accuracy")!;
    const ca = Uint8Array.from(aPred, (p, i) => Number((p >= 0.5 ? 1 : 0) === y[i]));
    const cb = Uint8Array.from(bPred, (p, i) => Number((p >= 0.5 ? 1 : 0) === y[i]));
    const m = mcnemar(ca, cb, "mid-p");
    expect(acc.a).toBeCloseTo(0.8, 12);
    expect(acc.b).toBeCloseTo(0.9, 12);
    expect(acc.delta).toBeCloseTo(0.1, 12);
    expect(acc.p_value).toBeCloseTo(m.pValue, 14);
    expect(acc.test).toBe("McNemar mid-p");
    expect(acc.verdict).toBe("better");
    expect(acc.ci_low!).toBeGreaterThan(0);
  });

  it("cost per request is 10× with a worse verdict; cost per correct is reported", () => {
    const cost = out.cohorts[0].metrics.find((m) => m.metric === "cost_per_request")!;
    expect(cost.ratio).toBeCloseTo(10, 10);
    expect(cost.verdict).toBe("worse");
    const cpc = out.cohorts[0].metrics.find((m) => m.metric === "cost_per_correct")!;
    expect(cpc.a).toBeCloseTo(0.001 / 0.8, 12);
    expect(cpc.b).toBeCloseTo(0.01 / 0.9, 12);
    expect(out.status).toBe("fail"); // worse on cost on `all`
  });

  it("is deterministic (seeded bootstrap)", () => {
    const again = runComparison({ comparison: registry.resolveComparison("compare.binary"), a, b, cohortKeys: ["segment"], minCohortSize: 30, sideLabels: { a: "prod", b: "llm" } });
    expect(again).toEqual(out);
  });

  it("falls back to independent samples when the versions share no request, and says so", () => {
    const other = frame(ids.map((s) => `z${s}`), bPred, y);
    const r = runComparison({ comparison: registry.resolveComparison("compare.binary"), a, b: other });
    expect(r.pairing).toBe("unpaired");
    expect(r.notes?.join(" ")).toMatch(/share no request id/);
    expect(r.cohorts[0].metrics.find((m) => m.metric === "accuracy")!.test).toMatch(/unpaired/);
  });

  it("a no-clear-difference verdict says how many more pairs are needed", () => {
    // 8 requests A got right turn wrong (i % 50 = 1), 8 A got wrong turn right (i % 50 = 0): no difference
    const same = frame(ids, aPred.map((p, i) => (i % 50 <= 1 ? 1 - p : p)), y);
    const r = runComparison({ comparison: registry.resolveComparison("compare.binary"), a: frame(ids, aPred, y), b: same, config: { margins: { accuracy: 0.02 } } });
    const acc = r.cohorts[0].metrics.find((m) => m.metric === "accuracy")!;
    expect(acc.delta).toBe(0);
    expect(acc.verdict).toBe("no clear difference");
    expect(acc.margin).toBe(0.02);
    // se = √16/400 = 0.01 at n = 400 → n* = 400·0.01²·(2.8016/0.02)² ≈ 785
    expect(acc.more_needed).toBe(785 - 400);
  });
});

describe("tiered-routing what-if (compare.binary)", () => {
  // A (cheap, $0.001) is right when its score is far from 0.5 and wrong near it; B ($0.01) is right on 95%.
  const n = 1000;
  const ids = Array.from({ length: n }, (_, i) => `t${i}`);
  const y = ids.map((_, i) => i % 2);
  const dist = ids.map((_, i) => ((i * 37) % 100) / 200); // |score − 0.5| in [0, 0.495]
  const aPred = y.map((v, i) => (dist[i] < 0.1 ? (v ? 0.5 - dist[i] - 0.001 : 0.5 + dist[i]) : v ? 0.5 + dist[i] : 0.5 - dist[i] - 0.001));
  const bPred = y.map((v, i) => (i % 20 === 0 ? 1 - v : v) * 0.8 + 0.1);
  const a = frame(ids, aPred, y, { cost: ids.map(() => 0.001) });
  const b = frame(ids, bPred, y, { cost: ids.map(() => 0.01) });
  const out = runComparison({ comparison: registry.resolveComparison("compare.binary"), a, b });
  const routing = out.routing as Exclude<NonNullable<typeof out.routing>, { reason: string }>;

  it("sweeps from never to always escalating; the ends are the cheap version and cheap + expensive cost", () => {
    expect(routing.cheap).toBe("a");
    expect(routing.n).toBe(1000);
    const first = routing.points[0];
    const last = routing.points[routing.points.length - 1];
    expect(first.escalated_share).toBe(0);
    expect(first.quality).toBeCloseTo(routing.cheap_only.quality, 12);
    expect(first.cost_per_request).toBeCloseTo(0.001, 12);
    expect(last.escalated_share).toBe(1);
    expect(last.quality).toBeCloseTo(0.95, 12);
    expect(last.cost_per_request).toBeCloseTo(0.011, 12);
    for (const p of routing.points) {
      expect(p.quality_low).toBeLessThanOrEqual(p.quality + 1e-12);
      expect(p.quality_high).toBeGreaterThanOrEqual(p.quality - 1e-12);
    }
  });

  it("each point equals a direct replay of the rule “escalate when confidence < t”", () => {
    for (const p of routing.points) {
      let correct = 0, cost = 0, escalated = 0;
      for (let i = 0; i < n; i++) {
        const conf = Math.abs(aPred[i] - 0.5) / 0.5;
        const esc = p.t === null || conf < p.t;
        const right = esc ? (bPred[i] >= 0.5 ? 1 : 0) === y[i] : (aPred[i] >= 0.5 ? 1 : 0) === y[i];
        correct += Number(right);
        cost += 0.001 + (esc ? 0.01 : 0);
        escalated += Number(esc);
      }
      expect(p.escalated_share).toBeCloseTo(escalated / n, 12);
      expect(p.quality).toBeCloseTo(correct / n, 12);
      expect(p.cost_per_request).toBeCloseTo(cost / n, 12);
    }
  });

  it("picks the cheapest t keeping 90% of the gain", () => {
    const target = routing.cheap_only.quality + 0.9 * (0.95 - routing.cheap_only.quality);
    expect(routing.target).toBeCloseTo(target, 12);
    const reaching = routing.points.filter((p) => p.quality >= target);
    expect(routing.best!.cost_per_request).toBe(Math.min(...reaching.map((p) => p.cost_per_request)));
    expect(routing.best!.escalated_share).toBeLessThan(0.5);
  });

  it("draws the frontier first, then a forest of deltas per metric; the sentence names the chosen t", () => {
    const keys = chartsForResult(out).map((c) => c.key);
    expect(keys[0]).toBe("routing-frontier");
    expect(keys).toContain("forest:accuracy");
    expect(out.routing_text).toMatch(/^Tiered routing: A answers first and escalates below confidence t = [0-9.]+ \(distance of the score from the threshold 0.5\) to B: [0-9.]+% of traffic escalated/);
  });

  it("says why when the data cannot support it", () => {
    const noCost = runComparison({ comparison: registry.resolveComparison("compare.binary"), a: frame(ids, aPred, y), b: frame(ids, bPred, y) });
    expect(noCost.routing).toEqual({ reason: "needs cost_usd from both versions" });
    const few = runComparison({ comparison: registry.resolveComparison("compare.binary"), a: frame(ids.slice(0, 10), aPred.slice(0, 10), y.slice(0, 10), { cost: Array(10).fill(0.001) }), b: frame(ids.slice(0, 10), bPred.slice(0, 10), y.slice(0, 10), { cost: Array(10).fill(0.01) }) });
    expect(few.routing).toEqual({ reason: "too few labelled paired requests with scores and costs (10 < 30)" });
  });
});

/**
 * Test hooks for the worker's evaluation threads (EVALBOOK_TEST_HOOKS, NODE_ENV=test only):
 * evaluators that real plugins never are (slow, throwing) and a deterministic synthetic data
 * source, so the fault tests exercise orchestration — queues, workers, reconciler — not statistics.
 */
import { z } from "zod";
import { defineEvaluator } from "../../../plugins/sdk/define";
import { categoricalColumn, createFrame, numericColumn, type Frame } from "../../../plugins/sdk/frame";

function busyWait(ms: number) {
  const end = Date.now() + ms;
  // CPU-bound on purpose: runs in an evaluation thread, so the worker's lock renewal keeps going.
  while (Date.now() < end) Math.sqrt(Math.random());
}

function mean(values: Float64Array): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    s += v;
    n++;
  }
  return n ? s / n : null;
}

export const evaluators = [
  defineEvaluator({
    id: "test.mean",
    version: "1.0.0",
    kind: "metric",
    title: "Mean of each column (test)",
    description: "Arithmetic mean of every numeric feature; optional CPU-bound delay (ms) to keep a cell running.",
    appliesTo: { columns: "numeric" },
    needs: { baseline: false, labels: false },
    config: z.object({ delayMs: z.number().int().min(0).max(60_000).default(0), warn: z.number().default(60), fail: z.number().default(80) }),
    evaluate({ current, config, columns }) {
      if (config.delayMs) busyWait(config.delayMs);
      const cols = columns
        .filter((c) => current.features[c]?.type === "numeric")
        .map((c) => {
          const m = mean((current.features[c] as { values: Float64Array }).values);
          return { column: c, status: (m !== null && m >= config.fail ? "fail" : m !== null && m >= config.warn ? "warn" : "pass") as "pass" | "warn" | "fail", metrics: { mean: m } };
        });
      const status = cols.some((c) => c.status === "fail") ? "fail" : cols.some((c) => c.status === "warn") ? "warn" : "pass";
      return { status, metrics: { rows: current.length }, columns: cols, chart: { kind: "bars", values: cols.map((c) => c.metrics.mean) } };
    },
  }),
  defineEvaluator({
    id: "test.throws",
    version: "1.0.0",
    kind: "metric",
    title: "Always throws (test)",
    description: "Throws an error with a recognisable message.",
    appliesTo: {},
    needs: { baseline: false, labels: false },
    config: z.object({}),
    evaluate() {
      throw new Error("test.throws: the plugin blew up on purpose");
    },
  }),
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function synthetic(n: number, seed: number): Frame {
  const r = rng(seed);
  const amount = new Float64Array(n);
  const tier: string[] = [];
  for (let i = 0; i < n; i++) {
    amount[i] = 40 + r() * 20;
    tier.push(i % 3 === 0 ? "gold" : "basic");
  }
  return createFrame({ features: { amount: numericColumn(amount) }, cohorts: { tier: categoricalColumn(tier) } });
}

/**
 * One version's answers to requests r0…r399 for paired comparisons: v1 answers r0–r389 and is right
 * on 70% of them, v2 answers r10–r399 and is right on 85%; v2 costs 10× per request.
 */
function versionAnswers(version: string): Frame {
  const ids: string[] = [];
  const score: number[] = [];
  const label: number[] = [];
  const tier: string[] = [];
  const v2 = version === "v2";
  for (let i = v2 ? 10 : 0; i < (v2 ? 400 : 390); i++) {
    const y = i % 2;
    const right = v2 ? i % 20 >= 3 : i % 10 >= 3;
    ids.push(`r${i}`);
    label.push(y);
    score.push(right ? (y ? 0.8 : 0.2) : y ? 0.3 : 0.7);
    tier.push(i % 3 === 0 ? "gold" : "basic");
  }
  return createFrame({
    features: {},
    requestId: categoricalColumn(ids),
    prediction: numericColumn(score),
    label: numericColumn(label),
    costUsd: Float64Array.from(ids, () => (v2 ? 0.002 : 0.0002)),
    cohorts: { tier: categoricalColumn(tier) },
  });
}

export const dataSource = {
  loadWindow: ({ from, versions, includeRequestIds }: { from: Date; versions: string[]; includeRequestIds?: boolean }) =>
    includeRequestIds && versions.length === 1 ? versionAnswers(versions[0]) : synthetic(300, from.getTime() % 1000),
  loadBaseline: () => synthetic(300, 7),
};

/**
 * Building blocks for comparison plugins: row selection (paired: rows both versions can be scored
 * on; unpaired: each side's own), correctness vectors, and the cost/latency metrics every task
 * shares (cost per request, cost per correct prediction, net value per 1,000 requests, latency).
 */
import { z } from "zod";
import type { Frame } from "./frame";
import type { MetricSpec } from "./comparison";
import type { SideCells, SideTotals } from "./math/cell-bootstrap";

export interface Rows {
  a: Int32Array;
  b: Int32Array;
}

/** Rows usable for a metric: paired → where both sides are usable (one index array for both). */
export function selectRows(a: Frame, b: Frame, paired: boolean, okA: (i: number) => boolean, okB: (i: number) => boolean): Rows {
  const pick = (n: number, ok: (i: number) => boolean) => {
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (ok(i)) out[k++] = i;
    return out.subarray(0, k);
  };
  if (paired) {
    const both = pick(a.length, (i) => okA(i) && okB(i));
    return { a: both, b: both };
  }
  return { a: pick(a.length, okA), b: pick(b.length, okB) };
}

export function gather(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

export function gatherU8(values: Uint8Array, rows: Int32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

/** Mean of x over rows (all when null). */
export function meanOver(x: Float64Array | Uint8Array, rows: Int32Array | null): number {
  let s = 0;
  if (!rows) {
    for (let i = 0; i < x.length; i++) s += x[i];
    return s / x.length;
  }
  for (let i = 0; i < rows.length; i++) s += x[rows[i]];
  return s / rows.length;
}

/** Σnum / Σden over rows (all when null). */
export function ratioOver(num: Float64Array, den: Float64Array | Uint8Array, rows: Int32Array | null): number {
  let s = 0;
  let t = 0;
  if (!rows) {
    for (let i = 0; i < num.length; i++) {
      s += num[i];
      t += den[i];
    }
  } else
    for (let i = 0; i < rows.length; i++) {
      s += num[rows[i]];
      t += den[rows[i]];
    }
  return t > 0 ? s / t : NaN;
}

const finite = (x: Float64Array | undefined) => (i: number) => x !== undefined && Number.isFinite(x[i]);

export interface Economics {
  /** dollars gained per correct prediction (from the model's business metric) */
  valuePerCorrect?: number | null;
  /** dollars lost per wrong prediction */
  costPerError?: number | null;
}

/** `Economics` as config fields (unset by default), for comparisons that report net value. */
export const economicsConfigFields = {
  valuePerCorrect: z.number().nullable().default(null),
  costPerError: z.number().nullable().default(null),
};

/**
 * Cost and latency metrics when both versions log them:
 * cost_per_request = mean cost_usd over requests with a cost (bootstrap, lower is better);
 * cost_per_correct = Σ cost_usd / #correct over labelled requests (bootstrap, lower is better);
 * net_value_per_1k = 1000 · mean(value·correct − costPerError·(1 − correct) − cost_usd) (bootstrap, higher is better),
 * only with valuePerCorrect or costPerError set; latency_ms = Wilcoxon signed-rank + Hodges–Lehmann shift.
 * The three bootstraps run over cells (key = correct or not, column = cost): see math/cell-bootstrap.ts.
 * `correct` vectors are per row of each frame (0/1; 255 = not scorable).
 */
export function costMetrics(a: Frame, b: Frame, paired: boolean, correct: { a: Uint8Array; b: Uint8Array } | null, econ: Economics = {}): MetricSpec[] {
  const out: MetricSpec[] = [];
  if (a.costUsd && b.costUsd) {
    const cA = a.costUsd;
    const cB = b.costUsd;
    const rows = selectRows(a, b, paired, finite(cA), finite(cB));
    if (rows.a.length && rows.b.length) {
      const xa = gather(cA, rows.a);
      const xb = gather(cB, rows.b);
      const one = (x: Float64Array): SideCells => ({ keys: new Uint8Array(x.length), k: 1, columns: [x] });
      out.push({ metric: "cost_per_request", test: "cells", higherIsBetter: false, a: one(xa), b: one(xb), statistic: (ta, tb) => [ta.s[0] / ta.w[0], tb.s[0] / tb.w[0]] });
    } else out.push({ metric: "cost_per_request", test: "none", reason: "no request with a cost on both sides" });
    if (correct) {
      const lab = selectRows(a, b, paired, (i) => Number.isFinite(cA[i]) && correct.a[i] <= 1, (i) => Number.isFinite(cB[i]) && correct.b[i] <= 1);
      if (lab.a.length && lab.b.length) {
        // key = correct (0/1), column = cost: #correct = w[1], Σ cost = s[0] + s[1]
        const A: SideCells = { keys: gatherU8(correct.a, lab.a), k: 2, columns: [gather(cA, lab.a)] };
        const B: SideCells = { keys: gatherU8(correct.b, lab.b), k: 2, columns: [gather(cB, lab.b)] };
        const perCorrect = (t: SideTotals) => (t.w[1] > 0 ? (t.s[0] + t.s[1]) / t.w[1] : NaN);
        out.push({ metric: "cost_per_correct", test: "cells", higherIsBetter: false, a: A, b: B, statistic: (ta, tb) => [perCorrect(ta), perCorrect(tb)] });
        const v = econ.valuePerCorrect ?? 0;
        const e = econ.costPerError ?? 0;
        if (econ.valuePerCorrect != null || econ.costPerError != null) {
          const net = (t: SideTotals) => (1000 * (v * t.w[1] - e * t.w[0] - (t.s[0] + t.s[1]))) / (t.w[0] + t.w[1]);
          out.push({ metric: "net_value_per_1k", test: "cells", higherIsBetter: true, a: A, b: B, statistic: (ta, tb) => [net(ta), net(tb)] });
        }
      } else out.push({ metric: "cost_per_correct", test: "none", reason: "no labelled request with a cost on both sides" });
    }
  }
  if (a.latencyMs && b.latencyMs) {
    const rows = selectRows(a, b, paired, finite(a.latencyMs), finite(b.latencyMs));
    if (rows.a.length && rows.b.length) out.push({ metric: "latency_ms", test: "wilcoxon", higherIsBetter: false, a: gather(a.latencyMs, rows.a), b: gather(b.latencyMs, rows.b) });
  }
  return out;
}

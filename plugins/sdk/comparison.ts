/**
 * Comparison plugins: two versions on the same requests. A comparison declares, per cohort, the
 * metrics to compare and the test each needs; `compareVersions` runs the tests, builds the
 * interval, the verdict against a margin and the power note. See plugins/README.md.
 */
import { z } from "zod";
import type { Frame } from "./frame";
import type { Description, Task } from "./define";
import { PluginDefinitionError, joinDescription } from "./define";
import {
  bootstrapDelta,
  delong,
  delongSingle,
  hodgesLehmann,
  mcnemar,
  pairedProportionDelta,
  requiredSampleSize,
  wilcoxonSignedRank,
  zCritical,
  type BootstrapResult,
  type PairStatistic,
} from "./math/paired";
import { bootstrapCells, type CellStatistic, type SideCells } from "./math/cell-bootstrap";
import { normalSf } from "./math/special";
import { sortFiniteInPlace } from "./math/sort";

export const VERDICTS = ["better", "worse", "no clear difference"] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a comparison asks to be compared: a metric and the data its test needs. */
export type MetricSpec =
  /** accuracy-type: per row 1 = correct; McNemar (paired) or a two-proportion z-test (unpaired) */
  | { metric: string; test: "mcnemar"; higherIsBetter: true; a: Uint8Array; b: Uint8Array }
  /** ROC AUC: DeLong (paired: correlated; unpaired: independent) */
  | { metric: string; test: "delong"; higherIsBetter: true; scoresA: Float64Array; scoresB: Float64Array; labelsA: Uint8Array; labelsB: Uint8Array }
  /** a per-row quantity (latency): Wilcoxon signed-rank + Hodges–Lehmann shift (paired); bootstrap of the median (unpaired) */
  | { metric: string; test: "wilcoxon"; higherIsBetter: boolean; a: Float64Array; b: Float64Array }
  /**
   * a metric of per-key counts and per-key column sums (F1, macro-F1, cost per correct, mean cost,
   * net value, MAE …): the seeded bootstrap over cells (math/cell-bootstrap.ts), whose cost per
   * resample does not grow with the rows. Paired: row i of a and b is one request.
   */
  | { metric: string; test: "cells"; higherIsBetter: boolean; a: SideCells; b: SideCells; statistic: CellStatistic }
  /** anything else: a seeded bootstrap of stat_B − stat_A over nA/nB rows (O(rows) per resample: prefer "cells") */
  | { metric: string; test: "bootstrap"; higherIsBetter: boolean; nA: number; nB: number; statistic: PairStatistic }
  /** could not be compared: says why */
  | { metric: string; test: "none"; reason: string };

export interface MetricComparison {
  metric: string;
  a: number | null;
  b: number | null;
  /** b − a (candidate minus reference) */
  delta: number | null;
  ci_low: number | null;
  ci_high: number | null;
  test: string;
  statistic: number | null;
  p_value: number | null;
  /** the smallest difference that counts, in the metric's units */
  margin: number;
  verdict: Verdict | null;
  higher_is_better: boolean;
  /** b / a (cost and latency ratios) */
  ratio: number | null;
  /** rows the test used (pairs when paired) */
  n: number;
  /** "no clear difference": paired requests still needed to detect the margin (or the observed delta) at 80% power */
  more_needed: number | null;
  note?: string;
}

export interface CompareInput<C> {
  /** Version A (the reference, e.g. production). Paired: row i of a and of b answer the same request. */
  a: Frame;
  /** Version B (the candidate). */
  b: Frame;
  paired: boolean;
  config: C;
  cohort: string;
}

/** What every comparison's config carries (spread it into the plugin's config object). */
export const comparisonConfigFields = {
  /** two-sided level of the tests and 1 − coverage of the intervals */
  alpha: z.number().gt(0).lt(0.5).default(0.05),
  /** per metric, the smallest difference that matters (metric units); default 0 */
  margins: z.record(z.string(), z.number().nonnegative()).default({}),
  resamples: z.number().int().min(100).max(20_000).default(1000),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(20240601),
  /** power for the "n more paired requests" note */
  power: z.number().gt(0.5).lt(1).default(0.8),
  mcnemar: z.enum(["exact", "mid-p"]).default("mid-p"),
  /** tiered routing: the quality to reach (absolute); null = keep `routingGainShare` of the expensive version's gain */
  routingTarget: z.number().min(0).max(1).nullable().default(null),
  routingGainShare: z.number().gt(0).max(1).default(0.9),
};
export const comparisonConfigSchema = z.object(comparisonConfigFields);
export type ComparisonCommonConfig = z.output<typeof comparisonConfigSchema>;

export interface ComparisonDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  version: string;
  kind: "comparison";
  title: string;
  /** States the definition of every metric and test. */
  description: string;
  appliesTo: { tasks?: Task[] };
  needs: { labels: boolean };
  /** zod schema; include `...comparisonConfigFields` */
  config: S;
  /** The metrics to compare on this cohort (both frames already restricted to it). */
  metrics(input: CompareInput<z.output<S>>): MetricSpec[];
  /**
   * Optional: per paired row, each version's confidence (binary: distance of the score from the
   * threshold; multiclass: the top class probability) and correctness (1/0, 255 = unscorable), for the
   * tiered-routing what-if; or why the data cannot support it.
   */
  routing?(input: CompareInput<z.output<S>>): RoutingSource | { reason: string };
}

export interface RoutingSource {
  confidence: { a: Float64Array; b: Float64Array };
  correct: { a: Uint8Array; b: Uint8Array };
  /** how confidence is measured, for the reader */
  measure: string;
}
export type AnyComparison = ComparisonDefinition<z.ZodType>;

const ID_RE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
const shape = z.object({
  id: z.string().regex(ID_RE),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/),
  kind: z.literal("comparison"),
  title: z.string().min(1),
  description: z.string().min(1),
  needs: z.object({ labels: z.boolean() }),
  metrics: z.custom<(...args: unknown[]) => unknown>((v) => typeof v === "function", "metrics must be a function"),
});

export function isComparisonDefinition(v: unknown): v is AnyComparison {
  return !!v && typeof v === "object" && (v as { kind?: unknown }).kind === "comparison";
}

export function assertComparisonShape(def: unknown): asserts def is AnyComparison {
  const r = shape.safeParse(def);
  const id = (def as { id?: unknown })?.id;
  if (!r.success) throw new PluginDefinitionError(`invalid comparison ${typeof id === "string" ? id : "(no id)"}: ${r.error.message}`);
  const cfg = (def as { config?: z.ZodType }).config;
  if (!cfg || typeof cfg.safeParse !== "function" || !cfg.safeParse({}).success || !comparisonConfigSchema.safeParse(cfg.safeParse({}).data).success)
    throw new PluginDefinitionError(`invalid comparison ${String(id)}: config must be a zod object with ...comparisonConfigFields and defaults for every field`);
}

/** Declare a comparison plugin (checked now, not at first use). */
export function defineComparison<S extends z.ZodType>(
  decl: Omit<ComparisonDefinition<S>, "description"> & { description: Description },
): ComparisonDefinition<S> {
  const def = { ...decl, description: joinDescription(decl.description) };
  assertComparisonShape(def);
  return Object.freeze(def);
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * The verdict: `better` when the test rejects at α and the whole interval lies beyond the margin on
 * the good side; `worse` the same on the bad side; otherwise `no clear difference`.
 */
export function verdictOf(r: { delta: number; low: number; high: number; pValue: number }, margin: number, higherIsBetter: boolean, alpha: number): Verdict {
  if (!(r.pValue < alpha)) return "no clear difference";
  const good = higherIsBetter ? r.low > margin : r.high < -margin;
  const bad = higherIsBetter ? r.high < -margin : r.low > margin;
  return good ? "better" : bad ? "worse" : "no clear difference";
}

/** What every test gives: a bootstrap's estimates (Δ, its interval, se, p) plus the test statistic, the rows used and the test's name. */
type Tested = Omit<BootstrapResult, "resamples"> & { statistic: number; n: number; test: string };

function runTest(spec: Exclude<MetricSpec, { test: "none" }>, paired: boolean, cfg: ComparisonCommonConfig, salt: number): Tested {
  const z = zCritical(cfg.alpha);
  const boot = (nA: number, nB: number, statistic: PairStatistic, name: string): Tested => {
    const r = bootstrapDelta({ nA, nB, paired, statistic, resamples: cfg.resamples, seed: (cfg.seed + salt) >>> 0, alpha: cfg.alpha });
    return { a: r.a, b: r.b, delta: r.delta, low: r.low, high: r.high, se: r.se, statistic: r.se > 0 ? r.delta / r.se : 0, pValue: r.pValue, n: paired ? nA : nA + nB, test: name };
  };
  switch (spec.test) {
    case "mcnemar": {
      let ca = 0;
      let cb = 0;
      for (let i = 0; i < spec.a.length; i++) ca += spec.a[i];
      for (let i = 0; i < spec.b.length; i++) cb += spec.b[i];
      const pa = ca / spec.a.length;
      const pb = cb / spec.b.length;
      if (paired) {
        const m = mcnemar(spec.a, spec.b, cfg.mcnemar);
        const { delta, se } = pairedProportionDelta(m.aOnly, m.bOnly, spec.a.length);
        return { a: pa, b: pb, delta, low: delta - z * se, high: delta + z * se, se, statistic: m.statistic, pValue: m.pValue, n: spec.a.length, test: cfg.mcnemar === "exact" ? "McNemar exact" : "McNemar mid-p" };
      }
      const nA = spec.a.length;
      const nB = spec.b.length;
      const pooled = (ca + cb) / (nA + nB);
      const seH0 = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
      const se = Math.sqrt((pa * (1 - pa)) / nA + (pb * (1 - pb)) / nB);
      const stat = seH0 > 0 ? (pb - pa) / seH0 : 0;
      return { a: pa, b: pb, delta: pb - pa, low: pb - pa - z * se, high: pb - pa + z * se, se, statistic: stat, pValue: seH0 > 0 ? Math.min(1, 2 * normalSf(Math.abs(stat))) : 1, n: nA + nB, test: "two-proportion z-test (unpaired)" };
    }
    case "delong": {
      if (paired) {
        const d = delong(spec.scoresA, spec.scoresB, spec.labelsA);
        return { a: d.aucA, b: d.aucB, delta: d.delta, low: d.delta - z * d.se, high: d.delta + z * d.se, se: d.se, statistic: d.z, pValue: d.pValue, n: spec.labelsA.length, test: "DeLong" };
      }
      const A = delongSingle(spec.scoresA, spec.labelsA);
      const B = delongSingle(spec.scoresB, spec.labelsB);
      const delta = B.auc - A.auc;
      const se = Math.sqrt(A.se * A.se + B.se * B.se);
      const stat = se > 0 ? delta / se : 0;
      return { a: A.auc, b: B.auc, delta, low: delta - z * se, high: delta + z * se, se, statistic: stat, pValue: se > 0 ? Math.min(1, 2 * normalSf(Math.abs(stat))) : 1, n: spec.labelsA.length + spec.labelsB.length, test: "DeLong (independent samples, unpaired)" };
    }
    case "wilcoxon": {
      const medianOf = (x: Float64Array, rows: Int32Array | null) => {
        const v = rows ? Float64Array.from(rows, (i) => x[i]) : x.slice();
        sortFiniteInPlace(v);
        const h = v.length >> 1;
        return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
      };
      const medians: PairStatistic = (ra, rb) => [medianOf(spec.a, ra), medianOf(spec.b, rb)];
      if (!paired) return boot(spec.a.length, spec.b.length, medians, "bootstrap of the median (unpaired)");
      const d = new Float64Array(spec.a.length);
      for (let i = 0; i < d.length; i++) d[i] = spec.b[i] - spec.a[i];
      const w = wilcoxonSignedRank(d);
      const hl = hodgesLehmann(d, cfg.alpha);
      const [ma, mb] = medians(null, null);
      return { a: ma, b: mb, delta: hl.shift, low: hl.low, high: hl.high, se: (hl.high - hl.low) / (2 * z), statistic: w.statistic, pValue: w.pValue, n: d.length, test: "Wilcoxon signed-rank + Hodges–Lehmann" };
    }
    case "bootstrap":
      return boot(spec.nA, spec.nB, spec.statistic, paired ? "paired bootstrap" : "bootstrap (unpaired)");
    case "cells": {
      const r = bootstrapCells({ a: spec.a, b: spec.b, paired, statistic: spec.statistic, resamples: cfg.resamples, seed: (cfg.seed + salt) >>> 0, alpha: cfg.alpha });
      const nA = spec.a.keys.length;
      const nB = spec.b.keys.length;
      return { a: r.a, b: r.b, delta: r.delta, low: r.low, high: r.high, se: r.se, statistic: r.se > 0 ? r.delta / r.se : 0, pValue: r.pValue, n: paired ? nA : nA + nB, test: paired ? "paired bootstrap" : "bootstrap (unpaired)" };
    }
  }
}

/** Runs every metric's test; the result is stored as is (the CLI prints it, the cell draws it). */
export function compareVersions<S extends z.ZodType>(def: ComparisonDefinition<S>, input: CompareInput<z.output<S>>): MetricComparison[] {
  const cfg = comparisonConfigSchema.parse(input.config);
  return def.metrics(input).map((spec, salt) => {
    const margin = cfg.margins[spec.metric] ?? 0;
    if (spec.test === "none") {
      return { metric: spec.metric, a: null, b: null, delta: null, ci_low: null, ci_high: null, test: "none", statistic: null, p_value: null, margin, verdict: null, higher_is_better: true, ratio: null, n: 0, more_needed: null, note: spec.reason };
    }
    const t = runTest(spec, input.paired, cfg, salt * 7919);
    const ok = Number.isFinite(t.delta) && Number.isFinite(t.low) && Number.isFinite(t.high) && Number.isFinite(t.pValue);
    const verdict = ok ? verdictOf(t, margin, spec.higherIsBetter, cfg.alpha) : null;
    let more: number | null = null;
    if (verdict === "no clear difference") {
      const effect = margin > 0 ? margin : Math.abs(t.delta);
      const needed = requiredSampleSize({ n: t.n, se: t.se, effect, alpha: cfg.alpha, power: cfg.power });
      more = needed === null ? null : Math.max(0, needed - t.n);
    }
    return {
      metric: spec.metric,
      a: finiteOrNull(t.a),
      b: finiteOrNull(t.b),
      delta: finiteOrNull(t.delta),
      ci_low: finiteOrNull(t.low),
      ci_high: finiteOrNull(t.high),
      test: t.test,
      statistic: finiteOrNull(t.statistic),
      p_value: finiteOrNull(t.pValue),
      margin,
      verdict,
      higher_is_better: spec.higherIsBetter,
      ratio: t.a !== 0 && Number.isFinite(t.b / t.a) ? t.b / t.a : null,
      n: t.n,
      more_needed: more,
      ...(ok ? {} : { note: "not computable on these rows (too few, or one class only)" }),
    };
  });
}

/** Parse user config against a comparison's schema. */
export function parseComparisonConfig<S extends z.ZodType>(def: ComparisonDefinition<S>, input: unknown): z.output<S> {
  const r = def.config.safeParse(input ?? {});
  if (!r.success) throw new Error(`${def.id}@${def.version}: invalid config: ${z.prettifyError(r.error)}`);
  return r.data;
}

/**
 * The evaluation runner: resolve a plugin by id@version, slice cohorts, call `evaluate` once per
 * cohort (cohorts below the minimum size are n/a), validate results and tag them with id@version.
 */
import {
  labelCoverage,
  parseConfig,
  validateResult,
  withoutFeatures,
  type AnyEvaluator,
  type FeatureContract,
  type ModelContext,
  type Frame,
} from "@/plugins/sdk";
import type { EvaluatorRegistry } from "@/plugins/registry";
import { sliceCohorts } from "./cohorts";
import type { CohortResult } from "./result-schema";
import { presortPairs } from "./parallel-sort";

export const DEFAULT_MIN_COHORT_SIZE = 30;
/**
 * Label-based evaluators: a cohort whose share of labelled predictions is below this is marked
 * immature (labels arrive late: the first ones are rarely a random sample of the window).
 */
export const DEFAULT_MIN_LABEL_COVERAGE = 0.5;

/** The maturity fields of a cohort result, for evaluators that need labels. */
export function maturity(current: Frame, minLabelCoverage: number): { label_coverage?: number; immature?: boolean; note?: string } {
  const { coverage, labelled, rows } = labelCoverage(current);
  if (coverage === null) return {};
  if (coverage >= minLabelCoverage) return { label_coverage: coverage, immature: false };
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  return {
    label_coverage: coverage,
    immature: true,
    note: `immature: ${labelled.toLocaleString("en-US")} of ${rows.toLocaleString("en-US")} predictions labelled (${pct(coverage)} < ${pct(minLabelCoverage)}); the metrics rest on the labels that arrived first`,
  };
}

export interface RunEvaluatorOptions {
  /** "drift.ks@1.0.0" or "drift.ks" (highest installed version). */
  pluginRef: string;
  config?: unknown;
  baseline?: Frame;
  current: Frame;
  cohortKeys?: string[];
  /** Value cohorts with fewer current rows are n/a ("insufficient data (n < …)"); `all` always runs. */
  minCohortSize?: number;
  /** Label-based evaluators: cohorts with a smaller share of labelled predictions are immature (default 0.5). */
  minLabelCoverage?: number;
  contract?: FeatureContract;
  /** The model's settings the evaluator may default from (SDK EvaluateInput.model). */
  model?: ModelContext;
  /** Feature columns to evaluate (default: all features except the cohort keys). */
  columns?: string[];
  registry?: EvaluatorRegistry;
  /** Throw on NaN/Infinity or unexplained nulls instead of repairing (tests). */
  strict?: boolean;
  /**
   * Sort large numeric columns on worker threads first (drift and skew evaluators; columns
   * backed by SharedArrayBuffer, ≥ 200k rows). Default true.
   */
  parallelSort?: boolean;
}

export type { CohortResult } from "./result-schema";

export interface EvaluationResult {
  plugin: string;
  version: string;
  /** id@version */
  ref: string;
  cohorts: CohortResult[];
}

let defaultRegistry: EvaluatorRegistry | undefined;

/** Without a registry, the built-ins' (imported on first use, so the CLI loads only the plugin it runs). */
export async function resolveEvaluator(ref: string, registry?: EvaluatorRegistry): Promise<AnyEvaluator> {
  return (registry ?? (defaultRegistry ??= (await import("@/plugins/index")).createBuiltinRegistry())).resolve(ref);
}

export async function runEvaluator(opts: RunEvaluatorOptions): Promise<EvaluationResult> {
  const ev = await resolveEvaluator(opts.pluginRef, opts.registry);
  const ref = `${ev.id}@${ev.version}`;
  const config = parseConfig(ev, opts.config ?? {});
  const keys = opts.cohortKeys ?? [];
  const minSize = opts.minCohortSize ?? DEFAULT_MIN_COHORT_SIZE;
  const current = withoutFeatures(opts.current, keys);
  const baseline = opts.baseline ? withoutFeatures(opts.baseline, keys) : undefined;
  const columns = opts.columns ?? Object.keys(current.features);
  // slice on the original frames (the key may be a feature), evaluate without the key columns
  const slices = sliceCohorts(opts.current, opts.baseline, keys);
  if ((opts.parallelSort ?? true) && baseline && (ev.kind === "drift" || ev.kind === "skew")) {
    await presortPairs(baseline, current);
  }
  const cohorts: CohortResult[] = [];
  for (const s of slices) {
    const n = s.current.length;
    const mature = ev.needs.labels ? maturity(s.current, opts.minLabelCoverage ?? DEFAULT_MIN_LABEL_COVERAGE) : {};
    const base: Pick<CohortResult, "cohort" | "key" | "n" | "evaluator" | "label_coverage" | "immature"> = {
      cohort: s.cohort,
      ...(s.key ? { key: s.key } : {}),
      n,
      evaluator: ref,
      ...(mature.label_coverage !== undefined ? { label_coverage: mature.label_coverage, immature: mature.immature } : {}),
    };
    if (ev.needs.baseline && !baseline) {
      cohorts.push({ ...base, status: "n/a", metrics: {}, columns: [], notes: [`${ev.id} needs a baseline`] });
      continue;
    }
    if (s.cohort !== "all" && n < minSize) {
      cohorts.push({ ...base, status: "n/a", metrics: {}, columns: [], notes: [`insufficient data (n < ${minSize})`] });
      continue;
    }
    try {
      const raw = await ev.evaluate({
        current: s.cohort === "all" ? current : withoutFeatures(s.current, keys),
        baseline: s.baseline ? (s.cohort === "all" ? baseline : withoutFeatures(s.baseline, keys)) : undefined,
        config,
        columns,
        contract: opts.contract,
        model: opts.model,
        cohort: s.cohort,
      });
      const r = validateResult(raw, { strict: opts.strict });
      const notes = [...(mature.note ? [mature.note] : []), ...(r.notes ?? []), ...(s.baselineNote ? [s.baselineNote] : [])];
      cohorts.push({
        ...base,
        status: r.status,
        metrics: r.metrics,
        ...(r.reasons && Object.keys(r.reasons).length ? { reasons: r.reasons } : {}),
        columns: r.columns ?? [],
        ...(r.columns_label ? { columns_label: r.columns_label } : {}),
        ...(r.chart ? { chart: r.chart } : {}),
        ...(notes.length ? { notes } : {}),
      });
    } catch (e) {
      if (opts.strict) throw e;
      cohorts.push({ ...base, status: "n/a", metrics: {}, columns: [], notes: [`evaluator error: ${(e as Error).message}`] });
    }
  }
  return { plugin: ev.id, version: ev.version, ref, cohorts };
}

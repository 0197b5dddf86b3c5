/**
 * Declares a per-column drift evaluator around one fixed test (drift.ks, drift.psi, …): the
 * baseline is required and labels are not, the shared drift config (`driftCommonConfig`) follows
 * the test's own fields, and every column is evaluated by `runColumnDrift`; a test that needs
 * numbers (`columns: "numeric"`) reports other columns as n/a, a categorical test (`columns:
 * "categorical"`) continuous numeric columns.
 */
import { z } from "zod";
import { defineEvaluator, type EvaluateInput } from "./define";
import type { DriftTestId, DriftTestOptions } from "./drift";
import { driftCommonConfig, runColumnDrift, type DriftCommon } from "./drift-evaluator";

/** The test's own config fields; those it shares with every test are typed as the test reads them. */
type ColumnDriftConfig = z.ZodRawShape & {
  threshold: z.ZodType<number | undefined>;
  warn?: z.ZodType<number | null | undefined>;
  bins?: z.ZodType<number | undefined>;
  epsilon?: z.ZodType<number | undefined>;
  permutations?: z.ZodType<number | undefined>;
  seed?: z.ZodType<number | undefined>;
  maxSamples?: z.ZodType<number | undefined>;
};

export function defineColumnDriftEvaluator<C extends ColumnDriftConfig>(def: {
  id: string;
  version: string;
  title: string;
  description: string;
  test: DriftTestId;
  columns: "numeric" | "categorical" | "any";
  config: C;
}) {
  return defineEvaluator({
    id: def.id,
    version: def.version,
    kind: "drift",
    title: def.title,
    description: def.description,
    appliesTo: { columns: def.columns },
    needs: { baseline: true, labels: false },
    config: z.object({ ...def.config, ...driftCommonConfig }),
    // zod cannot see through the generic C that the parsed config is DriftCommon & DriftTestOptions;
    // ColumnDriftConfig above pins each shared field to the type runColumnDrift reads.
    evaluate: (input) => runColumnDrift(input as EvaluateInput<DriftCommon & DriftTestOptions>, def.test, def.columns),
  });
}

/**
 * `threshold` and `warn` of a test that flags drift when its p-value is below the threshold. A
 * test whose p-value is only defined on part of [0, 1] bounds both fields to that range.
 */
export function pValueThresholds(defaultThreshold = 0.05, range: { min: number; max: number } = { min: 0, max: 1 }) {
  const where = range.min === 0 && range.max === 1 ? "" : ` (p is only defined in [${range.min}, ${range.max}])`;
  const p = () => z.number().min(range.min).max(range.max);
  return {
    threshold: p().default(defaultThreshold).describe(`drift when p_value < threshold${where}`),
    warn: p().nullable().default(null).describe("warn when p_value < warn"),
  };
}

/**
 * `threshold` and `warn` of a test that flags drift when its statistic (a distance, the normed
 * Wasserstein or energy distance, PSI) reaches the threshold; `max` bounds a statistic that has one.
 */
export function statisticThresholds(statistic: string, defaultThreshold: number, options: { max?: number; warn?: number | null } = {}) {
  const value = () => (options.max === undefined ? z.number().min(0) : z.number().min(0).max(options.max));
  return {
    threshold: value().default(defaultThreshold).describe(`drift when ${statistic} ≥ threshold`),
    warn: value().nullable().default(options.warn ?? null).describe(`warn when ${statistic} ≥ warn`),
  };
}

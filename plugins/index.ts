/**
 * The plugin registry: the explicit list of built-in evaluators, plus the loader for
 * third-party plugins (folders under plugins/ and npm packages named in the workspace config).
 */
import type { AnyComparison, AnyEvaluator } from "./sdk";
import { EvaluatorRegistry, loadThirdPartyPlugins, type LoadOptions, type PluginLoadError } from "./registry";

import compareBinary from "./builtin/compare.binary";
import compareLatencyCost from "./builtin/compare.latency_cost";
import compareMulticlass from "./builtin/compare.multiclass";
import compareRegression from "./builtin/compare.regression";
import costLatency from "./builtin/cost.latency";
import dataQuality from "./builtin/data.quality";
import driftAuto from "./builtin/drift.auto";
import driftChisquare from "./builtin/drift.chisquare";
import driftJensenShannon from "./builtin/drift.jensenshannon";
import driftKs from "./builtin/drift.ks";
import driftPrediction from "./builtin/drift.prediction";
import driftPsi from "./builtin/drift.psi";
import driftWasserstein from "./builtin/drift.wasserstein";
import qualityBinary from "./builtin/quality.binary";
import qualityMulticlass from "./builtin/quality.multiclass";
import qualityRanking from "./builtin/quality.ranking";
import qualityRegression from "./builtin/quality.regression";
import skewTrainingServing from "./builtin/skew.training_serving";
// Evaluator breadth (issue 17)
import driftAnderson from "./builtin/drift.anderson";
import driftCramerVonMises from "./builtin/drift.cramervonmises";
import driftEnergy from "./builtin/drift.energy";
import driftFisher from "./builtin/drift.fisher";
import driftHellinger from "./builtin/drift.hellinger";
import driftMmd from "./builtin/drift.mmd";
import driftTvd from "./builtin/drift.tvd";
import qualityBusinessValue from "./builtin/quality.business_value";
import qualityCalibration from "./builtin/quality.calibration";
import qualityFairness from "./builtin/quality.fairness";
import segmentsWeak from "./builtin/segments.weak";
import dataSummary from "./builtin/data.summary";
import driftClassifier from "./builtin/drift.classifier";
import driftReconstruction from "./builtin/drift.reconstruction";
import textDescriptors from "./builtin/text.descriptors";
// Performance estimation without labels (issue 11)
import perfCbpe from "./builtin/perf.cbpe";

/** Built-in evaluators, in display order. Ids and versions are a public contract. */
export const BUILTIN_EVALUATORS: readonly AnyEvaluator[] = [
  qualityBinary,
  qualityMulticlass,
  qualityRegression,
  qualityRanking,
  driftKs,
  driftWasserstein,
  driftPsi,
  driftJensenShannon,
  driftChisquare,
  driftAuto,
  driftPrediction,
  dataQuality,
  skewTrainingServing,
  costLatency,
  // Evaluator breadth (issue 17)
  driftHellinger,
  driftTvd,
  driftAnderson,
  driftCramerVonMises,
  driftEnergy,
  driftFisher,
  driftMmd,
  qualityBusinessValue,
  qualityFairness,
  qualityCalibration,
  segmentsWeak,
  dataSummary,
  driftClassifier,
  driftReconstruction,
  textDescriptors,
  perfCbpe,
] as AnyEvaluator[];

/** Built-in comparisons (two versions on the same requests), one per task plus latency/cost. */
export const BUILTIN_COMPARISONS: readonly AnyComparison[] = [compareBinary, compareMulticlass, compareRegression, compareLatencyCost] as AnyComparison[];

export { EvaluatorRegistry, PluginNotFoundError, loadThirdPartyPlugins, type LoadOptions, type PluginLoadError, type PluginSource, type RegisteredEvaluator } from "./registry";

/** A registry with the built-ins only. */
export function createBuiltinRegistry(): EvaluatorRegistry {
  const r = new EvaluatorRegistry();
  for (const e of BUILTIN_EVALUATORS) r.register(e);
  for (const c of BUILTIN_COMPARISONS) r.registerComparison(c);
  return r;
}

/** Built-ins plus third-party plugins; returns the load errors alongside. */
export async function createRegistry(opts: LoadOptions = {}): Promise<{ registry: EvaluatorRegistry; errors: PluginLoadError[] }> {
  const registry = createBuiltinRegistry();
  const errors = await loadThirdPartyPlugins(registry, opts);
  return { registry, errors };
}

/**
 * Built-in plugins by id, each loaded on demand: `evalbook evaluate --plugin ID` imports only the
 * plugin it runs (loading every built-in and its zod config schema took ~45 ms of the CLI's
 * start-up). plugins/index.ts keeps the eager list for the server and `evalbook plugins`;
 * test/unit/plugins/builtin-loaders.test.ts checks that both name the same plugins.
 */
import { isComparisonDefinition, type AnyEvaluator } from "./sdk";
import { EvaluatorRegistry, loadThirdPartyPlugins, splitRef, type LoadOptions, type PluginLoadError } from "./registry";

type Loader = () => Promise<{ default: unknown }>;

/** id → import of that built-in's module (ids are the folder names under plugins/builtin/). */
export const BUILTIN_LOADERS: Readonly<Record<string, Loader>> = {
  "compare.binary": () => import("./builtin/compare.binary"),
  "compare.latency_cost": () => import("./builtin/compare.latency_cost"),
  "compare.multiclass": () => import("./builtin/compare.multiclass"),
  "compare.regression": () => import("./builtin/compare.regression"),
  "cost.latency": () => import("./builtin/cost.latency"),
  "data.quality": () => import("./builtin/data.quality"),
  "data.summary": () => import("./builtin/data.summary"),
  "drift.anderson": () => import("./builtin/drift.anderson"),
  "drift.auto": () => import("./builtin/drift.auto"),
  "drift.chisquare": () => import("./builtin/drift.chisquare"),
  "drift.classifier": () => import("./builtin/drift.classifier"),
  "drift.cramervonmises": () => import("./builtin/drift.cramervonmises"),
  "drift.energy": () => import("./builtin/drift.energy"),
  "drift.fisher": () => import("./builtin/drift.fisher"),
  "drift.hellinger": () => import("./builtin/drift.hellinger"),
  "drift.jensenshannon": () => import("./builtin/drift.jensenshannon"),
  "drift.ks": () => import("./builtin/drift.ks"),
  "drift.mmd": () => import("./builtin/drift.mmd"),
  "drift.prediction": () => import("./builtin/drift.prediction"),
  "drift.psi": () => import("./builtin/drift.psi"),
  "drift.reconstruction": () => import("./builtin/drift.reconstruction"),
  "drift.tvd": () => import("./builtin/drift.tvd"),
  "drift.wasserstein": () => import("./builtin/drift.wasserstein"),
  "perf.cbpe": () => import("./builtin/perf.cbpe"),
  "quality.binary": () => import("./builtin/quality.binary"),
  "quality.business_value": () => import("./builtin/quality.business_value"),
  "quality.calibration": () => import("./builtin/quality.calibration"),
  "quality.fairness": () => import("./builtin/quality.fairness"),
  "quality.multiclass": () => import("./builtin/quality.multiclass"),
  "quality.ranking": () => import("./builtin/quality.ranking"),
  "quality.regression": () => import("./builtin/quality.regression"),
  "segments.weak": () => import("./builtin/segments.weak"),
  "skew.training_serving": () => import("./builtin/skew.training_serving"),
  "text.descriptors": () => import("./builtin/text.descriptors"),
};

/**
 * A registry for running `ref` ("id" or "id@version"): that built-in alone plus third-party plugins
 * (which may add versions of it). An id that is not a built-in gets the full registry, so a
 * third-party evaluator resolves and an unknown id's error lists everything installed.
 */
export async function createRegistryFor(ref: string, opts: LoadOptions = {}): Promise<{ registry: EvaluatorRegistry; errors: PluginLoadError[] }> {
  const { id } = splitRef(ref);
  const load = Object.hasOwn(BUILTIN_LOADERS, id) ? BUILTIN_LOADERS[id] : undefined;
  if (!load) return (await import("./index")).createRegistry(opts);
  const registry = new EvaluatorRegistry();
  const plugin = (await load()).default;
  if (isComparisonDefinition(plugin)) registry.registerComparison(plugin);
  else registry.register(plugin as AnyEvaluator);
  const errors = await loadThirdPartyPlugins(registry, opts);
  return { registry, errors };
}

/**
 * The seam between notebook orchestration and the evaluation stack (plugins registry, evaluation
 * runner, prediction storage). Runs inside the evaluation threads (eval-thread.ts) and, for the
 * catalog only, in the web process.
 *
 *   catalog:   plugins/index.ts (the registry) — evaluator ids, versions, config schemas
 *   data:      server/predictions (predictionRepository) — windows and baselines as columnar Frames
 *   runner:    server/evaluation runner — cohort slicing, minimum cohort size, result validation
 *
 * Each binding is resolved once, lazily. Tests may add evaluators and a data source through
 * EVALBOOK_TEST_HOOKS (a module path; honoured only when NODE_ENV=test) to exercise failures
 * that real plugins never produce (a plugin that throws, one that is slow).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseConfig, parseComparisonConfig, ConfigError, configJsonSchema, worstStatus } from "../../plugins/sdk";
import type { AnyComparison, AnyEvaluator, DriftCommon, DriftTestOptions, Frame, FeatureContract, ModelContext } from "../../plugins/sdk";
import { createRegistry, type EvaluatorRegistry } from "../../plugins/index";
import { runEvaluator } from "../evaluation/runner";
import { STREAMED_DRIFT_TESTS } from "../evaluation/streamed-drift";
import { runComparison } from "../evaluation/compare-runner";
import { PairingError } from "../evaluation/pairing";
import type { PairedComparisonOutput } from "../evaluation/result-schema";
import { frameWithServingColumns, predictionRepository } from "../predictions";
import { env } from "../env";
import { sampleRowsNote, type SampleBasis } from "../format/estimate";
import { logger } from "../logger";
import type { EvaluationOutput, ResolvedSelection } from "./types";
import { notStreamedSelection, streamedDriftSelection } from "./streamed-window";

export class UnrecoverableCellError extends Error {
  readonly unrecoverable = true;
}

/** A loaded window and, when any of its rows was logged at a sample rate < 1, what it rests on. */
export interface LoadedWindow {
  frame: Frame;
  sample?: SampleBasis;
}

export interface DataSource {
  /** Predictions of `versions` (all when empty) with timestamp in [from, to), labels joined. */
  loadWindow(args: { modelId: string; versions: string[]; from: Date; to: Date; includeRequestIds?: boolean; servingColumns?: boolean }): Promise<Frame | LoadedWindow> | Frame | LoadedWindow;
  loadBaseline(args: { modelId: string; baselineId: string }): Promise<Frame> | Frame;
}

export interface EvaluatorInfo {
  id: string;
  version: string;
  kind: string;
  title: string;
  description: string;
  needs: { baseline: boolean; labels: boolean };
  appliesTo: AnyEvaluator["appliesTo"];
  /** JSON Schema of the config (z.toJSONSchema, input side): the UI builds its form from it */
  configSchema: unknown;
  /** config with every default applied */
  defaultConfig: unknown;
}

interface TestHooks {
  evaluators?: AnyEvaluator[];
  dataSource?: DataSource;
}

// ── Bindings (resolved once per process / thread) ───────────────────────────

let hooksPromise: Promise<TestHooks> | undefined;
function testHooks(): Promise<TestHooks> {
  hooksPromise ??= (async () => {
    const file = env.EVALBOOK_TEST_HOOKS;
    if (!file || env.NODE_ENV !== "test") return {};
    return (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(file).href)) as TestHooks;
  })();
  return hooksPromise;
}

let tsLoader: Promise<void> | undefined;
/**
 * Compiled JavaScript (dist/, the web build) cannot import a TypeScript plugin folder by itself:
 * tsx's loader is registered the first time one is met (from sources, tsx is already there).
 */
function typeScriptLoader(entry: string): Promise<void> {
  if (!/\.m?ts$/.test(entry) || import.meta.url.endsWith(".ts")) return Promise.resolve();
  const api = "tsx/esm/api";
  tsLoader ??= import(/* webpackIgnore: true */ /* turbopackIgnore: true */ api).then((m: { register: () => void }) => m.register());
  return tsLoader;
}

let registryPromise: Promise<EvaluatorRegistry> | undefined;
/** Built-in evaluators plus third-party plugin folders (plugins/index.ts), plus test hooks in tests. */
export function registry(): Promise<EvaluatorRegistry> {
  registryPromise ??= (async () => {
    const { registry, errors } = await createRegistry({ pluginsDir: path.join(env.EVALBOOK_ROOT ?? process.cwd(), "plugins"), beforeImport: typeScriptLoader });
    for (const e of errors) logger.warn({ plugin: e.name, err: e.message }, "plugin failed to load");
    for (const ev of (await testHooks()).evaluators ?? []) registry.register(ev, { kind: "folder", path: "test-hooks" });
    return registry;
  })();
  return registryPromise;
}

export async function evaluators(): Promise<AnyEvaluator[]> {
  return (await registry()).list().map((r) => r.evaluator);
}

export async function findEvaluator(id: string, version?: string): Promise<AnyEvaluator | undefined> {
  try {
    return (await registry()).resolve(version ? `${id}@${version}` : id);
  } catch {
    return undefined;
  }
}

/** A comparison plugin (compare.binary, …) by id, or undefined when `id` is not one. */
export async function findComparison(id: string, version?: string): Promise<AnyComparison | undefined> {
  try {
    return (await registry()).resolveComparison(version ? `${id}@${version}` : id);
  } catch {
    return undefined;
  }
}

export async function listEvaluatorInfos(): Promise<EvaluatorInfo[]> {
  const comparisons = (await registry()).listComparisons().map((c) => ({
    id: c.id,
    version: c.version,
    kind: c.kind,
    title: c.title,
    description: c.description,
    needs: { baseline: false, labels: c.needs.labels },
    appliesTo: { tasks: c.appliesTo.tasks, columns: "none" as const },
    configSchema: configJsonSchema(c),
    defaultConfig: c.config.safeParse({}).data ?? {},
  }));
  const infos: EvaluatorInfo[] = (await evaluators()).map((e) => ({
      id: e.id,
      version: e.version,
      kind: e.kind,
      title: e.title,
      description: e.description,
      needs: e.needs,
      appliesTo: e.appliesTo,
      configSchema: configJsonSchema(e),
      defaultConfig: e.config.safeParse({}).data ?? {},
    }));
  return infos
    .concat(comparisons)
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id) || a.version.localeCompare(b.version));
}

/** Checks a cell's config against its plugin's schema: null when fine, else the message. */
export async function checkCellConfig(pluginId: string, pluginVersion: string | undefined, config: unknown, cellType: "evaluator" | "comparison" = "evaluator"): Promise<string | null> {
  const comparison = await findComparison(pluginId, pluginVersion);
  if (comparison && cellType === "evaluator") return `${comparison.id} compares two versions: use it in a comparison cell.`;
  if (comparison) {
    try {
      parseComparisonConfig(comparison, config);
      return null;
    } catch (err) {
      return (err as Error).message;
    }
  }
  const def = await findEvaluator(pluginId, pluginVersion);
  if (!def) return `Evaluator "${pluginId}${pluginVersion ? `@${pluginVersion}` : ""}" is not installed.`;
  try {
    parseConfig(def, config);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** What a cell's config gets wrong, field by field ("delayMs": "expected number"); [] when it is fine or its plugin is not installed. */
export async function invalidConfigFields(pluginId: string, pluginVersion: string | undefined, config: unknown, cellType: "evaluator" | "comparison" = "evaluator"): Promise<{ path: string; message: string }[]> {
  const def = cellType === "comparison" ? await findComparison(pluginId, pluginVersion) : await findEvaluator(pluginId, pluginVersion);
  if (!def) return [];
  const r = def.config.safeParse(config ?? {});
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

/** Prediction storage on this thread's own read-only connection (predictionRepository({ readOnly })). */
const storageDataSource: DataSource = {
  async loadWindow({ modelId, versions, from, to, includeRequestIds, servingColumns }) {
    const window = await predictionRepository({ readOnly: true }).loadWindow({
      modelId,
      version: versions.length ? versions : undefined,
      from: from.getTime(),
      to: to.getTime(),
      includeRequestIds,
    });
    return { frame: servingColumns ? frameWithServingColumns(window) : window.frame, sample: weightsBasis(window.weights) };
  },
  async loadBaseline({ baselineId }) {
    return (await predictionRepository({ readOnly: true }).loadBaseline(baselineId)).frame;
  },
};

/** Rows, the requests they stand for (Σ 1/rate) and the sampled rows, from a window's weights (absent: nothing sampled). */
export function weightsBasis(weights: Float64Array | undefined): SampleBasis | undefined {
  if (!weights) return undefined;
  let requests = 0;
  let sampledRows = 0;
  for (const w of weights) {
    requests += w;
    if (w > 1) sampledRows++;
  }
  return sampledRows ? { rows: weights.length, requests, sampledRows } : undefined;
}

const loaded = (w: Frame | LoadedWindow): LoadedWindow => ("frame" in w ? w : { frame: w });

async function dataSource(): Promise<DataSource> {
  return (await testHooks()).dataSource ?? storageDataSource;
}

// ── Evaluation ───────────────────────────────────────────────────────────────

/** The cell's columns that exist in the data (minus cohort keys); none given or none left → all. */
function narrowColumns(columns: string[] | undefined, keys: string[], frame: Frame): string[] | undefined {
  const kept = (columns ?? []).filter((c) => !keys.includes(c) && c in frame.features);
  return kept.length ? kept : undefined;
}

/**
 * Runs one evaluator over a window (and its reference) through the evaluation runner: `all` and
 * each cohort of each cohort key (cohorts under minCohortSize are n/a). Bad config, a missing
 * plugin or a missing reference are unrecoverable; an evaluator that throws on the whole window
 * fails the cell with its message (and the job retries, in case the cause was transient).
 */
export async function evaluateSelection(args: {
  modelId: string;
  pluginId: string;
  pluginVersion?: string;
  config: unknown;
  columns?: string[];
  selection: ResolvedSelection;
  contract?: FeatureContract;
  model?: ModelContext;
}): Promise<EvaluationOutput> {
  const def = await findEvaluator(args.pluginId, args.pluginVersion);
  if (!def) throw new UnrecoverableCellError(`Evaluator "${args.pluginId}${args.pluginVersion ? `@${args.pluginVersion}` : ""}" is not installed.`);
  let config: unknown;
  try {
    config = parseConfig(def, args.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UnrecoverableCellError(err.message);
    throw err;
  }
  const ref = args.selection.reference;
  if (def.needs.baseline && ref.kind === "missing") throw new UnrecoverableCellError(`${def.id}@${def.version} needs a reference: ${ref.message}`);
  if (def.needs.baseline && ref.kind === "none") {
    throw new UnrecoverableCellError(`${def.id}@${def.version} needs a reference (a baseline or an earlier window); this cell has none.`);
  }
  const hooks = await testHooks();
  if (!hooks.dataSource && STREAMED_DRIFT_TESTS[def.id]) {
    const streamed = await streamedDriftSelection({ ...args, pluginVersion: def.version, config: config as DriftCommon & DriftTestOptions });
    if (streamed) return streamed;
  } else if (!hooks.dataSource && def.kind === "drift") {
    const refused = await notStreamedSelection({ ...args, pluginVersion: def.version });
    if (refused) return refused;
  }
  const data = await dataSource();
  // Request ids cost a dictionary of every row's id: load them only for row-level joins (skew parity).
  const includeRequestIds = def.kind === "skew";
  const window = loaded(
    await data.loadWindow({
      modelId: args.modelId,
      versions: args.selection.versions,
      from: new Date(args.selection.from),
      to: new Date(args.selection.to),
      includeRequestIds,
      servingColumns: def.kind === "cost",
    }),
  );
  const current = window.frame;
  let baseline: Frame | undefined;
  if (ref.kind === "baseline") baseline = await data.loadBaseline({ modelId: args.modelId, baselineId: ref.baselineId });
  else if (ref.kind === "window")
    baseline = loaded(await data.loadWindow({ modelId: args.modelId, versions: args.selection.versions, from: new Date(ref.from), to: new Date(ref.to), includeRequestIds })).frame;

  const keys = args.selection.cohortKeys;
  const result = await runEvaluator({
    pluginRef: `${def.id}@${def.version}`,
    config,
    current,
    baseline,
    cohortKeys: keys,
    minCohortSize: args.selection.minCohortSize,
    contract: args.contract,
    model: args.model,
    columns: narrowColumns(args.columns, keys, current),
    registry: await registry(),
  });
  const all = result.cohorts.find((c) => c.cohort === "all");
  const failure = all?.notes?.find((n) => n.startsWith("evaluator error: "));
  if (failure) throw new Error(failure.slice("evaluator error: ".length));
  const cohorts = result.cohorts;
  return {
    plugin: result.plugin,
    version: result.version,
    status: worstStatus(cohorts.map((c) => c.status)),
    cohorts,
    n: { current: current.length, reference: baseline ? baseline.length : null },
    ...(window.sample ? { sample: { ...window.sample, note: sampleRowsNote(window.sample) } } : {}),
  };
}

/**
 * A comparison cell run with a comparison plugin: both sides' windows (request ids included),
 * paired by request id when both sides cover the same window, else compared as independent
 * samples (and said so in the result).
 */
export async function compareSelections(args: {
  modelId: string;
  pluginId: string;
  pluginVersion?: string;
  config: unknown;
  a: ResolvedSelection;
  b: ResolvedSelection;
  labels: { a: string; b: string };
  /** the model's value per correct prediction / cost per error: used where the cell's config leaves them unset */
  economics?: { valuePerCorrect: number | null; costPerError: number | null };
}): Promise<PairedComparisonOutput> {
  const def = await findComparison(args.pluginId, args.pluginVersion);
  if (!def) throw new UnrecoverableCellError(`Comparison "${args.pluginId}${args.pluginVersion ? `@${args.pluginVersion}` : ""}" is not installed.`);
  let config: unknown;
  try {
    config = parseComparisonConfig(def, args.config);
  } catch (err) {
    throw new UnrecoverableCellError((err as Error).message);
  }
  const econ = args.economics;
  if (econ && config && typeof config === "object") {
    const c = config as Record<string, unknown>;
    if ("valuePerCorrect" in c && c.valuePerCorrect === null) c.valuePerCorrect = econ.valuePerCorrect;
    if ("costPerError" in c && c.costPerError === null) c.costPerError = econ.costPerError;
  }
  const data = await dataSource();
  const load = async (s: ResolvedSelection) =>
    loaded(await data.loadWindow({ modelId: args.modelId, versions: s.versions, from: new Date(s.from), to: new Date(s.to), includeRequestIds: true })).frame;
  const [a, b] = await Promise.all([load(args.a), load(args.b)]);
  const sameWindow = args.a.from === args.b.from && args.a.to === args.b.to;
  try {
    return runComparison({
      comparison: def,
      config,
      a,
      b,
      cohortKeys: args.a.cohortKeys,
      minCohortSize: args.a.minCohortSize,
      pairing: sameWindow ? "auto" : "unpaired",
      sideLabels: args.labels,
    });
  } catch (err) {
    if (err instanceof PairingError) throw new UnrecoverableCellError(err.message);
    throw err;
  }
}

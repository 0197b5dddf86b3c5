/**
 * The seam between notebook orchestration and the evaluation stack (plugins registry, evaluation
 * runner, prediction storage). Runs inside the evaluation threads (eval-thread.ts) and, for the
 * catalog only, in the web process.
 *
 *   catalog:   plugins/index.ts (the registry) — evaluator ids, versions, config schemas
 *   data:      server/ingest window/baseline loaders — columnar Frames
 *   runner:    server/evaluation runner — cohort slicing, minimum cohort size, result validation
 *
 * Each binding is resolved once, lazily. Tests may add evaluators and a data source through
 * EVALBOOK_TEST_HOOKS (a module path; honoured only when NODE_ENV=test) to exercise failures
 * that real plugins never produce (a plugin that throws, one that is slow).
 */
import { pathToFileURL } from "node:url";
import type { AnyEvaluator } from "../../plugins/sdk/define";
import { parseConfig, ConfigError, configJsonSchema } from "../../plugins/sdk/define";
import type { Frame } from "../../plugins/sdk/frame";
import { takeRows, withoutFeatures } from "../../plugins/sdk/frame";
import type { FeatureContract } from "../../plugins/sdk/contract";
import { validateResult, worstStatus, type Status } from "../../plugins/sdk/result";
import type { CohortResult, EvaluationOutput, ResolvedSelection } from "./types";

export class UnrecoverableCellError extends Error {
  readonly unrecoverable = true;
}

export interface DataSource {
  /** Predictions of `versions` of the model with timestamp in [from, to), with labels joined. */
  loadWindow(args: { modelId: string; versions: string[]; from: Date; to: Date }): Promise<Frame> | Frame;
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

// ── Bindings (resolved once) ─────────────────────────────────────────────────

async function importOptional(relative: string): Promise<Record<string, unknown> | null> {
  for (const ext of [".ts", ".js", "/index.ts", "/index.js"]) {
    const url = new URL(relative + ext, import.meta.url);
    try {
      return (await import(/* @vite-ignore */ url.href)) as Record<string, unknown>;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "ERR_MODULE_NOT_FOUND" && String((err as Error).message).includes(url.pathname.split("/").pop()!)) continue;
      throw err;
    }
  }
  return null;
}

let hooksPromise: Promise<TestHooks> | undefined;
function testHooks(): Promise<TestHooks> {
  hooksPromise ??= (async () => {
    const file = process.env.EVALBOOK_TEST_HOOKS;
    if (!file || process.env.NODE_ENV !== "test") return {};
    return (await import(pathToFileURL(file).href)) as TestHooks;
  })();
  return hooksPromise;
}

function asEvaluatorList(mod: Record<string, unknown> | null): AnyEvaluator[] {
  if (!mod) return [];
  for (const key of ["evaluators", "builtinEvaluators", "BUILTIN_EVALUATORS", "default"]) {
    const v = mod[key];
    if (Array.isArray(v)) return v as AnyEvaluator[];
    if (v && typeof v === "object" && typeof (v as { list?: unknown }).list === "function") return (v as { list(): AnyEvaluator[] }).list();
  }
  for (const key of ["listEvaluators", "allEvaluators"]) {
    const v = mod[key];
    if (typeof v === "function") return (v as () => AnyEvaluator[])();
  }
  return [];
}

let catalogPromise: Promise<AnyEvaluator[]> | undefined;
export function evaluators(): Promise<AnyEvaluator[]> {
  catalogPromise ??= (async () => {
    const registry = asEvaluatorList(await importOptional("../../plugins/index"));
    const extra = (await testHooks()).evaluators ?? [];
    return [...registry, ...extra];
  })();
  return catalogPromise;
}

function semverCompare(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export async function findEvaluator(id: string, version?: string): Promise<AnyEvaluator | undefined> {
  const matches = (await evaluators()).filter((e) => e.id === id && (!version || e.version === version));
  return matches.sort((a, b) => semverCompare(b.version, a.version))[0];
}

export async function listEvaluatorInfos(): Promise<EvaluatorInfo[]> {
  return (await evaluators())
    .map((e) => ({
      id: e.id,
      version: e.version,
      kind: e.kind,
      title: e.title,
      description: e.description,
      needs: e.needs,
      appliesTo: e.appliesTo,
      configSchema: configJsonSchema(e),
      defaultConfig: e.config.safeParse({}).data ?? {},
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
}

/** Checks a cell's config against its plugin's schema: null when fine, else the message. */
export async function checkCellConfig(pluginId: string, pluginVersion: string | undefined, config: unknown): Promise<string | null> {
  const def = await findEvaluator(pluginId, pluginVersion);
  if (!def) return `Evaluator "${pluginId}${pluginVersion ? `@${pluginVersion}` : ""}" is not installed.`;
  try {
    parseConfig(def, config);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

let dataPromise: Promise<DataSource | null> | undefined;
function dataSource(): Promise<DataSource | null> {
  dataPromise ??= (async () => {
    const hooked = (await testHooks()).dataSource;
    if (hooked) return hooked;
    for (const candidate of ["../ingest/window", "../ingest/loader", "../ingest/load", "../ingest/frames", "../ingest/store"]) {
      const mod = await importOptional(candidate);
      if (!mod) continue;
      const loadWindow = mod.loadWindow as DataSource["loadWindow"] | undefined;
      const loadBaseline = (mod.loadBaseline ?? mod.loadBaselineFrame) as DataSource["loadBaseline"] | undefined;
      if (typeof loadWindow === "function" && typeof loadBaseline === "function") return { loadWindow, loadBaseline };
    }
    return null;
  })();
  return dataPromise;
}

// ── Evaluation ───────────────────────────────────────────────────────────────

function cohortRows(frame: Frame, key: string): Map<string, number[]> | null {
  const col = frame.cohorts?.[key] ?? frame.features[key];
  if (!col) return null;
  const groups = new Map<string, number[]>();
  for (let i = 0; i < frame.length; i++) {
    let value: string | null;
    if (col.type === "categorical") value = col.codes[i]! < 0 ? null : col.dictionary[col.codes[i]!]!;
    else value = Number.isNaN(col.values[i]) ? null : String(col.values[i]);
    if (value === null) continue;
    let list = groups.get(value);
    if (!list) groups.set(value, (list = []));
    list.push(i);
  }
  return groups;
}

/**
 * Runs one evaluator over a window (and its reference), for `all` and each cohort of each cohort
 * key with at least minCohortSize rows. Plugin errors propagate (the job retries); bad config and
 * missing plugins are unrecoverable.
 */
export async function evaluateSelection(args: {
  modelId: string;
  pluginId: string;
  pluginVersion?: string;
  config: unknown;
  columns?: string[];
  selection: ResolvedSelection;
  contract?: FeatureContract;
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
  const data = await dataSource();
  if (!data) throw new Error("Prediction storage is not available in this build (no window loader found).");
  const current = await data.loadWindow({
    modelId: args.modelId,
    versions: args.selection.versions,
    from: new Date(args.selection.from),
    to: new Date(args.selection.to),
  });
  let baseline: Frame | undefined;
  if (ref.kind === "baseline") baseline = await data.loadBaseline({ modelId: args.modelId, baselineId: ref.baselineId });
  else if (ref.kind === "window")
    baseline = await data.loadWindow({ modelId: args.modelId, versions: args.selection.versions, from: new Date(ref.from), to: new Date(ref.to) });

  const keys = args.selection.cohortKeys;
  const allColumns = (args.columns?.length ? args.columns : Object.keys(current.features)).filter((c) => !keys.includes(c));
  const slices: { cohort: string; current: Frame; baseline?: Frame }[] = [
    { cohort: "all", current: withoutFeatures(current, keys), baseline: baseline && withoutFeatures(baseline, keys) },
  ];
  const notes: string[] = [];
  for (const key of keys) {
    const groups = cohortRows(current, key);
    if (!groups) {
      notes.push(`cohort key "${key}" is not in the data`);
      continue;
    }
    const baseGroups = baseline ? cohortRows(baseline, key) : null;
    for (const [value, rows] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (rows.length < args.selection.minCohortSize) {
        notes.push(`${key}=${value}: ${rows.length} rows, below the minimum cohort size ${args.selection.minCohortSize}`);
        continue;
      }
      const baseRows = baseGroups?.get(value);
      slices.push({
        cohort: `${key}=${value}`,
        current: withoutFeatures(takeRows(current, Int32Array.from(rows)), keys),
        baseline: baseline && withoutFeatures(baseRows ? takeRows(baseline, Int32Array.from(baseRows)) : baseline, keys),
      });
    }
  }

  const cohorts: CohortResult[] = [];
  for (const slice of slices) {
    const raw = await def.evaluate({
      current: slice.current,
      baseline: slice.baseline,
      config,
      columns: allColumns.filter((c) => c in slice.current.features),
      contract: args.contract,
      cohort: slice.cohort,
    });
    const result = validateResult(raw);
    cohorts.push({ cohort: slice.cohort, n: slice.current.length, ...result });
  }
  return {
    plugin: def.id,
    version: def.version,
    status: worstStatus(cohorts.map((c) => c.status as Status)),
    cohorts,
    n: { current: current.length, reference: baseline ? baseline.length : null },
    ...(notes.length ? { notes } : {}),
  };
}

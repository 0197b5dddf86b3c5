/**
 * The streamed path of evaluateSelection for windows larger than EVAL_MAX_WINDOW_ROWS (the size
 * comes from the segment metadata, countWindowRows: nothing is read to learn it). The drift tests in
 * STREAMED_DRIFT_TESTS read the reference, then the window, chunk by chunk (iterateWindow) into
 * per-column summaries for `all` and each cohort value (server/evaluation/streamed-sketches.ts)
 * instead of loading them whole; the other drift evaluators answer with an n/a cell that says why.
 * A window within the limit is left to the exact path (null).
 */
import { takeRows, worstStatus, type DriftCommon, type DriftTestOptions, type Frame } from "../../plugins/sdk";
import { driftFromSketches, notStreamedReason, STREAMED_DRIFT_TESTS } from "../evaluation/streamed-drift";
import { CohortSketches, ColumnSketches, cohortId, sketchChunks, STREAMED_MAX_COHORTS } from "../evaluation/streamed-sketches";
import { CohortKeyError, cohortColumn, groupRows } from "../evaluation/cohorts";
import type { CohortResult } from "../evaluation/result-schema";
import { predictionRepository } from "../predictions";
import { env } from "../env";
import type { EvaluationOutput, ResolvedSelection } from "./types";

const fmt = (n: number) => n.toLocaleString("en-US");

/** The window's query and its size from the segment metadata, and whether it is above the limit. */
async function windowSize(modelId: string, selection: ResolvedSelection, maxWindowRows?: number) {
  const versions = selection.versions.length ? selection.versions : undefined;
  const query = { modelId, version: versions, from: Date.parse(selection.from), to: Date.parse(selection.to) };
  const rows = await predictionRepository({ readOnly: true }).countWindowRows(query);
  const limit = maxWindowRows ?? env.EVAL_MAX_WINDOW_ROWS;
  return { query, versions, rows, limit, above: rows > limit };
}

/**
 * A drift evaluator without a streamed path on a window above the limit: an n/a cell saying so
 * (loading the window whole is what the limit is there to prevent); null within the limit.
 */
export async function notStreamedSelection(args: { modelId: string; pluginId: string; pluginVersion: string; selection: ResolvedSelection; maxWindowRows?: number }): Promise<EvaluationOutput | null> {
  const size = await windowSize(args.modelId, args.selection, args.maxWindowRows);
  if (!size.above) return null;
  const note = `not available on windows above ${fmt(size.limit)} rows (EVAL_MAX_WINDOW_ROWS; this window has up to ${fmt(size.rows)}): ${notStreamedReason(args.pluginId)}`;
  const evaluator = `${args.pluginId}@${args.pluginVersion}`;
  return {
    plugin: args.pluginId,
    version: args.pluginVersion,
    status: "n/a",
    cohorts: [{ cohort: "all", n: size.rows, evaluator, status: "n/a", metrics: {}, columns: [], notes: [note] }],
    n: { current: size.rows, reference: null },
    notes: [note],
  };
}

export async function streamedDriftSelection(args: {
  modelId: string;
  pluginId: string;
  pluginVersion: string;
  /** Parsed config of the plugin (its defaults applied). */
  config: DriftCommon & DriftTestOptions;
  columns?: string[];
  selection: ResolvedSelection;
  /** Rows above which the window is streamed (default EVAL_MAX_WINDOW_ROWS). */
  maxWindowRows?: number;
  /** Sketch capacity (default DEFAULT_SKETCH_K; tests and benches make it small to see the bound at work). */
  sketchK?: number;
}): Promise<EvaluationOutput | null> {
  const test = STREAMED_DRIFT_TESTS[args.pluginId];
  const ref = args.selection.reference;
  if (!test || (ref.kind !== "baseline" && ref.kind !== "window")) return null;
  const size = await windowSize(args.modelId, args.selection, args.maxWindowRows);
  if (!size.above) return null;
  const repo = predictionRepository({ readOnly: true });
  const keys = args.selection.cohortKeys;
  const asked = args.config.columns ?? (args.columns?.length ? args.columns : undefined);
  const wanted = asked?.filter((c) => !keys.includes(c));
  const started = performance.now();

  // The reference first: the window's side then counts exactly the values of columns the reference has few of.
  let baseFrame: Frame | undefined;
  let baseline: CohortSketches;
  if (ref.kind === "baseline") {
    baseFrame = (await repo.loadBaseline(ref.baselineId)).frame;
    baseline = new CohortSketches(keys, wanted, undefined, args.sketchK);
    baseline.addFrame(baseFrame);
  } else {
    baseline = await sketchChunks(repo.iterateWindow({ modelId: args.modelId, version: size.versions, from: Date.parse(ref.from), to: Date.parse(ref.to) }), { keys, names: wanted, k: args.sketchK });
  }
  const baseOf = (id: string): ColumnSketches | undefined => {
    if (id === "all") return baseline.all;
    const key = id.slice(0, id.indexOf("\u0000"));
    return baseline.keysSeen.has(key) ? baseline.cohorts.get(id) : baseline.all;
  };
  const current = await sketchChunks(repo.iterateWindow(size.query), { keys, names: wanted, known: (id) => baseOf(id)?.fewValues(), k: args.sketchK });

  const names = wanted ?? [...new Set([...current.all.numeric.keys(), ...current.all.categorical.keys(), ...current.all.tooManyCategories])].filter((c) => !keys.includes(c));
  const evaluator = `${args.pluginId}@${args.pluginVersion}`;
  const evaluate = (b: ColumnSketches, c: ColumnSketches, frame?: Frame) => driftFromSketches({ test, config: args.config, columns: names, baseline: b, current: c, baseFrame: frame });
  const learned = args.config.thresholdMode === "learned" && baseFrame;

  const all = evaluate(baseline.all, current.all, baseFrame);
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `streamed: ${fmt(current.all.rows)} rows > EVAL_MAX_WINDOW_ROWS (${fmt(size.limit)}), read chunk by chunk into rank sketches and exact counts in ${seconds.toFixed(1)} s; each column states its error bound`,
  ];
  const cohorts: CohortResult[] = [{ cohort: "all", n: current.all.rows, evaluator, status: all.status, metrics: all.metrics, columns: all.columns ?? [], notes }];
  for (const key of keys) {
    if (!current.keysSeen.has(key)) throw new CohortKeyError(`cohort column ${key} not found in the current data`);
    const dropped = current.dropped.get(key);
    if (dropped?.size) {
      const shown = [...dropped].sort().slice(0, 10);
      notes.push(`cohort ${key}: only the first ${STREAMED_MAX_COHORTS} values seen are evaluated on a streamed window; ${fmt(dropped.size)} more are not (${shown.join(", ")}${dropped.size > shown.length ? ", …" : ""})`);
    }
    const baseKey = learned && baseFrame ? cohortColumn(baseFrame, key) : undefined;
    const baseGroups = baseKey ? groupRows(baseKey) : undefined;
    for (const value of current.values(key)) {
      const id = cohortId(key, value);
      const cur = current.cohorts.get(id)!;
      const base = { cohort: value, key, n: cur.rows, evaluator };
      if (cur.rows < args.selection.minCohortSize) {
        cohorts.push({ ...base, status: "n/a", metrics: {}, columns: [], notes: [`insufficient data (n < ${args.selection.minCohortSize})`] });
        continue;
      }
      const cohortNotes: string[] = [];
      let b = baseOf(id);
      if (!baseline.keysSeen.has(key)) cohortNotes.push(`baseline has no ${key} column: compared with the whole baseline`);
      else if (!b && baseline.dropped.get(key)?.has(value)) {
        cohorts.push({ ...base, status: "n/a", metrics: {}, columns: [], notes: [`the reference has more than ${STREAMED_MAX_COHORTS} values of ${key}; ${value} was not among the first ones sketched`] });
        continue;
      }
      if (!b) {
        cohortNotes.push(`no rows of ${key} ${value} in the reference`);
        b = new ColumnSketches(args.sketchK);
      }
      // learned thresholds from the cohort's rows of the baseline (the whole baseline when it has no such column)
      const rows = baseGroups?.get(value);
      const slice = learned && baseFrame ? (baseGroups ? (rows ? takeRows(baseFrame, rows) : undefined) : baseFrame) : undefined;
      const r = evaluate(b, cur, slice);
      cohorts.push({ ...base, status: r.status, metrics: r.metrics, columns: r.columns ?? [], ...(cohortNotes.length ? { notes: cohortNotes } : {}) });
    }
  }
  return {
    plugin: args.pluginId,
    version: args.pluginVersion,
    status: worstStatus(cohorts.map((c) => c.status)),
    cohorts,
    n: { current: current.all.rows, reference: baseline.all.rows },
  };
}

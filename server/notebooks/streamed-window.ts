/**
 * The streamed path of evaluateSelection for windows larger than EVAL_MAX_WINDOW_ROWS: drift.ks,
 * drift.wasserstein and drift.psi read the window chunk by chunk (iterateWindow) into per-column
 * rank sketches instead of loading it whole (server/evaluation/streamed-drift.ts). A window within
 * the limit is left to the exact path (null): only its first chunk has been read.
 */
import type { DriftCommon, DriftTestOptions, Frame } from "../../plugins/sdk";
import { ColumnSketches, driftFromSketches, sketchChunks, STREAMED_DRIFT_TESTS } from "../evaluation/streamed-drift";
import { predictionRepository } from "../predictions";
import { env } from "../env";
import type { EvaluationOutput, ResolvedSelection } from "./types";

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
}): Promise<EvaluationOutput | null> {
  const test = STREAMED_DRIFT_TESTS[args.pluginId];
  const ref = args.selection.reference;
  if (!test || (ref.kind !== "baseline" && ref.kind !== "window")) return null;
  const repo = predictionRepository({ readOnly: true });
  const versions = args.selection.versions.length ? args.selection.versions : undefined;
  const query = { modelId: args.modelId, version: versions, from: Date.parse(args.selection.from), to: Date.parse(args.selection.to) };
  // The probe reads one segment (chunkRows 1): its stats carry the whole window's row count.
  const probe = repo.iterateWindow(query, 1)[Symbol.asyncIterator]();
  const first = await probe.next();
  await probe.return?.();
  const limit = args.maxWindowRows ?? env.EVAL_MAX_WINDOW_ROWS;
  if (first.done || (first.value.stats.windowRows ?? first.value.stats.rows) <= limit) return null;
  const wanted = args.config.columns ?? (args.columns?.length ? args.columns : undefined);
  const started = performance.now();
  const current = await sketchChunks(repo.iterateWindow(query), wanted);

  let baseFrame: Frame | undefined;
  let baseline: ColumnSketches;
  if (ref.kind === "baseline") {
    baseFrame = (await repo.loadBaseline(ref.baselineId)).frame;
    baseline = new ColumnSketches();
    baseline.addFrame(baseFrame, wanted);
  } else {
    baseline = await sketchChunks(repo.iterateWindow({ modelId: args.modelId, version: versions, from: Date.parse(ref.from), to: Date.parse(ref.to) }), wanted);
  }
  const names = wanted ?? [...new Set([...current.numeric.keys(), ...current.categorical.keys()])];
  const r = driftFromSketches({ test, config: args.config, columns: names, baseline, current, baseFrame });
  const seconds = (performance.now() - started) / 1000;
  const notes = [
    `streamed: ${current.rows.toLocaleString("en-US")} rows > EVAL_MAX_WINDOW_ROWS (${limit.toLocaleString("en-US")}), read chunk by chunk into rank sketches in ${seconds.toFixed(1)} s; each column states its error bound`,
    ...(args.selection.cohortKeys.length ? [`cohorts (${args.selection.cohortKeys.join(", ")}) are not evaluated on a streamed window: only "all"`] : []),
  ];
  return {
    plugin: args.pluginId,
    version: args.pluginVersion,
    status: r.status,
    cohorts: [{ cohort: "all", n: current.rows, evaluator: `${args.pluginId}@${args.pluginVersion}`, status: r.status, metrics: r.metrics, columns: r.columns ?? [], notes }],
    n: { current: current.rows, reference: baseline.rows },
  };
}

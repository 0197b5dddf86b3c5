import type { CategoricalColumn, Frame } from "../../plugins/sdk";
import type { BaselineFormat } from "../ingest/baselines";
import type { BaselineColumn } from "../ingest/schemas";
import type { NormalizedLabel, NormalizedPrediction } from "../ingest/validate";

/**
 * Prediction storage behind one async interface: what the ingest API, the evaluation runner, the
 * model page, the demo seed and the benches call. Signatures use only SDK frames, zod-inferred
 * types and plain TS, so a second implementation (PostgreSQL) can sit behind the same seam.
 * The SQLite implementation is `sqlite-repository.ts`; obtain it through `predictionRepository()`
 * (server/predictions/index.ts). Layout and figures: STORAGE.md.
 */
export interface PredictionRepository {
  // ── inventory the write path needs (read raw, so the hot path never waits on Prisma) ──
  /** The model by workspace and slug, or null. */
  findModel(workspaceId: string, slug: string): Promise<ModelRef | null>;
  /** Registered versions, oldest first. */
  versions(modelId: string): Promise<VersionRef[]>;

  // ── writes: durable (fsynced) when the promise resolves ──
  /** Stores new predictions (by model, version, requestId); the others count as duplicates. */
  writePredictions(model: ModelRef, rows: NormalizedPrediction[]): Promise<WriteResult>;
  /** Stores labels and joins them to their predictions; an identical repeat is a duplicate. */
  writeLabels(modelId: string, labels: NormalizedLabel[]): Promise<LabelWriteResult>;
  /** Stores an encoded baseline (its row and chunks) in one transaction, replacing `replaceId`. */
  writeBaseline(meta: BaselineMeta, data: EncodedBaseline): Promise<StoredBaseline>;

  // ── reads ──
  /** A window (model, versions, time range, cohort filter) as SDK frames, labels joined. */
  loadWindow(query: WindowQuery): Promise<WindowResult>;
  /**
   * The same window a few segments at a time — each chunk ≤ `chunkRows` rows (or one segment),
   * of one version, labels joined — so an export of millions of rows holds one chunk in memory.
   * Versions come in the order of `query.version` (all versions: registration order).
   */
  iterateWindow(query: WindowQuery, chunkRows?: number): AsyncIterable<WindowResult>;
  /**
   * The rows of the stored segments of `versions` (all when absent) that overlap [from, to), from
   * the segment metadata alone (no segment is read): the window's size before choosing how to read
   * it. An upper bound — a segment straddling an edge counts whole; the cohort filter is ignored.
   */
  countWindowRows(query: Pick<WindowQuery, "modelId" | "version" | "from" | "to">): Promise<number>;
  /** The version labels that have stored predictions, registered or not. */
  storedVersions(modelId: string): Promise<string[]>;
  /** Of `requestIds`, those that one of `versions` logged in [from, to) (epoch ms). */
  loggedRequestIds(modelId: string, versions: string[], requestIds: string[], range: { from?: number; to?: number }): Promise<Set<string>>;
  /** A stored baseline as an SDK frame with its column summaries. */
  loadBaseline(baselineId: string): Promise<BaselineFrame>;
  /** The model's baselines, newest first. */
  listBaselines(modelId: string): Promise<BaselineSummary[]>;
  /** Id of the model's baseline called `name`, or null. */
  findBaseline(modelId: string, name: string): Promise<string | null>;
  /** Id of the model's registered version `label`, or null. */
  findVersionId(modelId: string, label: string): Promise<string | null>;
  /**
   * Volume, label coverage/latency and data-quality signals per version, for the model page.
   * With `days`, only the rollups of UTC days `from`…`to` (inclusive, dayOf numbers: rollup.ts) count.
   */
  modelTraffic(modelId: string, registeredVersions?: string[], days?: DayRange): Promise<ModelTraffic>;
  /** Per model of the workspace with traffic since `sinceMs` (whole UTC days): requests, rows, errors — from the rollups. */
  workspaceTraffic(workspaceId: string, sinceMs: number): Promise<Record<string, RecentTraffic>>;
  /** Whether any prediction of the model is stored. */
  hasTraffic(modelId: string): Promise<boolean>;
  /** How many predictions of `versions` (all when empty) were stored after `sinceMs` (epoch ms, exclusive). */
  countReceivedSince(modelId: string, versions: string[], sinceMs: number): Promise<number>;

  // ── maintenance (the storageMaintenance job): bounded batches, each its own transaction ──
  /** Merges the model's small segments, per series and UTC day; every row stays stored exactly once. */
  compactSegments(modelId: string, options?: MaintenanceOptions): Promise<CompactionResult>;
  /**
   * Deletes the model's predictions older than `cutoffMs` (epoch ms, by prediction time), their
   * label links, labels whose predictions are all gone and older labels that never met one.
   * Rollups (pred_rollup, pred_quality, pred_label_stats' label count) are kept.
   */
  deleteOlderThan(modelId: string, cutoffMs: number, options?: MaintenanceOptions): Promise<RetentionResult>;
}

export interface MaintenanceOptions {
  /** Rows rewritten or deleted per transaction (the longest a write lock is held). */
  batchRows?: number;
  /** Compaction merges segments of fewer than targetRows / 2 rows into segments of up to targetRows. */
  targetRows?: number;
}

export const DEFAULT_MAINTENANCE: Required<MaintenanceOptions> = { batchRows: 20_000, targetRows: 20_000 };

export interface CompactionResult {
  /** Segments replaced, segments written in their place, rows they held, transactions. */
  segmentsMerged: number;
  segmentsWritten: number;
  rows: number;
  batches: number;
}

export interface RetentionResult {
  segmentsDeleted: number;
  /** Segments that straddled the cutoff, rewritten with their newer rows. */
  segmentsTrimmed: number;
  predictionsDeleted: number;
  labelsDeleted: number;
  batches: number;
}

/** Whole UTC days, inclusive, as rollup day numbers (rollup.ts dayOf). */
export interface DayRange {
  from: number;
  to: number;
}

export interface ModelRef {
  id: string;
  slug: string;
  workspaceId: string;
  task: string;
  requireKnownVersion: boolean;
}

export interface VersionRef {
  label: string;
  stage: string;
}

export interface WriteResult {
  accepted: number;
  duplicates: number;
  /** Feature-contract violations by kind. */
  dataQuality: Record<string, number>;
}

export interface LabelWriteResult {
  accepted: number;
  duplicates: number;
}

export interface WindowQuery {
  modelId: string;
  /** One version, several, or all when absent. */
  version?: string | string[];
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Keep rows whose cohort attribute (or categorical feature) has one of the values. */
  cohort?: Record<string, string | string[]>;
  /** Only these features (default: all seen). */
  features?: string[];
  includeRequestIds?: boolean;
  includeLabels?: boolean;
  /** Also return when each label arrived (`labelAt`). */
  includeLabelTimes?: boolean;
}

export interface WindowResult {
  frame: Frame;
  /** Per row: version label (dictionary-encoded). */
  version: CategoricalColumn;
  error?: CategoricalColumn;
  tokensIn?: Float64Array;
  tokensOut?: Float64Array;
  /** Per row: the label's own timestamp (epoch ms), NaN without a label; with `includeLabelTimes`. */
  labelAt?: Float64Array;
  /** Per row: 1 / sample rate, present when any row of the window was logged at a rate < 1. */
  weights?: Float64Array;
  /**
   * `rows` is the sample size the window's results rest on (stored rows, not estimated requests);
   * `windowRows`: with iterateWindow, the rows of the whole window (every chunk), for progress.
   */
  stats: { segments: number; rows: number; ms: number; windowRows?: number };
}

export interface BaselineFrame {
  frame: Frame;
  columns: BaselineColumn[];
}

export interface BaselineMeta {
  modelId: string;
  name: string;
  versionId: string | null;
  format: BaselineFormat;
  /** The baseline this one replaces (same name), deleted in the same transaction. */
  replaceId: string | null;
}

/** A baseline already encoded by the reader: chunks in the segment codec (codec.ts). */
export interface EncodedBaseline {
  rowCount: number;
  columns: BaselineColumn[];
  chunks: readonly { n: number; data: Uint8Array }[];
}

export interface StoredBaseline {
  id: string;
  name: string;
  format: BaselineFormat;
  rowCount: number;
  columns: BaselineColumn[];
}

export interface BaselineSummary {
  id: string;
  name: string;
  version: string | null;
  format: string;
  rowCount: number;
  columns: BaselineColumn[];
  createdAt: string;
}

export interface VersionTraffic {
  version: string;
  /** Stored rows: the sample size. */
  predictions: number;
  /** Requests the rows stand for (Σ 1/sampleRate); equals `predictions` when nothing was sampled. */
  requests: number;
  /** Rows logged at a sample rate < 1: when > 0, requests, errors, cost and tokens are estimates. */
  sampledRows: number;
  /** Failed requests (weighted) and their share of requests. */
  errors: number;
  errorRate: number | null;
  /** Totals over requests (weighted). */
  costUsd: number;
  tokensIn: number;
  tokensOut: number;
  /** Serving latency quantiles (DDSketch, ±1% relative error), weighted. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  firstAt: number | null;
  lastAt: number | null;
  labeled: number;
  /** Labelled requests / requests (weighted), or null when there are no predictions */
  labelCoverage: number | null;
  /** label time − prediction time, ms (DDSketch, ±1% relative error; a replaced label keeps its first latency) */
  labelLatencyP50Ms: number | null;
  labelLatencyP95Ms: number | null;
  /** Contract violations by kind (out_of_range, new_category, …) */
  quality: Record<string, number>;
  /** Top violating features: feature → kind → count */
  qualityByFeature: { feature: string; kind: string; count: number }[];
}

export interface ModelTraffic {
  versions: VersionTraffic[];
  labels: number;
  /** Labels whose prediction has not arrived (yet). */
  labelsWaiting: number;
  /** Per UTC day, all versions: stored rows and the requests they stand for. */
  daily: { day: string; predictions: number; requests: number }[];
  /** Per UTC day and version: request rate, errors and latency (the serving chart). */
  serving: ServingPoint[];
  /** What the counts rest on, all versions: estimated when sampledRows > 0 (server/format/estimate.ts). */
  sample: { rows: number; requests: number; sampledRows: number };
}

export interface RecentTraffic {
  /** Whole UTC days covered (the page divides by it for a daily rate). */
  days: number;
  rows: number;
  requests: number;
  sampledRows: number;
  errors: number;
}

export interface ServingPoint {
  day: string;
  version: string;
  /** Requests that day (weighted), and per minute. */
  requests: number;
  requestsPerMinute: number;
  errors: number;
  errorRate: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

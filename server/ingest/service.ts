import { env } from "../env";
import { UnparsedRecord, unparsedRejection } from "./body";
import type { IngestResult, Rejection } from "./schemas";
import type { ModelRef, PredictionRepository } from "../predictions/repository";
import { isRejection, validateLabel, validatePrediction, type NormalizedPrediction } from "./validate";

export interface IngestLimits {
  maxFeaturesPerRow: number;
  maxFeaturesPerBatch: number;
}

/**
 * A batch split into the rows to write and the rejections — records the body could not parse, and
 * those `validate` rejects — each with its index, in input order.
 */
function validateBatch<T extends object>(records: unknown[], validate: (record: unknown, index: number) => T | Rejection): { good: T[]; rejected: Rejection[] } {
  const good: T[] = [];
  const rejected: Rejection[] = [];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    const r = rec instanceof UnparsedRecord ? unparsedRejection(rec, i) : validate(rec, i);
    if (isRejection(r)) rejected.push(r);
    else good.push(r);
  }
  return { good, rejected };
}

const envLimits = (): IngestLimits => ({ maxFeaturesPerRow: env.INGEST_MAX_FEATURES_PER_ROW, maxFeaturesPerBatch: env.INGEST_MAX_FEATURES_PER_BATCH });

/**
 * Keeps the distinct feature and cohort names of a batch under the limit: a row that would add a
 * name beyond it is rejected, the rows before it are kept.
 */
class BatchNames {
  private readonly features = new Set<string>();
  private readonly cohort = new Set<string>();
  constructor(private readonly max: number) {}
  /** One Set lookup per name (no per-row strings or closures): the common row adds no name. */
  admit(r: NormalizedPrediction): Rejection | null {
    const added = newNames(this.features, r.features) + (r.cohort ? newNames(this.cohort, r.cohort) : 0);
    if (added === 0) return null;
    if (this.features.size + this.cohort.size + added > this.max)
      return {
        index: r.index,
        field: "features",
        message: `this row would bring the batch above ${this.max.toLocaleString("en-US")} distinct feature and cohort names; send wide rows in their own batch or raise INGEST_MAX_FEATURES_PER_BATCH`,
      };
    for (const k in r.features) this.features.add(k);
    if (r.cohort) for (const k in r.cohort) this.cohort.add(k);
    return null;
  }
}

/** How many of the object's names the set lacks (an object's names are distinct). */
function newNames(names: Set<string>, obj: object): number {
  let n = 0;
  for (const k in obj) if (!names.has(k)) n++;
  return n;
}

/** Validates parsed records, stores the good ones and reports the rest — used by HTTP, CLI and seed. */
export async function ingestPredictions(predictions: PredictionRepository, model: ModelRef, records: unknown[], now = Date.now(), limits: IngestLimits = envLimits()): Promise<IngestResult> {
  const versions = await predictions.versions(model.id);
  const ctx = {
    now,
    defaultVersion: versions.find((v) => v.stage === "production")?.label ?? null,
    knownVersions: model.requireKnownVersion ? new Set(versions.map((v) => v.label)) : null,
    maxFeaturesPerRow: limits.maxFeaturesPerRow,
  };
  const names = new BatchNames(limits.maxFeaturesPerBatch);
  const { good, rejected } = validateBatch(records, (rec, i) => {
    const r = validatePrediction(rec, i, ctx);
    return isRejection(r) ? r : (names.admit(r) ?? r);
  });
  const written = good.length ? await predictions.writePredictions(model, good) : { accepted: 0, duplicates: 0, dataQuality: {} };
  return { accepted: written.accepted, duplicates: written.duplicates, rejected, dataQuality: written.dataQuality };
}

export async function ingestLabels(predictions: PredictionRepository, model: ModelRef, records: unknown[], now = Date.now()): Promise<IngestResult> {
  const { good, rejected } = validateBatch(records, (rec, i) => validateLabel(rec, i, now));
  const written = good.length ? await predictions.writeLabels(model.id, good) : { accepted: 0, duplicates: 0 };
  return { ...written, rejected };
}

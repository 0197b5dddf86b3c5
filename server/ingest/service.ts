import { UnparsedRecord, unparsedRejection } from "./body";
import type { IngestResult, Rejection } from "./schemas";
import type { ModelRef, PredictionStore } from "./store";
import { isRejection, validateLabel, validatePrediction, type NormalizedLabel, type NormalizedPrediction } from "./validate";

/** Validates parsed records, stores the good ones and reports the rest — used by HTTP, CLI and seed. */
export async function ingestPredictions(store: PredictionStore, model: ModelRef, records: unknown[], now = Date.now()): Promise<IngestResult> {
  const versions = store.versions(model.id);
  const ctx = {
    now,
    defaultVersion: versions.find((v) => v.stage === "production")?.label ?? null,
    knownVersions: model.requireKnownVersion ? new Set(versions.map((v) => v.label)) : null,
  };
  const rejected: Rejection[] = [];
  const good: NormalizedPrediction[] = [];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec instanceof UnparsedRecord) {
      rejected.push(unparsedRejection(rec, i));
      continue;
    }
    const r = validatePrediction(rec, i, ctx);
    if (isRejection(r)) rejected.push(r);
    else good.push(r as NormalizedPrediction);
  }
  const written = good.length ? await store.commitPredictions(model, good) : { accepted: 0, duplicates: 0, dataQuality: {} };
  return { accepted: written.accepted, duplicates: written.duplicates, rejected, dataQuality: written.dataQuality };
}

export async function ingestLabels(store: PredictionStore, model: ModelRef, records: unknown[], now = Date.now()): Promise<IngestResult> {
  const rejected: Rejection[] = [];
  const good: NormalizedLabel[] = [];
  for (let i = 0; i < records.length; i++) {
    const rec = records[i];
    if (rec instanceof UnparsedRecord) {
      rejected.push(unparsedRejection(rec, i));
      continue;
    }
    const r = validateLabel(rec, i, now);
    if (isRejection(r)) rejected.push(r);
    else good.push(r as NormalizedLabel);
  }
  const written = good.length ? await store.commitLabels(model.id, good) : { accepted: 0, duplicates: 0 };
  return { ...written, rejected };
}

import { ColumnBuilder, encodeBlob, type EncodedColumn } from "./codec";
import { COHORT_PREFIX, COL, FEATURE_PREFIX } from "./columns";
import type { NormalizedPrediction } from "../ingest/validate";
import { QualityTally, checkFeatures, type ContractFeature } from "./contract";
import { SeriesRollup, dayOf } from "./rollup";

/** Encodes accepted rows into one columnar segment blob. `visit` sees each row once (contract checks). */
export function encodeSegment(rows: NormalizedPrediction[], visit?: (r: NormalizedPrediction) => void): { blob: Buffer; tsMin: number; tsMax: number } {
  const n = rows.length;
  const ts = new Float64Array(n);
  const predNum = new Float64Array(n);
  const latency = new Float64Array(n);
  const cost = new Float64Array(n);
  const tokIn = new Float64Array(n);
  const tokOut = new Float64Array(n);
  const predClass = new ColumnBuilder(n);
  const errors = new ColumnBuilder(n);
  const rates = new ColumnBuilder(n);
  const requestIds: string[] = new Array(n);
  let predJson: (string | null)[] | null = null;
  let hasClass = false;
  let hasError = false;
  let hasTokens = false;
  const features = new Map<string, ColumnBuilder>();
  const cohorts = new Map<string, ColumnBuilder>();
  let tsMin = Infinity;
  let tsMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    visit?.(r);
    ts[i] = r.ts;
    if (r.ts < tsMin) tsMin = r.ts;
    if (r.ts > tsMax) tsMax = r.ts;
    requestIds[i] = r.requestId;
    predNum[i] = r.predNum;
    if (r.predClass !== null) {
      predClass.set(i, r.predClass);
      hasClass = true;
    }
    if (r.predJson !== null) (predJson ??= new Array<string | null>(n).fill(null))[i] = r.predJson;
    latency[i] = r.latencyMs;
    cost[i] = r.costUsd;
    tokIn[i] = r.tokensIn;
    tokOut[i] = r.tokensOut;
    if (r.tokensIn === r.tokensIn || r.tokensOut === r.tokensOut) hasTokens = true;
    if (r.error !== null) {
      errors.set(i, r.error);
      hasError = true;
    }
    if (r.sampleRate !== undefined && r.sampleRate < 1) rates.set(i, r.sampleRate);
    const f = r.features;
    for (const k in f) {
      let b = features.get(k);
      if (!b) features.set(k, (b = new ColumnBuilder(n)));
      b.set(i, f[k]);
    }
    if (r.cohort) {
      for (const k in r.cohort) {
        let b = cohorts.get(k);
        if (!b) cohorts.set(k, (b = new ColumnBuilder(n)));
        b.set(i, r.cohort[k]);
      }
    }
  }
  const cols: EncodedColumn[] = [
    { name: COL.ts, kind: "f64", values: ts },
    { name: COL.predNum, kind: "f64", values: predNum },
    { name: COL.latencyMs, kind: "f64", values: latency },
    { name: COL.costUsd, kind: "f64", values: cost },
  ];
  if (hasTokens) cols.push({ name: COL.tokensIn, kind: "f64", values: tokIn }, { name: COL.tokensOut, kind: "f64", values: tokOut });
  if (hasClass) cols.push(predClass.toColumn(COL.predClass));
  if (hasError) cols.push(errors.toColumn(COL.error));
  if (rates.count) cols.push(rates.toColumn(COL.sampleRate));
  if (predJson) cols.push({ name: COL.predJson, kind: "json", values: predJson });
  for (const [k, b] of features) cols.push(b.toColumn(FEATURE_PREFIX + k));
  // cohorts are categories even when they look numeric
  for (const [k, b] of cohorts) cols.push(b.toColumn(COHORT_PREFIX + k, true));
  cols.push({ name: COL.requestId, kind: "json", values: requestIds });
  return { blob: encodeBlob(n, cols), tsMin, tsMax };
}

/**
 * A batch's segment plus, in the same pass, its data-quality tallies per UTC day against the
 * contract and its rollup deltas per UTC day (rollup.ts) — both stores.
 */
export function encodeSegmentWithTallies(
  rows: NormalizedPrediction[],
  contract: ContractFeature[],
  byName: Map<string, ContractFeature>,
): { blob: Buffer; tsMin: number; tsMax: number; tallies: Map<number, QualityTally>; rollup: SeriesRollup } {
  const tallies = new Map<number, QualityTally>();
  const rollup = new SeriesRollup();
  const encoded = encodeSegment(rows, (r) => {
    const day = dayOf(r.ts);
    rollup.at(day).addPrediction(r.ts, r.latencyMs, r.costUsd, r.tokensIn, r.tokensOut, r.error !== null, r.sampleRate ?? 1);
    if (contract.length === 0) return;
    let t = tallies.get(day);
    if (!t) tallies.set(day, (t = new QualityTally()));
    checkFeatures(contract, byName, r.features, t);
  });
  return { ...encoded, tallies, rollup };
}

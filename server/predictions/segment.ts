import { encodeBlob, encodeColumnValues, type EncodedColumn } from "./codec";
import { COHORT_PREFIX, COL, FEATURE_PREFIX } from "./columns";
import type { FeatureValue, NormalizedPrediction } from "../ingest/validate";
import { QualityTally, checkFeatureColumn, type ContractFeature } from "./contract";
import { SeriesRollup, dayOf } from "./rollup";

/** Row i's value of a feature or cohort name; an inherited property (no stored value is an object or a function) is absent. */
type Cells = Record<string, FeatureValue> | null;

/** The names carried by any row, in order of first appearance (the segment's column order). */
function namesOf(rows: NormalizedPrediction[], pick: (r: NormalizedPrediction) => Cells): string[] {
  const seen = new Set<string>();
  // Rows of a batch nearly always carry the same names in the same order: a name at the same
  // position as in the first row's list is already seen, so only the others touch the set.
  let first: string[] | null = null;
  for (let i = 0; i < rows.length; i++) {
    const o = pick(rows[i]!);
    if (!o) continue;
    if (!first) {
      first = [];
      for (const k in o) first.push(k);
      for (const k of first) seen.add(k);
      continue;
    }
    let j = 0;
    for (const k in o) if (first[j++] !== k) seen.add(k);
  }
  return [...seen];
}

/** Fills `out` with every row's value of `name` (undefined = absent). */
function gather(rows: NormalizedPrediction[], pick: (r: NormalizedPrediction) => Cells, name: string, out: (FeatureValue | undefined)[]): void {
  for (let i = 0; i < rows.length; i++) {
    const o = pick(rows[i]!);
    const v = o ? o[name] : undefined;
    out[i] = typeof v === "object" && v !== null ? undefined : typeof v === "function" ? undefined : v;
  }
}

const featuresOfRow = (r: NormalizedPrediction): Cells => r.features;
const cohortOfRow = (r: NormalizedPrediction): Cells => r.cohort;

/**
 * Encodes accepted rows into one columnar segment blob, column by column: one pass over the batch
 * per column fills its typed array directly. `visit` sees each row once (rollup deltas);
 * `onFeature` each feature column's values once (contract checks).
 */
export function encodeSegment(
  rows: NormalizedPrediction[],
  visit?: (r: NormalizedPrediction, i: number) => void,
  onFeature?: (name: string, vals: (FeatureValue | undefined)[]) => void,
): { blob: Buffer; tsMin: number; tsMax: number } {
  const n = rows.length;
  const ts = new Float64Array(n);
  const predNum = new Float64Array(n);
  const latency = new Float64Array(n);
  const cost = new Float64Array(n);
  const tokIn = new Float64Array(n);
  const tokOut = new Float64Array(n);
  const requestIds: string[] = new Array(n);
  let predJson: (string | null)[] | null = null;
  let hasClass = false;
  let hasError = false;
  let hasTokens = false;
  let hasRate = false;
  let tsMin = Infinity;
  let tsMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    visit?.(r, i);
    ts[i] = r.ts;
    if (r.ts < tsMin) tsMin = r.ts;
    if (r.ts > tsMax) tsMax = r.ts;
    requestIds[i] = r.requestId;
    predNum[i] = r.predNum;
    if (r.predClass !== null) hasClass = true;
    if (r.predJson !== null) (predJson ??= new Array<string | null>(n).fill(null))[i] = r.predJson;
    latency[i] = r.latencyMs;
    cost[i] = r.costUsd;
    tokIn[i] = r.tokensIn;
    tokOut[i] = r.tokensOut;
    if (r.tokensIn === r.tokensIn || r.tokensOut === r.tokensOut) hasTokens = true;
    if (r.error !== null) hasError = true;
    if (r.sampleRate !== undefined && r.sampleRate < 1) hasRate = true;
  }
  const cols: EncodedColumn[] = [
    { name: COL.ts, kind: "f64", values: ts },
    { name: COL.predNum, kind: "f64", values: predNum },
    { name: COL.latencyMs, kind: "f64", values: latency },
    { name: COL.costUsd, kind: "f64", values: cost },
  ];
  if (hasTokens) cols.push({ name: COL.tokensIn, kind: "f64", values: tokIn }, { name: COL.tokensOut, kind: "f64", values: tokOut });
  const vals: (FeatureValue | undefined)[] = new Array(n);
  if (hasClass) {
    for (let i = 0; i < n; i++) vals[i] = rows[i]!.predClass;
    cols.push(encodeColumnValues(COL.predClass, vals, n));
  }
  if (hasError) {
    for (let i = 0; i < n; i++) vals[i] = rows[i]!.error;
    cols.push(encodeColumnValues(COL.error, vals, n));
  }
  if (hasRate) {
    for (let i = 0; i < n; i++) {
      const rate = rows[i]!.sampleRate;
      vals[i] = rate !== undefined && rate < 1 ? rate : undefined;
    }
    cols.push(encodeColumnValues(COL.sampleRate, vals, n));
  }
  if (predJson) cols.push({ name: COL.predJson, kind: "json", values: predJson });
  for (const k of namesOf(rows, featuresOfRow)) {
    gather(rows, featuresOfRow, k, vals);
    onFeature?.(k, vals);
    cols.push(encodeColumnValues(FEATURE_PREFIX + k, vals, n));
  }
  // cohorts are categories even when they look numeric
  for (const k of namesOf(rows, cohortOfRow)) {
    gather(rows, cohortOfRow, k, vals);
    cols.push(encodeColumnValues(COHORT_PREFIX + k, vals, n, true));
  }
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
  const rollup = new SeriesRollup();
  const n = rows.length;
  // each row's day as a slot of `days` / `dayTallies`
  const dayIndex = new Int32Array(n);
  const days: number[] = [];
  const dayTallies: QualityTally[] = [];
  let lastDay = NaN;
  let lastSlot = -1;
  const seen = new Set<string>();
  const encoded = encodeSegment(
    rows,
    (r, i) => {
      const day = dayOf(r.ts);
      rollup.at(day).addPrediction(r.ts, r.latencyMs, r.costUsd, r.tokensIn, r.tokensOut, r.error !== null, r.sampleRate ?? 1);
      if (day !== lastDay) {
        lastDay = day;
        lastSlot = days.indexOf(day);
        if (lastSlot < 0) {
          lastSlot = days.push(day) - 1;
          dayTallies.push(new QualityTally());
        }
      }
      dayIndex[i] = lastSlot;
    },
    contract.length === 0
      ? undefined
      : (name, vals) => {
          seen.add(name);
          checkFeatureColumn(name, byName.get(name), vals, n, dayIndex, dayTallies);
        },
  );
  const tallies = new Map<number, QualityTally>();
  if (contract.length) {
    const absent: undefined[] = new Array(n);
    for (const f of contract) if (!seen.has(f.name)) checkFeatureColumn(f.name, f, absent, n, dayIndex, dayTallies);
    for (let d = 0; d < days.length; d++) tallies.set(days[d]!, dayTallies[d]!);
  }
  return { ...encoded, tallies, rollup };
}

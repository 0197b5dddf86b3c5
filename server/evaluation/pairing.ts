/**
 * Pairing two versions' predictions by request id (DESIGN §2: a shadow or canary version logs the
 * same requestId as production). Linear in the rows: one typed-array index of A's ids (id-table.ts)
 * looked up with B's.
 */
import { categoricalColumn, takeRows, toCategorical, type Column, type Frame } from "@/plugins/sdk";
import { IdTable } from "./id-table";

export interface Pairing {
  /** rows of A and B, aligned: row i of each answers the same request; labels merged onto both */
  a: Frame;
  b: Frame;
  paired: number;
  /** distinct requests only one version answered */
  onlyA: number;
  onlyB: number;
  /** repeated request ids (the first row of each id is kept) */
  duplicatesA: number;
  duplicatesB: number;
  /** paired rows that got their label from the labels file */
  labelsFromFile: number;
}

export class PairingError extends Error {}

/** First row per request-id code, and how many rows repeat an id. */
function firstRows(f: Frame): { first: Int32Array; duplicates: number } {
  const rid = f.requestId!;
  const first = new Int32Array(rid.dictionary.length).fill(-1);
  let duplicates = 0;
  for (let i = 0; i < rid.codes.length; i++) {
    const c = rid.codes[i];
    if (c < 0) continue;
    if (first[c] >= 0) duplicates++;
    else first[c] = i;
  }
  return { first, duplicates };
}

function labelText(c: Column | undefined, i: number): string | null {
  if (!c) return null;
  if (c.type === "numeric") return Number.isNaN(c.values[i]) ? null : String(c.values[i]);
  return c.codes[i] < 0 ? null : c.dictionary[c.codes[i]];
}

/**
 * The label of each pair: A's, else B's, else the labels file's (by request id). Numeric when every
 * source is numeric, else categorical text.
 */
function mergedLabel(a: Frame, b: Frame, labels: Frame | undefined, idsOf: () => readonly string[]): { label: Column | undefined; fromFile: number } {
  const sources = [a.label, b.label];
  let fileRow: Map<string, number> | undefined;
  let ids: readonly string[] = [];
  if (labels?.label && labels.requestId) {
    ids = idsOf();
    fileRow = new Map();
    const rid = labels.requestId;
    for (let i = 0; i < rid.codes.length; i++) if (rid.codes[i] >= 0) fileRow.set(rid.dictionary[rid.codes[i]], i);
    sources.push(labels.label);
  }
  if (sources.every((s) => !s)) return { label: undefined, fromFile: 0 };
  let fromFile = 0;
  const n = a.length;
  if (sources.every((s) => !s || s.type === "numeric")) {
    const out = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      let v = a.label ? (a.label as { values: Float64Array }).values[i] : NaN;
      if (Number.isNaN(v) && b.label) v = (b.label as { values: Float64Array }).values[i];
      if (Number.isNaN(v) && fileRow) {
        const r = fileRow.get(ids[i]);
        if (r !== undefined) {
          v = (labels!.label as { values: Float64Array }).values[r];
          if (!Number.isNaN(v)) fromFile++;
        }
      }
      out[i] = v;
    }
    return { label: { type: "numeric", values: out }, fromFile };
  }
  const text: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let v = labelText(a.label, i) ?? labelText(b.label, i);
    if (v === null && fileRow) {
      const r = fileRow.get(ids[i]);
      if (r !== undefined) {
        v = labelText(labels!.label, r);
        if (v !== null) fromFile++;
      }
    }
    text[i] = v;
  }
  return { label: categoricalColumn(text), fromFile };
}

/** Joins A and B on request id; throws when a side has no request ids. */
export function pairByRequest(a: Frame, b: Frame, labels?: Frame): Pairing {
  if (!a.requestId) throw new PairingError("version A has no request ids: pairing needs a request_id on every prediction");
  if (!b.requestId) throw new PairingError("version B has no request ids: pairing needs a request_id on every prediction");
  if (labels && !labels.requestId) throw new PairingError("the labels file has no request_id column");
  if (labels && !labels.label) throw new PairingError("the labels file has no label column");
  const A = firstRows(a);
  const B = firstRows(b);
  const aDict = a.requestId.dictionary;
  const aCode = new IdTable(aDict, aDict.length);
  for (let c = 0; c < aDict.length; c++) if (A.first[c] >= 0) aCode.set(c);
  // Keep A's row order (time order when loaded from storage): B's row of each of A's rows, then
  // one pass over A's rows puts the pairs in order in O(n).
  const partner = new Int32Array(a.length).fill(-1);
  let paired = 0;
  let onlyB = 0;
  const bDict = b.requestId.dictionary;
  for (let c = 0; c < bDict.length; c++) {
    const rb = B.first[c];
    if (rb < 0) continue;
    const ca = aCode.get(bDict[c]);
    if (ca < 0) {
      onlyB++;
      continue;
    }
    const ra = A.first[ca];
    if (partner[ra] < 0) paired++;
    partner[ra] = rb;
  }
  const ra = new Int32Array(paired);
  const rb = new Int32Array(paired);
  for (let r = 0, k = 0; r < partner.length; r++) {
    const p = partner[r];
    if (p < 0) continue;
    ra[k] = r;
    rb[k++] = p;
  }
  const pa = takeRows(a, ra);
  const pb = takeRows(b, rb);
  const { label, fromFile } = mergedLabel(pa, pb, labels, () => Array.from(pa.requestId!.codes, (c) => pa.requestId!.dictionary[c]));
  const distinctA = aCode.size;
  return {
    a: { ...pa, label },
    b: { ...pb, label },
    paired: ra.length,
    onlyA: distinctA - ra.length,
    onlyB,
    duplicatesA: A.duplicates,
    duplicatesB: B.duplicates,
    labelsFromFile: fromFile,
  };
}

/** Attaches labels from a labels file to an unpaired side (by request id) where the side has none. */
export function withFileLabels(f: Frame, labels: Frame | undefined): Frame {
  if (!labels || !f.requestId) return f;
  const { label } = mergedLabel(f, { ...f, label: undefined }, labels, () => Array.from(f.requestId!.codes, (c) => (c < 0 ? "" : f.requestId!.dictionary[c])));
  return { ...f, label };
}

/** One cohort column over the pairs: A's value, else B's (a cohort known on one side only still counts). */
export function pairedCohort(a: Frame, b: Frame, key: string) {
  const get = (f: Frame) => {
    const c = f.cohorts?.[key] ?? f.features[key];
    return c ? toCategorical(c) : undefined;
  };
  const ca = get(a);
  const cb = get(b);
  if (!ca && !cb) return undefined;
  const text: (string | null)[] = new Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const va = ca && ca.codes[i] >= 0 ? ca.dictionary[ca.codes[i]] : null;
    text[i] = va ?? (cb && cb.codes[i] >= 0 ? cb.dictionary[cb.codes[i]] : null);
  }
  return categoricalColumn(text);
}

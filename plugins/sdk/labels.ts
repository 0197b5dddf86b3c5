import type { Column, Frame } from "./frame";
import { toNumeric } from "./frame";

/** 0/1 labels: numeric 0/1 (or true/false); a categorical label equal to `positive` is 1. */
export function binaryLabels(label: Column, positive: string): Float64Array {
  if (label.type === "categorical") {
    const numeric = toNumeric(label);
    const allBinary = label.dictionary.every((d) => ["0", "1", "true", "false"].includes(d.trim().toLowerCase()));
    if (allBinary) return numeric;
    const out = new Float64Array(label.codes.length);
    for (let i = 0; i < out.length; i++) {
      const c = label.codes[i];
      out[i] = c < 0 ? NaN : label.dictionary[c] === positive ? 1 : 0;
    }
    return out;
  }
  return label.values;
}

/**
 * The rows with a label in {0, 1} (binaryLabels) and a finite score, in order: their scores and
 * labels, whether every kept score is in [0, 1], and how many labels were present but neither 0
 * nor 1. When every row is kept, `scores` is `s` itself (read-only for the caller): on these
 * machines a fresh 8 MB copy costs more in first-touch page faults than the passes that read it.
 */
export function scoredBinaryRows(y: Float64Array, s: Float64Array): { scores: Float64Array; labels: Uint8Array; inUnit: boolean; invalidLabels: number } {
  let kept = 0;
  let invalidLabels = 0;
  let inUnit = true;
  for (let i = 0; i < y.length; i++) {
    const l = y[i];
    if (l === 0 || l === 1) {
      const v = s[i];
      if (v - v !== 0) continue; // NaN or ±Infinity
      kept++;
      if (v < 0 || v > 1) inUnit = false;
    } else if (l === l) invalidLabels++;
  }
  const labels = new Uint8Array(kept);
  if (kept === y.length) {
    for (let i = 0; i < kept; i++) labels[i] = y[i];
    return { scores: s, labels, inUnit, invalidLabels };
  }
  const scores = new Float64Array(kept);
  let k = 0;
  for (let i = 0; i < y.length; i++) {
    const l = y[i];
    const v = s[i];
    if ((l === 0 || l === 1) && v - v === 0) {
      scores[k] = v;
      labels[k++] = l;
    }
  }
  return { scores, labels, inUnit, invalidLabels };
}

/**
 * Labelled binary rows: y ∈ {0, 1} (binaryLabels) and the predicted class ŷ = score ≥ threshold
 * (a categorical prediction equal to `positive`, or "1"/"true", is 1). Rows with a missing label
 * or prediction are dropped; `index` maps each kept row back to the frame.
 */
export function binaryOutcomes(label: Column, prediction: Column, threshold: number, positive: string): { y: Uint8Array; yhat: Uint8Array; index: Int32Array } {
  const yAll = binaryLabels(label, positive);
  const pred = prediction.type === "categorical" ? binaryLabels(prediction, positive) : prediction.values;
  const keep: number[] = [];
  for (let i = 0; i < yAll.length; i++) if ((yAll[i] === 0 || yAll[i] === 1) && Number.isFinite(pred[i])) keep.push(i);
  const y = new Uint8Array(keep.length);
  const yhat = new Uint8Array(keep.length);
  keep.forEach((row, k) => {
    y[k] = yAll[row];
    yhat[k] = prediction.type === "categorical" ? (pred[row] === 1 ? 1 : 0) : pred[row] >= threshold ? 1 : 0;
  });
  return { y, yhat, index: Int32Array.from(keep) };
}

/**
 * Label coverage of a window: rows whose label has arrived (a non-missing label) / rows.
 * null for an empty frame; 0 when the frame has no label column at all.
 */
export function labelCoverage(frame: Frame): { labelled: number; rows: number; coverage: number | null } {
  const rows = frame.length;
  let labelled = 0;
  const l = frame.label;
  if (l?.type === "numeric") for (let i = 0; i < rows; i++) labelled += l.values[i] === l.values[i] ? 1 : 0;
  else if (l) for (let i = 0; i < rows; i++) labelled += l.codes[i] >= 0 ? 1 : 0;
  return { labelled, rows, coverage: rows ? labelled / rows : null };
}

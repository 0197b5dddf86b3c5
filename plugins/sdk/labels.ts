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

/** Cohort slicing: `all`, then one slice per value of each requested cohort key. */
import { takeRows, toCategorical, type CategoricalColumn, type Frame } from "@/plugins/sdk";

export interface CohortSlice {
  /** "all" or the cohort value. */
  cohort: string;
  /** The cohort key (column) for value cohorts. */
  key?: string;
  current: Frame;
  baseline?: Frame;
  /** Why the baseline is the full baseline (key absent from it). */
  baselineNote?: string;
}

export function cohortColumn(frame: Frame, key: string): CategoricalColumn | undefined {
  const c = frame.cohorts?.[key] ?? frame.features[key];
  return c ? toCategorical(c) : undefined;
}

/** Row indices per cohort value (values in first-seen order; missing values form no cohort). */
export function groupRows(col: CategoricalColumn): Map<string, Int32Array> {
  const counts = new Int32Array(col.dictionary.length);
  for (let i = 0; i < col.codes.length; i++) if (col.codes[i] >= 0) counts[col.codes[i]]++;
  const rows = col.dictionary.map((_, k) => new Int32Array(counts[k]));
  const fill = new Int32Array(col.dictionary.length);
  for (let i = 0; i < col.codes.length; i++) {
    const k = col.codes[i];
    if (k >= 0) rows[k][fill[k]++] = i;
  }
  const out = new Map<string, Int32Array>();
  col.dictionary.forEach((v, k) => counts[k] > 0 && out.set(v, rows[k]));
  return out;
}

export class CohortKeyError extends Error {}

/** `all` first, then per key each value (sorted as text for a stable order). */
export function sliceCohorts(current: Frame, baseline: Frame | undefined, keys: readonly string[]): CohortSlice[] {
  const slices: CohortSlice[] = [{ cohort: "all", current, baseline }];
  for (const key of keys) {
    const col = cohortColumn(current, key);
    if (!col) throw new CohortKeyError(`cohort column ${key} not found in the current data`);
    const groups = groupRows(col);
    const bcol = baseline ? cohortColumn(baseline, key) : undefined;
    const bgroups = bcol ? groupRows(bcol) : undefined;
    for (const value of [...groups.keys()].sort()) {
      const slice: CohortSlice = { cohort: value, key, current: takeRows(current, groups.get(value)!) };
      if (baseline) {
        if (bgroups) slice.baseline = takeRows(baseline, bgroups.get(value) ?? new Int32Array(0));
        else {
          slice.baseline = baseline;
          slice.baselineNote = `baseline has no ${key} column: compared with the whole baseline`;
        }
      }
      slices.push(slice);
    }
  }
  return slices;
}

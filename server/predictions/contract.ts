import type { FeatureSpec } from "../../plugins/sdk";
import { featureFromStored, type StoredFeature } from "../domain/contract";
import type { FeatureValue } from "../ingest/validate";

/**
 * Feature-contract checks. A violation never rejects a row: it is counted as a data-quality
 * signal (per series, day, feature and kind) for the data-quality evaluators to read.
 */
export const QUALITY_KINDS = ["out_of_range", "new_category", "missing_feature", "unknown_feature", "wrong_type", "null_not_allowed"] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/** A contract feature compiled for row checks: categories as a set. */
export type ContractFeature = Omit<FeatureSpec, "key" | "min" | "max" | "categories"> & {
  min: number | null;
  max: number | null;
  categories: Set<string> | null;
};

/** The stored columns the write and read paths select (the key flag is not needed here). */
export type ContractRow = Omit<StoredFeature, "key">;

export function compileContract(rows: ContractRow[]): ContractFeature[] {
  return rows.map((row) => {
    const f = featureFromStored(row);
    return { name: f.name, type: f.type, nullable: f.nullable, min: f.min ?? null, max: f.max ?? null, categories: f.categories ? new Set(f.categories) : null };
  });
}

/** Accumulates violations: key `${feature}\u0000${kind}` → count. */
export class QualityTally {
  readonly counts = new Map<string, number>();
  add(feature: string, kind: QualityKind | string, n = 1): void {
    const k = `${feature}\u0000${kind}`;
    this.counts.set(k, (this.counts.get(k) ?? 0) + n);
  }
  byKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, n] of this.counts) {
      const kind = k.slice(k.indexOf("\u0000") + 1);
      out[kind] = (out[kind] ?? 0) + n;
    }
    return out;
  }
  entries(): Array<{ feature: string; kind: string; count: number }> {
    return [...this.counts].map(([k, count]) => {
      const i = k.indexOf("\u0000");
      return { feature: k.slice(0, i), kind: k.slice(i + 1), count };
    });
  }
}

/**
 * Contract checks of one feature name over a batch, column-wise: `vals[i]` is row i's
 * value (undefined = absent), `dayIndex[i]` its day's slot in `tallies`. `f` undefined: a name not in
 * the contract (every row carrying it counts as unknown_feature). Counts are added per day at the end.
 */
export function checkFeatureColumn(
  name: string,
  f: ContractFeature | undefined,
  vals: ArrayLike<FeatureValue | undefined>,
  n: number,
  dayIndex: Int32Array,
  tallies: QualityTally[],
): void {
  const days = tallies.length;
  // counts[kind * days + day]
  const counts = new Int32Array(QUALITY_KINDS.length * days);
  const hit = (kind: number, i: number) => counts[kind * days + dayIndex[i]!]!++;
  if (!f) {
    for (let i = 0; i < n; i++) if (vals[i] !== undefined) hit(UNKNOWN, i);
  } else {
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (v === undefined) hit(MISSING, i);
      else if (v === null) {
        if (!f.nullable) hit(NULL_NOT_ALLOWED, i);
      } else if (f.type === "numeric") {
        if (typeof v !== "number") hit(WRONG_TYPE, i);
        else if ((f.min !== null && v < f.min) || (f.max !== null && v > f.max)) hit(OUT_OF_RANGE, i);
      } else if (f.type === "categorical") {
        if (f.categories && !f.categories.has(String(v))) hit(NEW_CATEGORY, i);
      } else if (f.type === "boolean") {
        if (typeof v !== "boolean" && v !== 0 && v !== 1 && v !== "true" && v !== "false") hit(WRONG_TYPE, i);
      } else if (f.type === "text") {
        if (typeof v !== "string") hit(WRONG_TYPE, i);
      }
    }
  }
  for (let kind = 0; kind < QUALITY_KINDS.length; kind++)
    for (let d = 0; d < days; d++) {
      const c = counts[kind * days + d]!;
      if (c) tallies[d]!.add(name, QUALITY_KINDS[kind]!, c);
    }
}

const [OUT_OF_RANGE, NEW_CATEGORY, MISSING, UNKNOWN, WRONG_TYPE, NULL_NOT_ALLOWED] = QUALITY_KINDS.map((_, i) => i) as [number, number, number, number, number, number];

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

export function checkFeatures(
  contract: ContractFeature[],
  byName: Map<string, ContractFeature>,
  features: Record<string, FeatureValue>,
  tally: QualityTally,
): void {
  if (contract.length === 0) return;
  for (const f of contract) {
    const v = features[f.name];
    if (v === undefined) {
      tally.add(f.name, "missing_feature");
      continue;
    }
    if (v === null) {
      if (!f.nullable) tally.add(f.name, "null_not_allowed");
      continue;
    }
    switch (f.type) {
      case "numeric":
        if (typeof v !== "number") tally.add(f.name, "wrong_type");
        else if ((f.min !== null && v < f.min) || (f.max !== null && v > f.max)) tally.add(f.name, "out_of_range");
        break;
      case "categorical":
        if (typeof v === "object") tally.add(f.name, "wrong_type");
        else if (f.categories && !f.categories.has(String(v))) tally.add(f.name, "new_category");
        break;
      case "boolean":
        if (typeof v !== "boolean" && v !== 0 && v !== 1 && v !== "true" && v !== "false") tally.add(f.name, "wrong_type");
        break;
      case "text":
        if (typeof v !== "string") tally.add(f.name, "wrong_type");
        break;
    }
  }
  for (const k in features) if (!byName.has(k)) tally.add(k, "unknown_feature");
}

import { isFeatureType, type FeatureContract, type FeatureSpec } from "../../plugins/sdk";
import { parseJsonArray } from "./model";

/** A row of the "FeatureContract" table as Prisma or a raw SQLite query returns it. */
export interface StoredFeature {
  name: string;
  type: string;
  /** Raw readers that do not need it may leave it out. */
  key?: boolean | number;
  nullable: boolean | number;
  min: number | null;
  max: number | null;
  /** JSON array of allowed categories, or null. */
  categories: string | null;
}

/** A stored contract row as the SDK's feature spec (absent bounds and categories are null). */
export function featureFromStored(row: StoredFeature): FeatureSpec {
  if (!isFeatureType(row.type)) throw new Error(`Feature "${row.name}" has an unknown stored type "${row.type}".`);
  const categories = parseJsonArray<unknown>(row.categories).map(String);
  return {
    name: row.name,
    type: row.type,
    key: Boolean(row.key),
    nullable: Boolean(row.nullable),
    min: row.min,
    max: row.max,
    categories: categories.length ? categories : null,
  };
}

export function contractFromStored(rows: StoredFeature[]): FeatureContract {
  return { features: rows.map(featureFromStored) };
}

/** The columns written for one feature (position aside). */
export function storedFromFeature(f: FeatureSpec): StoredFeature & { key: boolean; nullable: boolean } {
  return {
    name: f.name,
    type: f.type,
    key: f.key,
    nullable: f.nullable,
    min: f.min ?? null,
    max: f.max ?? null,
    categories: f.categories?.length ? JSON.stringify(f.categories) : null,
  };
}

/**
 * One side's summaries of a window read chunk by chunk, for drift on windows too large to hold:
 * per numeric column a RankSketch plus exact counts of its values while it has few of them; per
 * categorical column exact category counts; and the same set once per cohort value
 * (`CohortSketches`). Memory is bounded: ~8·k·log2(n/k) bytes per sketch, at most
 * STREAMED_MAX_CATEGORIES counts per categorical column, at most STREAMED_MAX_COHORTS values per
 * cohort key.
 */
import { CATEGORICAL_MAX_DISTINCT, DEFAULT_SKETCH_K, RankSketch, toCategorical, type Column, type Frame } from "../../plugins/sdk";
import { cohortColumn, groupRows } from "./cohorts";

/** Categories counted per categorical column; a column with more is n/a on the streamed path. */
export const STREAMED_MAX_CATEGORIES = 10_000;
/** Cohort values sketched per cohort key (the first seen); later values are listed as not evaluated. */
export const STREAMED_MAX_COHORTS = 32;

/**
 * Exact counts of a numeric column's finite values. Without `known` (the baseline side): every
 * value while there are ≤ CATEGORICAL_MAX_DISTINCT of them, else `overflow`. With `known` (the
 * current side, the baseline's values): those values, the first CATEGORICAL_MAX_DISTINCT others
 * too, and `other` for the rest.
 */
export class ValueCounts {
  readonly counts = new Map<number, number>();
  /** Values outside `known` beyond the first CATEGORICAL_MAX_DISTINCT of them. */
  other = 0;
  private unknown = 0;
  overflow = false;
  constructor(readonly known?: ReadonlySet<number>) {
    if (known) for (const v of known) this.counts.set(v, 0);
  }

  /** Counts `values` (only the rows `rows`, when given). */
  addAll(values: Float64Array, rows?: Int32Array): void {
    if (this.overflow) return;
    const counts = this.counts;
    const n = rows ? rows.length : values.length;
    for (let i = 0; i < n; i++) {
      const v = values[rows ? rows[i]! : i]!;
      if (!Number.isFinite(v)) continue;
      const c = counts.get(v);
      if (c !== undefined) counts.set(v, c + 1);
      else if (this.known && this.unknown >= CATEGORICAL_MAX_DISTINCT) this.other++;
      else if (this.known) {
        this.unknown++;
        counts.set(v, 1);
      } else if (counts.size < CATEGORICAL_MAX_DISTINCT) counts.set(v, 1);
      else {
        this.overflow = true;
        counts.clear();
        return;
      }
    }
  }
}

/** One side's summaries: a sketch (and value counts) per numeric column, category counts per categorical one. */
export class ColumnSketches {
  readonly numeric = new Map<string, RankSketch>();
  readonly values = new Map<string, ValueCounts>();
  readonly categorical = new Map<string, Map<string, number>>();
  /** Categorical columns with more than STREAMED_MAX_CATEGORIES categories (counts dropped). */
  readonly tooManyCategories = new Set<string>();
  rows = 0;
  /**
   * `known`: per numeric column, the values to count exactly (the baseline's, when it has few) —
   * the current side of a pair is built after its baseline.
   */
  constructor(
    readonly k: number = DEFAULT_SKETCH_K,
    private readonly known?: ReadonlyMap<string, ReadonlySet<number>>,
  ) {}

  /** The values of each numeric column counted exactly (≤ CATEGORICAL_MAX_DISTINCT of them). */
  fewValues(): Map<string, ReadonlySet<number>> {
    const out = new Map<string, ReadonlySet<number>>();
    for (const [name, v] of this.values) if (!v.overflow) out.set(name, new Set(v.counts.keys()));
    return out;
  }

  /** Values counted in a column (finite for numeric ones; 0 when the column was never seen or has too many categories). */
  nonMissing(name: string): number {
    const s = this.numeric.get(name);
    if (s) return s.n;
    let n = 0;
    for (const x of this.categorical.get(name)?.values() ?? []) n += x;
    return n;
  }

  /** Adds the frame's rows (only `rows`, when given: a cohort's, read in place without copying). */
  addFrame(frame: Frame, names?: readonly string[], rows?: Int32Array): void {
    this.rows += rows ? rows.length : frame.length;
    for (const name of names ?? Object.keys(frame.features)) {
      const col = frame.features[name];
      if (col) this.addColumn(name, col, rows);
    }
  }

  private addColumn(name: string, col: Column, rows: Int32Array | undefined): void {
    if (col.type === "numeric") {
      let s = this.numeric.get(name);
      if (!s) this.numeric.set(name, (s = new RankSketch(this.k)));
      if (rows) for (let i = 0; i < rows.length; i++) s.add(col.values[rows[i]!]!);
      else s.addAll(col.values);
      let v = this.values.get(name);
      if (!v) this.values.set(name, (v = new ValueCounts(this.known?.get(name))));
      v.addAll(col.values, rows);
      return;
    }
    if (this.tooManyCategories.has(name)) return;
    let counts = this.categorical.get(name);
    if (!counts) this.categorical.set(name, (counts = new Map()));
    const cat = toCategorical(col);
    const perCode = new Float64Array(cat.dictionary.length);
    if (rows) {
      for (let i = 0; i < rows.length; i++) {
        const c = cat.codes[rows[i]!]!;
        if (c >= 0) perCode[c]++;
      }
    } else for (const c of cat.codes) if (c >= 0) perCode[c]++;
    cat.dictionary.forEach((v, i) => perCode[i] && counts.set(v, (counts.get(v) ?? 0) + perCode[i]!));
    if (counts.size > STREAMED_MAX_CATEGORIES) {
      this.tooManyCategories.add(name);
      this.categorical.delete(name);
    }
  }
}

/** A cohort's identity in CohortSketches. */
export const cohortId = (key: string, value: string) => `${key}\u0000${value}`;

/**
 * ColumnSketches for the whole side (`all`) and per value of each cohort key, fed chunk by chunk.
 * `known` gives, per cohort id (and "all"), the numeric values to count exactly (see ColumnSketches).
 */
export class CohortSketches {
  readonly all: ColumnSketches;
  readonly cohorts = new Map<string, ColumnSketches>();
  /** Per key: values seen beyond STREAMED_MAX_COHORTS (not sketched). */
  readonly dropped = new Map<string, Set<string>>();
  /** Keys found in some chunk. */
  readonly keysSeen = new Set<string>();
  private readonly perKey = new Map<string, number>();

  constructor(
    readonly keys: readonly string[],
    private readonly names: readonly string[] | undefined,
    private readonly known: (cohort: string) => ReadonlyMap<string, ReadonlySet<number>> | undefined = () => undefined,
    private readonly k: number = DEFAULT_SKETCH_K,
  ) {
    this.all = new ColumnSketches(k, known("all"));
  }

  addFrame(frame: Frame): void {
    this.all.addFrame(frame, this.names);
    for (const key of this.keys) {
      const col = cohortColumn(frame, key);
      if (!col) continue;
      this.keysSeen.add(key);
      for (const [value, rows] of groupRows(col)) {
        const id = cohortId(key, value);
        let s = this.cohorts.get(id);
        if (!s) {
          const count = this.perKey.get(key) ?? 0;
          if (count >= STREAMED_MAX_COHORTS) {
            let d = this.dropped.get(key);
            if (!d) this.dropped.set(key, (d = new Set()));
            d.add(value);
            continue;
          }
          this.perKey.set(key, count + 1);
          this.cohorts.set(id, (s = new ColumnSketches(this.k, this.known(id))));
        }
        s.addFrame(frame, this.names, rows);
      }
    }
  }

  /** Cohort values of `key` that were sketched, sorted as text (the in-memory path's order). */
  values(key: string): string[] {
    const prefix = `${key}\u0000`;
    return [...this.cohorts.keys()]
      .filter((id) => id.startsWith(prefix))
      .map((id) => id.slice(prefix.length))
      .sort();
  }
}

export async function sketchChunks(
  chunks: AsyncIterable<{ frame: Frame }>,
  opts: { keys?: readonly string[]; names?: readonly string[]; known?: (cohort: string) => ReadonlyMap<string, ReadonlySet<number>> | undefined; k?: number } = {},
): Promise<CohortSketches> {
  const s = new CohortSketches(opts.keys ?? [], opts.names, opts.known, opts.k);
  for await (const chunk of chunks) s.addFrame(chunk.frame);
  return s;
}

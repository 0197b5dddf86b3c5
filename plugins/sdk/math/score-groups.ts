/**
 * Rows grouped by distinct score, by hashing the scores' bit patterns — for the common case of
 * scores with far fewer distinct values than rows (rounded probabilities, tree ensembles,
 * calibrated buckets), where one pass over the rows replaces sorting them, and a statistic of a
 * row's score (a log, a bin) is computed once per distinct score.
 */

export interface ScoreGroups {
  /** Distinct scores, ascending (-0 and +0 are one score, stored as +0). */
  values: Float64Array;
  /** Rows with label 1 / label 0 at each of `values`. */
  positives: Float64Array;
  negatives: Float64Array;
  /** Per row, the index in `values` of its score (only when asked for). */
  groupOfRow?: Uint16Array;
}

/** The most distinct scores groupScores counts: a row's group is 16 bits. */
export const MAX_SCORE_GROUPS = 1 << 16;

/**
 * Groups of the rows by score, or null as soon as there are more than `maxDistinct` (at most
 * MAX_SCORE_GROUPS) distinct scores: then sorting the rows is the cheaper way. `scores` must be
 * finite and `labels` 0 or 1; `withRows` also returns each row's group (2 bytes a row: on these
 * machines memory touched for the first time costs more than the pass that writes it).
 */
export function groupScores(scores: Float64Array, labels: Uint8Array, maxDistinct: number, withRows = false): ScoreGroups | null {
  if (maxDistinct > MAX_SCORE_GROUPS) throw new RangeError(`groupScores: at most ${MAX_SCORE_GROUPS} groups`);
  const n = scores.length;
  // Each distinct score gets an id in order of first appearance; the hash table (open addressing,
  // linear probing, at most half full, doubled as it fills) maps a score to its id. The table
  // starts small and grows with the distinct scores seen, so it stays in cache when they are few.
  let cap = 1024;
  let mask = cap - 1;
  let keys: Float64Array = new Float64Array(cap);
  let ids: Int32Array = new Int32Array(cap).fill(-1);
  let valueOfId = new Float64Array(Math.min(maxDistinct, cap >> 1));
  // counts[2 · id + label]
  let counts = new Int32Array(2 * valueOfId.length);
  const idOfRow = withRows ? new Uint16Array(n) : null;
  const words = new Uint32Array(scores.buffer, scores.byteOffset, 2 * n);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i];
    let h = slotOf(words, i, v, mask);
    let id = ids[h];
    while (id >= 0 && keys[h] !== v) {
      h = (h + 1) & mask;
      id = ids[h];
    }
    if (id < 0) {
      if (distinct === maxDistinct) return null;
      id = distinct++;
      keys[h] = v + 0; // -0 → +0
      ids[h] = id;
      if (id === valueOfId.length) {
        const grownValues = new Float64Array(Math.min(maxDistinct, 2 * valueOfId.length));
        grownValues.set(valueOfId);
        valueOfId = grownValues;
        const grownCounts = new Int32Array(2 * grownValues.length);
        grownCounts.set(counts);
        counts = grownCounts;
      }
      valueOfId[id] = v + 0;
      if (2 * distinct > cap) {
        cap *= 2;
        mask = cap - 1;
        ({ keys, ids } = rehash(keys, ids, cap));
      }
    }
    counts[2 * id + labels[i]]++;
    if (idOfRow) idOfRow[i] = id;
  }
  // the ids in ascending order of their score; group = rank
  const order = new Int32Array(distinct);
  for (let id = 0; id < distinct; id++) order[id] = id;
  const vals = valueOfId;
  order.sort((a, b) => vals[a] - vals[b]);
  const values = new Float64Array(distinct);
  const positives = new Float64Array(distinct);
  const negatives = new Float64Array(distinct);
  const groupOfId = new Uint16Array(distinct);
  for (let g = 0; g < distinct; g++) {
    const id = order[g];
    values[g] = vals[id];
    positives[g] = counts[2 * id + 1];
    negatives[g] = counts[2 * id];
    groupOfId[id] = g;
  }
  if (!idOfRow) return { values, positives, negatives };
  for (let i = 0; i < n; i++) idOfRow[i] = groupOfId[idOfRow[i]];
  return { values, positives, negatives, groupOfRow: idOfRow };
}

/** The first slot to probe for `v`, the double at index `i` of the doubles viewed as `words`. */
function slotOf(words: Uint32Array, i: number, v: number, mask: number): number {
  // ±0 share the hash 0, as they compare equal
  const h = v === 0 ? 0 : Math.imul(words[2 * i + 1] ^ Math.imul(words[2 * i], 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 16)) & mask;
}

/** The table's entries moved into one of `cap` slots. */
function rehash(keys: Float64Array, ids: Int32Array, cap: number): { keys: Float64Array; ids: Int32Array } {
  const mask = cap - 1;
  const newKeys = new Float64Array(cap);
  const newIds = new Int32Array(cap).fill(-1);
  const words = new Uint32Array(keys.buffer);
  for (let s = 0; s < ids.length; s++) {
    if (ids[s] < 0) continue;
    const v = keys[s];
    let h = slotOf(words, s, v, mask);
    while (newIds[h] >= 0) h = (h + 1) & mask;
    newKeys[h] = v;
    newIds[h] = ids[s];
  }
  return { keys: newKeys, ids: newIds };
}

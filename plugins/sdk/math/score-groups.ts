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
 * The hash table: open addressing, linear probing, at most half full. Each distinct score gets an
 * id in order of first appearance; `ids[slot]` is -1 for an empty slot. It starts small and is
 * doubled as it fills, so it stays in cache when the distinct scores are few.
 */
interface Table {
  keys: Float64Array;
  ids: Int32Array;
  /** The score of each id, and counts[2 · id + label]; room for `room` ids. */
  valueOfId: Float64Array;
  counts: Int32Array;
  room: number;
  distinct: number;
}

/**
 * Groups of the rows by score, or null as soon as there are more than `maxDistinct` (at most
 * MAX_SCORE_GROUPS) distinct scores: then sorting the rows is the cheaper way. `scores` must be
 * finite and `labels` 0 or 1; `withRows` also returns each row's group (2 bytes a row: on these
 * machines memory touched for the first time costs more than the pass that writes it).
 */
export function groupScores(scores: Float64Array, labels: Uint8Array, maxDistinct: number, withRows = false): ScoreGroups | null {
  if (maxDistinct > MAX_SCORE_GROUPS) throw new RangeError(`groupScores: at most ${MAX_SCORE_GROUPS} groups`);
  const n = scores.length;
  const words = new Uint32Array(scores.buffer, scores.byteOffset, 2 * n);
  const idOfRow = withRows ? new Uint16Array(n) : null;
  let t = emptyTable(Math.min(512, maxDistinct));
  // the row loop stops when the table is full; it grows here, outside the loop, which stays optimized
  for (let i = countRows(scores, words, labels, idOfRow, t, 0); i < n; i = countRows(scores, words, labels, idOfRow, t, i)) {
    if (t.distinct === maxDistinct) return null;
    t = grown(t, Math.min(2 * t.room, maxDistinct));
  }
  const distinct = t.distinct;
  const vals = t.valueOfId;
  // the ids in ascending order of their score; group = rank
  const order = new Int32Array(distinct);
  for (let id = 0; id < distinct; id++) order[id] = id;
  order.sort((a, b) => vals[a] - vals[b]);
  const values = new Float64Array(distinct);
  const positives = new Float64Array(distinct);
  const negatives = new Float64Array(distinct);
  const groupOfId = new Uint16Array(distinct);
  for (let g = 0; g < distinct; g++) {
    const id = order[g];
    values[g] = vals[id];
    positives[g] = t.counts[2 * id + 1];
    negatives[g] = t.counts[2 * id];
    groupOfId[id] = g;
  }
  if (!idOfRow) return { values, positives, negatives };
  for (let i = 0; i < n; i++) idOfRow[i] = groupOfId[idOfRow[i]];
  return { values, positives, negatives, groupOfRow: idOfRow };
}

/** Count rows from `from` on into `t` until a new score finds no room; returns the first row not counted. */
function countRows(scores: Float64Array, words: Uint32Array, labels: Uint8Array, idOfRow: Uint16Array | null, t: Table, from: number): number {
  const { keys, ids, valueOfId, counts, room } = t;
  const mask = keys.length - 1;
  let distinct = t.distinct;
  let i = from;
  for (; i < scores.length; i++) {
    const v = scores[i];
    let h = slotOf(words, i, v, mask);
    let id = ids[h];
    while (id >= 0 && keys[h] !== v) {
      h = (h + 1) & mask;
      id = ids[h];
    }
    if (id < 0) {
      if (distinct === room) break;
      id = distinct++;
      keys[h] = v + 0; // -0 → +0
      ids[h] = id;
      valueOfId[id] = v + 0;
    }
    counts[2 * id + labels[i]]++;
    if (idOfRow) idOfRow[i] = id;
  }
  t.distinct = distinct;
  return i;
}

/** The first slot to probe for `v`, the double at index `i` of the doubles viewed as `words`. */
function slotOf(words: Uint32Array, i: number, v: number, mask: number): number {
  // ±0 share the hash 0, as they compare equal
  const h = v === 0 ? 0 : Math.imul(words[2 * i + 1] ^ Math.imul(words[2 * i], 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 16)) & mask;
}

function emptyTable(room: number): Table {
  let cap = 16;
  while (cap < 2 * room) cap *= 2;
  return { keys: new Float64Array(cap), ids: new Int32Array(cap).fill(-1), valueOfId: new Float64Array(room), counts: new Int32Array(2 * room), room, distinct: 0 };
}

/** `t` with room for `room` ids: its entries moved into a table of the matching size. */
function grown(t: Table, room: number): Table {
  const g = emptyTable(room);
  const mask = g.keys.length - 1;
  const words = new Uint32Array(t.keys.buffer);
  for (let s = 0; s < t.ids.length; s++) {
    if (t.ids[s] < 0) continue;
    const v = t.keys[s];
    let h = slotOf(words, s, v, mask);
    while (g.ids[h] >= 0) h = (h + 1) & mask;
    g.keys[h] = v;
    g.ids[h] = t.ids[s];
  }
  g.valueOfId.set(t.valueOfId);
  g.counts.set(t.counts);
  g.distinct = t.distinct;
  return g;
}

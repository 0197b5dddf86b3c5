import type { NormalizedLabel, NormalizedPrediction } from "../ingest/validate";

/** The predictions of one version's group not stored yet; a request id already stored or repeated in the group is a duplicate. */
export function newPredictions(group: NormalizedPrediction[], stored: ReadonlySet<string>): { kept: NormalizedPrediction[]; duplicates: number } {
  const seen = new Set<string>();
  const kept: NormalizedPrediction[] = [];
  for (const r of group) {
    if (stored.has(r.requestId) || seen.has(r.requestId)) continue;
    seen.add(r.requestId);
    kept.push(r);
  }
  return { kept, duplicates: group.length - kept.length };
}

/** A label as the SQLite and PostgreSQL stores read it back. */
export type StoredLabel = { value_num: number | null; value_text: string | null; ts: number };

const same = (l: NormalizedLabel, num: number | null, text: string | null, ts: number) => l.value.num === num && l.value.text === text && l.ts === ts;

/** Within a batch the last label of a request id wins; an identical repeat counts as a duplicate. */
export function lastLabelPerRequest(labels: NormalizedLabel[]): { unique: NormalizedLabel[]; duplicates: number } {
  const latest = new Map<string, NormalizedLabel>();
  let duplicates = 0;
  for (const l of labels) {
    const prev = latest.get(l.requestId);
    if (prev && same(l, prev.value.num, prev.value.text, prev.ts)) duplicates++;
    latest.set(l.requestId, l);
  }
  return { unique: [...latest.values()], duplicates };
}

/** The labels that differ from the stored ones (by request id); one identical to what is stored counts as a duplicate. */
export function changedLabels(unique: NormalizedLabel[], stored: Map<string, StoredLabel>): { changed: NormalizedLabel[]; duplicates: number } {
  let duplicates = 0;
  const changed = unique.filter((l) => {
    const s = stored.get(l.requestId);
    const identical = s !== undefined && same(l, s.value_num, s.value_text, s.ts);
    if (identical) duplicates++;
    return !identical;
  });
  return { changed, duplicates };
}

import { describe, expect, it } from "vitest";
import { changedLabels, lastLabelPerRequest, newPredictions, type StoredLabel } from "@/server/predictions/dedupe";
import type { NormalizedLabel, NormalizedPrediction } from "@/server/ingest/validate";

const label = (index: number, requestId: string, num: number | null, ts = 1000, text: string | null = null): NormalizedLabel => ({ index, requestId, ts, value: { num, text } });

describe("label deduplication shared by the SQLite and PostgreSQL stores", () => {
  it("keeps the last label of a request id in a batch and counts only identical repeats as duplicates", () => {
    const { unique, duplicates } = lastLabelPerRequest([label(0, "a", 1), label(1, "a", 1), label(2, "b", 0), label(3, "a", 0), label(4, "b", 0, 2000)]);
    expect(unique).toEqual([label(3, "a", 0), label(4, "b", 0, 2000)]);
    expect(duplicates).toBe(1);
  });

  it("returns the labels that differ from the stored ones (value, text or time) and counts identical ones as duplicates", () => {
    const stored = new Map<string, StoredLabel>([
      ["a", { value_num: 1, value_text: null, ts: 1000 }],
      ["b", { value_num: null, value_text: "spam", ts: 1000 }],
      ["c", { value_num: 1, value_text: null, ts: 999 }],
    ]);
    const batch = [label(0, "a", 1), label(1, "b", null, 1000, "ham"), label(2, "c", 1), label(3, "d", 0)];
    const { changed, duplicates } = changedLabels(batch, stored);
    expect(changed.map((l) => l.requestId)).toEqual(["b", "c", "d"]);
    expect(duplicates).toBe(1);
  });
});

describe("prediction deduplication shared by the SQLite and PostgreSQL stores", () => {
  it("keeps the first prediction of each request id not stored yet and counts the rest as duplicates", () => {
    const p = (requestId: string, index: number) => ({ requestId, index }) as NormalizedPrediction;
    const group = [p("a", 0), p("b", 1), p("a", 2), p("c", 3), p("b", 4)];
    const { kept, duplicates } = newPredictions(group, new Set(["c"]));
    expect(kept.map((r) => r.index)).toEqual([0, 1]);
    expect(duplicates).toBe(3);
  });
});

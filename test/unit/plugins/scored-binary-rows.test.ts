import { describe, expect, it } from "vitest";
import { scoredBinaryRows } from "@/plugins/sdk";

describe("scoredBinaryRows", () => {
  it("keeps rows with a 0/1 label and a finite score, counts other present labels", () => {
    const y = Float64Array.of(1, 0, NaN, 2, 1, 0, 1);
    const s = Float64Array.of(0.9, 0.2, 0.5, 0.5, Infinity, NaN, 0.4);
    const r = scoredBinaryRows(y, s);
    expect(Array.from(r.scores)).toEqual([0.9, 0.2, 0.4]);
    expect(Array.from(r.labels)).toEqual([1, 0, 1]);
    expect(r.invalidLabels).toBe(1);
    expect(r.inUnit).toBe(true);
  });

  it("every row kept: the scores are the column itself; a score outside [0, 1] is noted", () => {
    const s = Float64Array.of(0.1, 1.5, -0);
    const r = scoredBinaryRows(Float64Array.of(0, 1, 1), s);
    expect(r.scores).toBe(s);
    expect(Array.from(r.labels)).toEqual([0, 1, 1]);
    expect(r.inUnit).toBe(false);
    expect(r.invalidLabels).toBe(0);
  });
});

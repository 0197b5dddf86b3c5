import { describe, expect, it } from "vitest";
import {
  binaryLogLoss,
  binaryLogLossOfGroups,
  binarySweep,
  calibration,
  calibrationOfGroups,
  confusionAt,
  confusionOfSweep,
  groupBinaryScores,
  sweepBySorting,
  sweepOfGroups,
  type Sweep,
} from "@/plugins/sdk";
import { seq } from "./gen";

/** Scores with `levels` distinct values in [0, 1] (0 written as -0 on every third row), labels 0/1. */
function data(n: number, levels: number) {
  const u = seq(n, 7919, 10007, 1, 0);
  const noise = seq(n, 104729, 99991, 1, 0);
  const labels = Uint8Array.from(u, (v) => (v > 0.6 ? 1 : 0));
  const scores = Float64Array.from(labels, (y, i) => {
    const s = Math.round(Math.min(1, 0.3 * y + 0.8 * noise[i]) * (levels - 1)) / (levels - 1);
    return s === 0 && i % 3 === 0 ? -0 : s;
  });
  return { scores, labels };
}

const plain = (s: Sweep) => ({ thresholds: Array.from(s.thresholds, (v) => v + 0), tps: Array.from(s.tps), fps: Array.from(s.fps), P: s.positives, N: s.negatives });

describe("scores grouped by distinct value", () => {
  it("give the same sweep, confusion counts, log loss and calibration as reading every row", () => {
    const { scores, labels } = data(20_000, 101);
    const g = groupBinaryScores(scores, labels, true);
    expect(g).not.toBeNull();
    expect(g!.values.length).toBe(101);
    expect(Array.from(g!.values).every((v, k) => k === 0 || v > g!.values[k - 1])).toBe(true);
    expect(Object.is(g!.values[0], 0)).toBe(true); // -0 and +0 are one score
    const bySorting = sweepBySorting(scores, labels);
    const grouped = sweepOfGroups(g!);
    expect(plain(grouped)).toEqual(plain(bySorting));
    for (const threshold of [-1, 0, 0.5, 0.37, 1, 2]) expect(confusionOfSweep(grouped, threshold)).toEqual(confusionAt(scores, labels, threshold));
    // bit-identical: same terms added in the same order
    expect(binaryLogLossOfGroups(g!, labels)).toBe(binaryLogLoss(scores, labels));
    for (const bins of [2, 10, 7, 100]) expect(calibrationOfGroups(g!, scores, bins)).toEqual(calibration(scores, labels, bins));
  });

  it("give up past the distinct-value cap (also late in the rows), and the sweep then sorts", () => {
    const few = data(50_000, 11);
    const many = seq(5_000, 15485863, 1000003, 1, 0); // ~5,000 distinct values at the end
    const scores = Float64Array.from([...few.scores, ...many]);
    const labels = Uint8Array.from([...few.labels, ...Array.from(many, (_, i) => i % 2)]);
    expect(groupBinaryScores(scores, labels)).toBeNull();
    expect(plain(binarySweep(scores, labels))).toEqual(plain(sweepBySorting(scores, labels)));
  });

  it("negative scores, one class, and a single row", () => {
    const scores = Float64Array.from([-3, 2, -3, 0.5, 2, -0, 0]);
    const labels = Uint8Array.from([1, 1, 1, 1, 1, 1, 1]);
    expect(plain(binarySweep(scores, labels))).toEqual(plain(sweepBySorting(scores, labels)));
    expect(plain(binarySweep(scores, labels))).toEqual({ thresholds: [2, 0.5, 0, -3], tps: [2, 3, 5, 7], fps: [0, 0, 0, 0], P: 7, N: 0 });
    const one = binarySweep(Float64Array.of(0.25), Uint8Array.of(0));
    expect(plain(one)).toEqual({ thresholds: [0.25], tps: [0], fps: [1], P: 0, N: 1 });
  });
});

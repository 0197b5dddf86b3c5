import { describe, expect, it } from "vitest";
import { mergeSketch, mergeSketchBytes, newSketch, readSketch, sketchBytes } from "@/server/predictions/rollup";

function exactQuantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))]!;
}

describe("rollup sketches (DDSketch, ±1%)", () => {
  const values = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? 0 : i % 5 === 0 ? -((i * 13) % 900) - 1 : ((i * 7919) % 4000) + 0.5));

  it("round-trip through bytes with positive, zero and negative values", () => {
    const s = newSketch();
    for (const v of values) s.accept(v);
    const back = readSketch(sketchBytes(s))!;
    expect(back.count).toBe(values.length);
    for (const q of [0, 0.05, 0.25, 0.5, 0.9, 0.95, 1]) expect(back.getValueAtQuantile(q)).toBe(s.getValueAtQuantile(q));
  });

  it("merging stored bytes with a delta keeps every value, negative ones too, within 1% of the exact quantile", () => {
    let bytes: Buffer | null = null;
    for (let i = 0; i < values.length; i += 700) {
      const d = newSketch();
      for (const v of values.slice(i, i + 700)) d.accept(v);
      bytes = mergeSketchBytes(bytes, d);
    }
    const s = readSketch(bytes)!;
    expect(s.count).toBe(values.length);
    for (const q of [0.05, 0.1, 0.5, 0.95]) {
      const want = exactQuantile(values, q);
      expect(Math.abs(s.getValueAtQuantile(q) - want)).toBeLessThanOrEqual(Math.abs(want) * 0.01 + 1e-9);
    }
    const a = newSketch();
    a.accept(5);
    const b = newSketch();
    b.accept(-3, 2);
    mergeSketch(a, b);
    expect(a.count).toBe(3);
    expect(a.getValueAtQuantile(0)).toBeCloseTo(-3, 1);
  });

  it("an empty delta leaves the stored bytes; an empty store stays null", () => {
    expect(mergeSketchBytes(null, null)).toBeNull();
    const s = newSketch();
    s.accept(10);
    const b = sketchBytes(s);
    expect(mergeSketchBytes(b, null)).toEqual(b);
  });
});

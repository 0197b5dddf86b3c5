/**
 * Body parsing is linear in the body size for every input (issue #14): a body that fails to parse
 * as JSON and mentions NaN/Infinity used to be rescanned from every unmatched quote.
 */
import { describe, expect, it } from "vitest";
import { NONFINITE_MARK, markNonFinite, parseRecords } from "../../../server/ingest/body";

/** Invalid JSON that mentions NaN and holds only escaped quotes after the first one. */
function adversarial(bytes: number): Buffer {
  return Buffer.from("[NaN, " + '\\"'.repeat(Math.floor((bytes - 6) / 2)), "utf8");
}

/** Seconds per byte of parsing `size`-byte bodies, `budgetBytes` in total, stopping after `stopAfterMs`. */
function costPerByte(size: number, budgetBytes: number, stopAfterMs = Infinity): number {
  const body = adversarial(size);
  let bytes = 0;
  const start = performance.now();
  while (bytes < budgetBytes) {
    expect(() => parseRecords(body, "application/json", 1_000_000)).toThrow(/not valid JSON/);
    bytes += body.byteLength;
    if (performance.now() - start > stopAfterMs) break;
  }
  return (performance.now() - start) / bytes;
}

describe("request body parsing", () => {
  it("stays linear on adversarial input (8 KB vs 128 KB cost the same per byte)", () => {
    costPerByte(8 * 1024, 256 * 1024); // warm-up
    const small = costPerByte(8 * 1024, 2 * 1024 * 1024);
    // Quadratic code needs seconds per 128 KB body here: stop after the first one.
    const large = costPerByte(128 * 1024, 2 * 1024 * 1024, 1);
    expect(large / small).toBeLessThan(4);
  });

  it("marks bare NaN / Infinity / -Infinity outside strings only", () => {
    const text = '[{"a":NaN,"b":"NaN \\" Infinity","c":[-Infinity,Infinity],"d":"\\\\"}]';
    const rows = JSON.parse(markNonFinite(text)) as Record<string, unknown>[];
    expect(rows[0]).toEqual({
      a: NONFINITE_MARK + "NaN",
      b: 'NaN " Infinity',
      c: [NONFINITE_MARK + "-Infinity", NONFINITE_MARK + "Infinity"],
      d: "\\",
    });
    expect(parseRecords(Buffer.from(text), "application/json", 10)).toHaveLength(1);
  });
});

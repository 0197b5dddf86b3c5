/**
 * Issue #14: out-of-range and impossible timestamps and control characters in names are row
 * rejections that say why — never a 500 that loses the good rows of the batch.
 */
import { describe, expect, it } from "vitest";
import { validateLabel, validatePrediction } from "../../../server/ingest/validate";

const ctx = { now: Date.UTC(2026, 10, 1), defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 1000 };
const row = (extra: Record<string, unknown>) => validatePrediction({ requestId: "a", prediction: 1, ...extra }, 3, ctx);

describe("timestamps", () => {
  it.each([
    [1e20, /100000000000000000000 looks like nanoseconds/],
    [1_790_000_000_000_000_000, /looks like nanoseconds; send epoch milliseconds \(1790000000000\)/],
    [1_790_000_000_000_000, /looks like microseconds; send epoch milliseconds \(1790000000000\)/],
    [-1e17, /-100000000000000000 is outside 2000–2100/],
    [-1e20, /is outside 2000–2100/],
    [1e16, /looks like microseconds/],
  ])("rejects %s with a message", (timestamp, message) => {
    expect(row({ timestamp })).toEqual({ index: 3, field: "timestamp", message: expect.stringMatching(message) });
    expect(validateLabel({ requestId: "a", label: 1, timestamp }, 0, ctx.now)).toMatchObject({ field: "timestamp" });
  });

  it.each(["2026-02-30", "2026-02-29T10:00:00Z", "2025-04-31T00:00:00", "2026-13-01", "2026-01-01T24:00:00Z", "2026-01-01T12:60:00Z"])(
    "rejects the impossible date %s",
    (timestamp) => {
      expect(row({ timestamp })).toEqual({ index: 3, field: "timestamp", message: expect.stringMatching(/is not a valid date/) });
    },
  );

  it("accepts real dates, leap days included", () => {
    expect(row({ timestamp: "2028-02-29T23:59:59.999Z" })).toMatchObject({ ts: Date.UTC(2028, 1, 29, 23, 59, 59, 999) });
    expect(row({ timestamp: "2026-12-31" })).toMatchObject({ ts: Date.UTC(2026, 11, 31) });
    expect(row({ timestamp: 1_790_000_000_000 })).toMatchObject({ ts: 1_790_000_000_000 });
  });
});

describe("names", () => {
  it("rejects control characters in feature names and cohort keys, naming the field", () => {
    expect(row({ features: { "amount\u0000": 1 } })).toEqual({ index: 3, field: "features.amount\\u0000", message: expect.stringMatching(/control character/) });
    expect(row({ cohort: { "re\ngion": "eu" } })).toEqual({ index: 3, field: "cohort.re\\ngion", message: expect.stringMatching(/control character/) });
    expect(row({ features: { "a b-é": 1 }, cohort: { region: "eu" } })).toMatchObject({ features: { "a b-é": 1 } });
  });
});

import { describe, expect, it } from "vitest";
import { BoundedCache, stringBytes } from "@/server/cache/bounded-cache";

describe("BoundedCache", () => {
  it("evicts the least recently used entry beyond maxEntries", () => {
    const c = new BoundedCache<string, number>({ name: "t", maxEntries: 2 });
    c.set("a", 1);
    c.set("b", 2);
    expect(c.get("a")).toBe(1); // a is now the most recent
    c.set("c", 3);
    expect(c.get("b")).toBeUndefined();
    expect(c.get("a")).toBe(1);
    expect(c.get("c")).toBe(3);
    expect(c.size).toBe(2);
  });

  it("keeps the sum of entry sizes under maxBytes, and refuses an entry larger than the bound", () => {
    const c = new BoundedCache<string, string>({ name: "t", maxEntries: 100, maxBytes: 100, sizeOf: (k, v) => stringBytes(k) + stringBytes(v) });
    c.set("k1", "x".repeat(20)); // 44 bytes
    c.set("k2", "y".repeat(20)); // 44 → 88
    c.set("k3", "z".repeat(20)); // 132 > 100: k1 goes
    expect(c.get("k1")).toBeUndefined();
    expect(c.bytes).toBe(88);
    c.set("huge", "h".repeat(100));
    expect(c.get("huge")).toBeUndefined();
    expect(c.bytes).toBe(88);
    for (let i = 0; i < 1000; i++) c.set(`k${i}`, "v".repeat(i % 30));
    expect(c.bytes).toBeLessThanOrEqual(100);
  });

  it("replacing a key updates its size; clear empties", () => {
    const c = new BoundedCache<string, string>({ name: "t", maxEntries: 10, sizeOf: (_k, v) => v.length });
    c.set("a", "12345");
    c.set("a", "12");
    expect(c.bytes).toBe(2);
    expect(c.size).toBe(1);
    c.clear();
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });

  it("refuses a bound that is not a positive count", () => {
    expect(() => new BoundedCache({ name: "bad", maxEntries: 0 })).toThrow(/bad: maxEntries/);
  });
});

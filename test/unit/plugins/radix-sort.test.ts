import { describe, expect, it } from "vitest";
import { sortFiniteFrom, sortFiniteInPlace } from "@/plugins/sdk";

/** Deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A NaN with a payload and the sign bit set (sorts first by raw bits if not handled). */
function negativeNaN(): number {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  u[0] = 0x12345;
  u[1] = 0xfff80001;
  return f[0];
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, negativeNaN(), 5e-324, -5e-324, 2.2250738585072009e-308, -2.2250738585072009e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];

/** Random doubles of every kind: wide exponents, both signs, subnormals, specials, heavy duplicates. */
function mixed(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n);
  const words = new Uint32Array(a.buffer);
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(r() * 6);
    if (kind === 0) a[i] = SPECIALS[Math.floor(r() * SPECIALS.length)];
    else if (kind === 1) a[i] = Math.round(r() * 20 - 10) / 4; // duplicates
    else if (kind === 2) a[i] = (r() - 0.5) * 1e-310; // subnormals
    else if (kind === 3) {
      // arbitrary bit pattern (may be NaN/Infinity)
      words[2 * i] = Math.floor(r() * 4294967296);
      words[2 * i + 1] = Math.floor(r() * 4294967296);
    } else if (kind === 4) a[i] = (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    else a[i] = r() * 100;
  }
  return a;
}

/** The comparison sort's order: TypedArray.prototype.sort (−0 before +0, NaN last). */
function reference(a: Float64Array): Float64Array {
  return a.slice().sort();
}

function sameOrder(got: Float64Array, want: Float64Array): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`index ${i}: got ${got[i]} (${Object.is(got[i], -0) ? "-0" : ""}), want ${want[i]}`);
  }
}

describe("radix sort of doubles (sortFiniteInPlace)", () => {
  it("orders like the comparison sort on random data with -0, +0, ±Infinity, NaN, subnormals and duplicates", () => {
    for (const [n, seed] of [
      [0, 1],
      [1, 2],
      [2, 3],
      [63, 4],
      [64, 5],
      [65, 6],
      [1000, 7],
      [20_000, 8],
      [100_003, 9],
    ] as const) {
      const a = mixed(n, seed);
      const want = reference(a);
      sortFiniteInPlace(a);
      sameOrder(a, want);
    }
  });

  it("uses a caller's scratch buffer and handles one-sign, narrow-range data (shared bits skipped)", () => {
    const r = rng(11);
    const tmp = new Float64Array(50_000);
    const ulps = (k: number) => Math.floor(r() * k) * 2 ** -52; // only the low mantissa bits vary
    for (const make of [
      () => 100 + r(),
      () => -100 - r(),
      () => Math.round(r() * 3),
      () => -0,
      () => (r() < 0.5 ? -0 : 0),
      () => -(1 + ulps(2000)), // all negative, only the lowest bits vary
      () => -(1 + ulps(2 ** 20)), // all negative, the low 20 bits vary
      () => (r() < 0.5 ? -1 : 1) * (1 + ulps(2000)), // both signs, only the sign and the lowest bits vary
    ]) {
      const a = Float64Array.from({ length: 40_000 }, make);
      const want = reference(a);
      sortFiniteInPlace(a, tmp);
      sameOrder(a, want);
    }
  });

  it("orders like the comparison sort on the shapes the MSD passes branch on (shared bits, small and one-value buckets, both signs)", () => {
    const r = rng(21);
    const normal = () => Math.sqrt(-2 * Math.log(r() || 1e-300)) * Math.cos(2 * Math.PI * r());
    const bits = (hi: number, lo: number) => {
      const f = new Float64Array(1);
      const u = new Uint32Array(f.buffer);
      u[0] = lo >>> 0;
      u[1] = hi >>> 0;
      return f[0];
    };
    for (const make of [
      () => normal() * (r() < 0.5 ? 1 : -1), // both signs, wide exponents
      () => Math.round(10 * normal()) / 10, // few distinct values: buckets of one value
      () => -Math.exp(normal()), // all negative
      () => -(100 + 1e-9 * r()), // all negative, narrow exponent range
      () => (r() < 0.5 ? -0 : 0) + (r() < 0.2 ? normal() * 1e-300 : 0), // -0/+0 among tiny values of both signs
      () => (r() - 0.5) * 1e-310, // subnormals of both signs
      () => bits((r() < 0.5 ? 0x80000000 : 0) | 0x3ff00000, Math.floor(r() * 4294967296)), // ±(1 + low bits): only the low word varies
      () => bits(0x3ff00000 | Math.floor(r() * 16), Math.floor(r() * 4) << 30), // the varying bits straddle the two words
      () => (r() < 0.5 ? -2.5 : 2.5), // two values
      () => -7, // one value
    ]) {
      for (const n of [65, 100, 1000, 70_000]) {
        const a = Float64Array.from({ length: n }, make);
        const want = reference(a);
        sortFiniteInPlace(a);
        sameOrder(a, want);
      }
    }
  });

  it("sorts a subarray without touching the rest of its buffer", () => {
    const all = mixed(5000, 12);
    const before = all.slice();
    const view = all.subarray(1000, 4000);
    const want = reference(view);
    sortFiniteInPlace(view);
    sameOrder(view, want);
    sameOrder(all.subarray(0, 1000), before.subarray(0, 1000));
    sameOrder(all.subarray(4000), before.subarray(4000));
  });

  it("sortFiniteFrom drops NaN and ±Infinity, counts them, and sorts the rest", () => {
    const a = mixed(30_000, 13);
    let missing = 0;
    let posInf = 0;
    let negInf = 0;
    for (const v of a) {
      if (Number.isNaN(v)) missing++;
      else if (v === Infinity) posInf++;
      else if (v === -Infinity) negInf++;
    }
    const input = a.slice();
    const s = sortFiniteFrom(a);
    sameOrder(a, input); // input untouched
    expect([s.missing, s.posInf, s.negInf]).toEqual([missing, posInf, negInf]);
    expect(missing).toBeGreaterThan(0);
    sameOrder(s.sorted, reference(a.filter((v) => Number.isFinite(v))));
    const finite = a.filter((v) => Number.isFinite(v));
    const f = sortFiniteFrom(finite);
    expect([f.missing, f.posInf, f.negInf]).toEqual([0, 0, 0]);
    sameOrder(f.sorted, reference(finite));
  });
});

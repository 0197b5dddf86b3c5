// The CSV scanner reads numbers straight from the bytes (server/files/csv/chunk.ts): Clinger's fast
// path, a double-double path for 16–18 digit mantissas, Number() for the rest. Every value must be
// bit-identical to Number() on the same text — checked here on tokens chosen to land on each path's
// edges, on decimals within a few units of the last digit of a midpoint between two doubles, and
// on many random ones.
import { describe, expect, it } from "vitest";
import { readCsvBuffer } from "@/server/files/csv/read";
import { parseCsvChunk } from "@/server/files/csv/chunk";

const bits = (x: number) => {
  const f = new Float64Array([x]);
  return new BigUint64Array(f.buffer)[0];
};

/** Tokens the scanner reads as a one-column CSV, with `eol` after each (the last line without one when `eol` is ""). */
async function scanned(tokens: string[], eol = "\n", last = "\n"): Promise<Float64Array> {
  const t = await readCsvBuffer(Buffer.from("v\n" + tokens.join(eol) + last));
  expect(t.rows).toBe(tokens.length);
  const c = t.columns[0];
  if (c.type !== "numeric") throw new Error("the column was read as text");
  return c.values;
}

/** Each token's value against Number()'s (missing tokens are NaN), bit for bit; the first mismatch named. */
function expectSameAsNumber(tokens: string[], got: Float64Array) {
  const bad = tokens.map((s, i) => ({ s, got: got[i], want: Number(s) })).filter(({ got: g, want: w }) => (Number.isNaN(w) ? !Number.isNaN(g) : bits(g) !== bits(w)));
  expect(bad.slice(0, 5)).toEqual([]);
}

/** The exact decimal digits and exponent of n × 2^k (n a BigInt > 0): value = 0.DIGITS × 10^exp. */
function exactDecimal(n: bigint, k: number): { digits: string; exp: number } {
  let num = n;
  let scale = 0; // value = num × 10^-scale
  if (k >= 0) num <<= BigInt(k);
  else {
    num *= 5n ** BigInt(-k);
    scale = -k;
  }
  const digits = num.toString();
  return { digits, exp: digits.length - scale };
}

/** Decimals within ±3 units of the `d`-th significant digit of the midpoint between x and the next double up. */
function nearMidpoints(x: number, d: number): string[] {
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer)[0];
  const biased = Number(u >> 52n);
  const frac = u & ((1n << 52n) - 1n);
  const mant = biased === 0 ? frac : frac | (1n << 52n);
  const e2 = (biased === 0 ? 1 : biased) - 1075; // x = mant × 2^e2
  const { digits, exp } = exactDecimal(2n * mant + 1n, e2 - 1);
  const head = BigInt(digits.slice(0, d).padEnd(d, "0"));
  const exact = digits.length <= d;
  const out: string[] = [];
  for (let delta = -3n; delta <= 3n; delta++) {
    const m = head + delta;
    if (m <= 0n) continue;
    const s = m.toString();
    out.push(`${s[0]}.${s.slice(1)}e${exp - 1 + (s.length - d)}`);
  }
  if (exact) out.push(`0.${digits}e${exp}`); // the midpoint itself, when it has ≤ d digits
  out.push(`${digits.slice(0, 1)}.${digits.slice(1)}e${exp - 1}`); // and all its digits (Number()'s path)
  return out;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe("CSV numbers read from bytes equal Number() bit for bit", () => {
  it("edge tokens: zeros, signs, points, exponents, the 10^22 and 2^53 boundaries, subnormals, overflow, missing", async () => {
    const tokens = [
      "0", "-0", "+0", "-0.0", "0.000", "-.0", "0e0", "-0e-5", "00000000000000000000000001", "0.000000000000000000000000000001",
      ".5", "5.", "-.5", "+.5", "+5", "-5.", "1", "-1", "0.1", "0.2", "0.3", "0.30000000000000004", "-0.30000000000000004",
      "1e22", "1e23", "1e-22", "1e-23", "9e22", "9e-22", "123456789012345e22", "123456789012345e-22", "1.5e+22", "1.5E-22", "1.5e+023",
      "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995", "9007199254740993e-22",
      "4503599627370496.5", "4503599627370497.5", "900719925474099.25", "90071992547409925e-1", "1.0000000000000002",
      "1.00000000000000011102230246251565404236316680908203125", "1.0000000000000001110223024625156540", "1.0000000000000001110223024625156541",
      "0.12481981270095849", "-0.727405316556811", "86.48870014587386", "107.47224850639273", "123456789012345678", "1234567890123456789",
      "12345678901234567890", "999999999999999999", "99999999999999999999e-20", "0.999999999999999999999",
      "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "-1e400", "2e-308",
      "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400",
      "1e", "1e+", "1e-", "1.5e1.5", "-", "+", ".", "..5", "1..5", "1-", "--1", "0x10", "1_000", " 1.5", "1.5 ", "NaN", "nan", "NA", "N/A", "null", "None",
      "inf", "-inf", "Infinity", "-Infinity", "+infinity",
    ];
    const numeric = tokens.filter((s) => !/^(1e[+-]?|1\.5e1\.5|[-+.]|\.\.5|1\.\.5|1-|--1|0x10|1_000)$/.test(s));
    const got = await scanned(numeric);
    const want = numeric.map((s) => (/^[+-]?inf(inity)?$/i.test(s) ? (s.startsWith("-") ? -Infinity : Infinity) : Number(s.trim())));
    const bad = numeric.map((s, i) => ({ s, got: got[i], want: want[i] })).filter(({ got: g, want: w }) => (Number.isNaN(w) ? !Number.isNaN(g) : bits(g) !== bits(w)));
    expect(bad).toEqual([]);
    // text that is not a number makes its column textual, token by token
    for (const s of tokens.filter((x) => !numeric.includes(x))) {
      const t = await readCsvBuffer(Buffer.from(`v\n1\n${s}\n`));
      expect({ s, type: t.columns[0].type }).toEqual({ s, type: "categorical" });
    }
  });

  it("decimals next to the midpoints between neighbouring doubles, with 15 to 19 significant digits", async () => {
    const r = rng(42);
    const tokens: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const mag = Math.floor(r() * 60) - 30; // around 10^-30 … 10^30: the fast paths and their edges
      const x = (1 + r() * 9) * 10 ** mag;
      for (const s of nearMidpoints(x, 15 + (i % 5))) tokens.push(i % 2 ? `-${s}` : s);
    }
    for (const x of [1, 2 ** 53, 2 ** 54, 1e22, 1e23, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308 / 2]) tokens.push(...nearMidpoints(x, 17));
    expectSameAsNumber(tokens, await scanned(tokens));
  });

  it("random doubles as JavaScript prints them, as fixed-point and with 16–20 digits, whatever the line end", async () => {
    const r = rng(7);
    const tokens: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const x = (r() - 0.5) * 10 ** (Math.floor(r() * 50) - 25);
      const k = i % 6;
      tokens.push(k === 0 ? String(x) : k === 1 ? x.toPrecision(16) : k === 2 ? x.toPrecision(17) : k === 3 ? x.toPrecision(18) : k === 4 ? x.toExponential(19) : x.toFixed(Math.min(20, Math.max(0, 15 - Math.floor(Math.log10(Math.abs(x)))))));
    }
    expectSameAsNumber(tokens, await scanned(tokens));
    expectSameAsNumber(tokens, await scanned(tokens, "\r\n", "")); // CRLF, and a last line without a line end
  });

  it("parses a range of a buffer into the given rows and leaves the bytes after it alone", () => {
    const text = "1.5,2\n-0,x\n3e2";
    const buf = Buffer.from(text + ",4\n9,9\n");
    const cols = [new Float64Array(4).fill(7), new Float64Array(4).fill(7)];
    const flags = parseCsvChunk(buf, 0, text.length, 2, cols, 1);
    expect(Array.from(flags)).toEqual([0, 1]);
    expect(Array.from(cols[0])).toEqual([7, 1.5, -0, 300]);
    expect(Array.from(cols[1])).toEqual([7, 2, NaN, NaN]);
  });
});

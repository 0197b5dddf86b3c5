/**
 * Exact decimal → double for up to 19 significant digits without building a string.
 *
 * value = (A·10^q + B) · 10^E, with A < 10^15, B < 10^q, q ≤ 4, |E| ≤ 22 (10^|E| is exact).
 * The mantissa is formed exactly as a double-double, multiplied or divided by 10^|E| in
 * double-double arithmetic (relative error < 2^-100), then rounded to the nearest double.
 * When the result lies too close to a rounding midpoint to decide, `null` is returned and the
 * caller falls back to Number() — so the result always equals Number(text).
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const SPLIT = 134217729; // 2^27 + 1
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function twoProdHi(a: number, b: number): number {
  return a * b;
}

/** Error term of a·b (Dekker), exact when no overflow/underflow. */
function twoProdLo(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return al * bl - (((p - ah * bh) - al * bh) - ah * bl);
}

/** Half the gap between |x| and its neighbour away from (up = true) or towards zero. */
function halfGap(x: number, up: boolean): number {
  f64[0] = x;
  const hi = u32[1] & 0x7fffffff;
  const lo = u32[0];
  const ex = hi >>> 20;
  if (ex === 0 || ex >= 0x7fe) return NaN; // subnormal / huge: let the caller fall back
  const ulp = 2 ** (ex - 1075);
  // at a power of two the gap towards zero is half as wide
  if (!up && (hi & 0xfffff) === 0 && lo === 0) return ulp / 4;
  return ulp / 2;
}

export function decimalToDouble(A: number, B: number, q: number, E: number, negative: boolean): number | null {
  if (E > 22 || E < -22) return null;
  // m = A·10^q + B as double-double (h, l), exactly
  const s = POW10[q];
  const ph = twoProdHi(A, s);
  const pl = twoProdLo(A, s, ph);
  let h = ph + B;
  let l = B - (h - ph) + pl; // two-sum error of ph + B, plus the product error
  const t = h + l;
  l = l - (t - h);
  h = t;
  let rh: number;
  let rl: number;
  if (E >= 0) {
    const p = POW10[E];
    const x = h * p;
    const y = twoProdLo(h, p, x) + l * p;
    rh = x + y;
    rl = y - (rh - x);
  } else {
    const p = POW10[-E];
    const q1 = h / p;
    const m = q1 * p;
    const me = twoProdLo(q1, p, m);
    const r = h - m - me + l;
    const q2 = r / p;
    rh = q1 + q2;
    rl = q2 - (rh - q1);
  }
  if (!Number.isFinite(rh) || rh === 0) return null;
  // rh is the nearest double to rh + rl; the true value differs from rh + rl by < |rh|·2^-98.
  // Undecidable only when |rl| is within that error of half a gap.
  const gap = halfGap(rh, (rl > 0) === (rh > 0));
  if (gap !== gap) return null;
  const err = Math.abs(rh) * 2 ** -98;
  if (Math.abs(Math.abs(rl) - gap) <= err) return null;
  return negative ? -rh : rh;
}

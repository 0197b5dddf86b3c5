/**
 * Special functions needed by the statistics (double precision, ~1e-14 relative in the
 * ranges used): log-gamma, regularized incomplete gamma, chi-square and normal tails.
 */

const LN_SQRT_2PI = 0.9189385332046727; // ln(sqrt(2π))
export const MACHEP = 2.220446049250313e-16;
export const MIN_LOG = -708.3964185322641; // ln(smallest normal double)

/** ln Γ(x) for x > 0 (Stirling series after shifting x ≥ 15). */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let prod = 1;
  while (x < 15) {
    prod *= x;
    x += 1;
    shift++;
    if (prod > 1e280) {
      // never reached for x < 15, kept for safety
      break;
    }
  }
  const r = 1 / x;
  const r2 = r * r;
  const series =
    r *
    (1 / 12 +
      r2 *
        (-1 / 360 +
          r2 * (1 / 1260 + r2 * (-1 / 1680 + r2 * (1 / 1188 + r2 * (-691 / 360360 + r2 * (1 / 156 + r2 * (-3617 / 122400))))))));
  const stirling = (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + series;
  return shift ? stirling - Math.log(prod) : stirling;
}

/** ln(n!) */
export function logFactorial(n: number): number {
  return lgamma(n + 1);
}

/** ln C(n, k) */
export function logBinomial(n: number, k: number): number {
  return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/** Regularized lower incomplete gamma P(a, x) by its series (x < a + 1). */
function gammaPSeries(a: number, x: number, logPrefix: number): number {
  let sum = 1 / a;
  let term = sum;
  let ap = a;
  for (let i = 0; i < 100000; i++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * MACHEP * 0.5) break;
  }
  return sum * Math.exp(logPrefix);
}

/** Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (x ≥ a + 1). */
function gammaQContinuedFraction(a: number, x: number, logPrefix: number): number {
  const TINY = 1e-300;
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < MACHEP * 0.5) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a)  (scipy.special.gammaincc). */
export function gammaincc(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) return Math.max(0, 1 - gammaPSeries(a, x, logPrefix));
  return gammaQContinuedFraction(a, x, logPrefix);
}

/** Regularized lower incomplete gamma P(a, x)  (scipy.special.gammainc). */
export function gammainc(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) return gammaPSeries(a, x, logPrefix);
  return 1 - gammaQContinuedFraction(a, x, logPrefix);
}

/** Survival function of the chi-square distribution (scipy.stats.chi2.sf). */
export function chi2Sf(x: number, df: number): number {
  if (x <= 0) return 1;
  return gammaincc(df / 2, x / 2);
}

/** Complementary error function, via erfc(x) = Q(1/2, x²) for x ≥ 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x === 0) return 1;
  return gammaincc(0.5, x * x);
}

/** Standard normal survival function P(Z > z). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Standard normal CDF P(Z ≤ z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

export function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

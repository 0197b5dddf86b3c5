/**
 * Distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n
 * (scipy.stats.kstwo), following Simard & L'Ecuyer (2011) as scipy does:
 * Ruben–Gambino closed forms at the extremes, the Durbin matrix (Marsaglia–Tsang–Wang)
 * for small n·d, 2·smirnov(n, d) for the upper tail, Pelz–Good for large n.
 * (scipy uses Pomeranz' recursion for n ≤ 140, 0.754693 < n·d² ≤ 4; the Durbin matrix
 * computes the same exact probability there.)
 */
import { MIN_LOG, clip01, lgamma } from "./special";

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const SQRT3 = Math.sqrt(3);
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

/** ln(n! / n^n) */
function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  const t = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * t + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      const rowB = k * m;
      const rowO = i * m;
      for (let j = 0; j < m; j++) out[rowO + j] += aik * b[rowB + j];
    }
  }
  return out;
}

/** P(D_n ≤ d) by the Durbin matrix algorithm, computed as Marsaglia, Tsang & Wang (2003). */
export function kolmogornDurbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H: Float64Array = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let P: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) P[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      P = matmul(P, H, m);
      expnt += hexpnt;
    }
    H = matmul(H, H, m);
    hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128;
      hexpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = P[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expnt -= 128;
    }
  }
  if (expnt !== 0) p = p * 2 ** expnt;
  return p;
}

/** Pelz–Good asymptotic for P(D_n ≤ x) (cdf) or P(D_n > x) (sf). */
export function kolmogornPelzGood(n: number, x: number, cdf: boolean): number {
  if (x <= 0) return cdf ? 0 : 1;
  if (x >= 1) return cdf ? 1 : 0;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return cdf ? 0 : 1;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = q ** (8 * k);
    const c = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qp + c[i];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / div[i];
  q = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = SQRT3 * z;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = q ** k2;
    k2extra += k2 * qp;
    const kpi = Math.PI * k;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] += (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] += (k3extra * PI2 * SQRT2PI) / (216 * z6);
  for (let i = 0; i < 4; i++) K[i] /= n ** (i / 2);
  if (!cdf) {
    for (let i = 0; i < 4; i++) K[i] = -K[i];
    K[0] += 1;
  }
  return K[0] + K[1] + K[2] + K[3];
}

/**
 * One-sided Smirnov survival function P(D_n^+ ≥ x) (scipy.special.smirnov) by the
 * Birnbaum–Tingey sum  x · Σ_{v=0}^{⌊n(1-x)⌋} C(n,v) (x+v/n)^(v-1) (1-x-v/n)^(n-v).
 * Terms are summed in log space; for large n only the terms around the peak that
 * matter at double precision are visited.
 */
export function smirnov(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const nx = n * x;
  let nxfl = Math.floor(nx);
  let alpha = nx - nxfl;
  if (alpha > 1 - 1e-15) {
    nxfl += 1;
    alpha = 0;
  }
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const cdf = x * (1 + x) ** (n - 1);
    return clip01(1 - cdf);
  }
  if (-2 * n * x * x < MIN_LOG - 38) return 0;
  if (nxfl >= n - 1) return clip01((1 - x) ** n);
  if (n > 1000000) {
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  let lastV = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) lastV -= 1;
  const logTerm = (v: number, logC: number) =>
    logC + (v - 1) * Math.log(x + v / n) + (n - v) * Math.log((n - v) / n - x);
  let sum = 0;
  if (n <= 20000) {
    const logs = new Float64Array(lastV + 1);
    let logC = 0;
    let top = -Infinity;
    for (let v = 0; v <= lastV; v++) {
      if (v > 0) logC += Math.log((n - v + 1) / v);
      logs[v] = logTerm(v, logC);
      if (logs[v] > top) top = logs[v];
    }
    for (let v = 0; v <= lastV; v++) sum += Math.exp(logs[v] - top);
    return clip01(x * sum * Math.exp(top));
  } else {
    // Unimodal terms: find the peak by ternary search, then sum outwards.
    const lt = (v: number) => logTerm(v, logBinomialLarge(n, v));
    let lo = 0;
    let hi = lastV;
    while (hi - lo > 2) {
      const m1 = lo + Math.floor((hi - lo) / 3);
      const m2 = hi - Math.floor((hi - lo) / 3);
      if (lt(m1) < lt(m2)) lo = m1 + 1;
      else hi = m2 - 1;
    }
    let peak = lo;
    for (let v = lo + 1; v <= hi; v++) if (lt(v) > lt(peak)) peak = v;
    const top = lt(peak);
    // Width of the peak from the curvature of the log-terms. When it spans many terms, the
    // terms are a smooth, analytic function of v and the sum over every k-th term times k
    // equals the full sum up to an error exponentially small in width/k (trapezoidal rule on
    // an analytic integrand); k = width/200 keeps it far below double precision.
    const d = Math.min(peak, lastV - peak, 64);
    const curv = d > 0 ? (lt(peak + d) - 2 * top + lt(peak - d)) / (d * d) : 0;
    let k = curv < 0 ? smirnovStride(1 / Math.sqrt(-curv)) : 1;
    for (;;) {
      sum = 1;
      let decayed = true;
      for (const dir of [1, -1]) {
        let done = false;
        for (let v = peak + dir * k; v >= 0 && v <= lastV; v += dir * k) {
          const t = Math.exp(lt(v) - top);
          sum += t;
          if (t < 1e-18 * sum) {
            done = true;
            break;
          }
        }
        if (!done && Math.exp(lt(dir > 0 ? lastV : 0) - top) > 1e-18) decayed = false;
      }
      if (decayed || k === 1) break;
      k = 1; // the terms had not died out at the ends of the range: sum every term
    }
    sum *= k;
    return clip01(x * sum * Math.exp(top));
  }
}

/**
 * ln C(n, v) for large n from Stirling's series written without the large cancelling terms
 * (|error| ~ 1e-11 at n = 1e6, against ~1e-9 for lgamma differences).
 */
export function logBinomialLarge(n: number, v: number): number {
  if (v < 15 || n - v < 15) return lgamma(n + 1) - lgamma(v + 1) - lgamma(n - v + 1);
  const corr = (z: number) => {
    const r = 1 / z;
    const r2 = r * r;
    return r * (1 / 12 + r2 * (-1 / 360 + r2 * (1 / 1260 + r2 * (-1 / 1680))));
  };
  const p = v / n;
  return -v * Math.log(p) - (n - v) * Math.log1p(-p) + 0.5 * Math.log(n / (2 * Math.PI * v * (n - v))) + corr(n) - corr(v) - corr(n - v);
}

/** Stride for the Birnbaum–Tingey sum given the peak width in terms (1 = every term). */
export function smirnovStride(width: number): number {
  return width >= 400 ? Math.floor(width / 200) : 1;
}

/**
 * Survival function of the two-sided one-sample KS statistic, P(D_n ≥ x)
 * (scipy.stats.kstwo.sf(x, n)).
 */
export function kolmogornSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= (i / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnov(n, x));
  const nxsq = t * x;
  if (n <= 140) {
    if (nxsq <= 4) return clip01(1 - kolmogornDurbinCdf(n, x));
    return clip01(2 * smirnov(n, x));
  }
  if (nxsq >= 370) return 0;
  if (nxsq >= 2.2) return clip01(2 * smirnov(n, x));
  let cdf: number;
  if (nxsq >= 18) cdf = 1;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdf = kolmogornDurbinCdf(n, x);
  else return clip01(kolmogornPelzGood(n, x, false));
  return clip01(1 - cdf);
}

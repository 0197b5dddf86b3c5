/**
 * Two-sample statistics on sorted finite samples, as scipy.stats defines them:
 * anderson_ksamp (midrank, k = 2), cramervonmises_2samp and energy_distance.
 */
import { lgamma } from "./special";

/** Pooled sorted sample and its distinct values with multiplicities (one merge walk). */
function pooledDistinct(a: Float64Array, b: Float64Array) {
  const values: number[] = [];
  const inA: number[] = [];
  const inB: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    let ca = 0;
    let cb = 0;
    while (i < a.length && a[i] === v) {
      i++;
      ca++;
    }
    while (j < b.length && b[j] === v) {
      j++;
      cb++;
    }
    values.push(v);
    inA.push(ca);
    inB.push(cb);
  }
  return { values, inA, inB };
}

export interface AndersonResult {
  /** Normalised k-sample statistic A²_akN standardised as scipy returns it. */
  statistic: number;
  /** Interpolated significance level, clipped to [0.001, 0.25]. */
  pValue: number;
  /** "capped" (true p > 0.25), "floored" (true p < 0.001) or "interpolated". */
  pValueKind: "capped" | "floored" | "interpolated";
  critical: number[];
}

const AD_SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const AD_B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const AD_B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const AD_B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/** Least-squares polynomial of degree 2 (numpy.polyfit(x, y, 2)), coefficients highest power first. */
function polyfit2(x: number[], y: number[]): [number, number, number] {
  // Normal equations on centred x for conditioning, then expanded back.
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const s = [0, 0, 0, 0, 0];
  const t = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = x[i] - mx;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      s[k] += p;
      if (k < 3) t[k] += p * y[i];
      p *= u;
    }
  }
  const m = [
    [s[0], s[1], s[2], t[0]],
    [s[1], s[2], s[3], t[1]],
    [s[2], s[3], s[4], t[2]],
  ];
  for (let c = 0; c < 3; c++) {
    let piv = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r][c]) > Math.abs(m[piv][c])) piv = r;
    [m[c], m[piv]] = [m[piv], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  const c0 = m[0][3] / m[0][0];
  const c1 = m[1][3] / m[1][1];
  const c2 = m[2][3] / m[2][2];
  // c0 + c1·u + c2·u², u = x − mx
  return [c2, c1 - 2 * c2 * mx, c0 - c1 * mx + c2 * mx * mx];
}

/** scipy.stats.anderson_ksamp([a, b]) (midrank = True, method = None) on sorted finite samples. */
export function andersonKsamp2(a: Float64Array, b: Float64Array): AndersonResult {
  const k = 2;
  const n = [a.length, b.length];
  const N = n[0] + n[1];
  const { inA, inB } = pooledDistinct(a, b);
  let A2 = 0;
  let below = 0; // Z.searchsorted(z*, 'left')
  const cumA = [0, 0];
  for (let j = 0; j < inA.length; j++) {
    const lj = inA[j] + inB[j];
    const Bj = below + lj / 2;
    const f = [inA[j], inB[j]];
    const denom = Bj * (N - Bj) - (N * lj) / 4;
    for (let i = 0; i < k; i++) {
      const Mij = cumA[i] + f[i] - f[i] / 2;
      A2 += ((lj / N) * (N * Mij - Bj * n[i]) ** 2) / denom / n[i];
      cumA[i] += f[i];
    }
    below += lj;
  }
  A2 *= (N - 1) / N;
  const H = 1 / n[0] + 1 / n[1];
  // hs_cs = cumsum(1 / [N−1, N−2, …, 2]); h = hs_cs[-1] + 1; g = Σ hs_cs / [2, …, N−1]
  let cs = 0;
  let g = 0;
  for (let idx = 0, v = N - 1; v >= 2; v--, idx++) {
    cs += 1 / v;
    g += cs / (idx + 2);
  }
  const h = cs + 1;
  const aa = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const bb = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const cc = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const dd = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (aa * N ** 3 + bb * N ** 2 + cc * N + dd) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const statistic = (A2 - m) / Math.sqrt(sigmasq);
  const critical = AD_B0.map((b0, i) => b0 + AD_B1[i] / Math.sqrt(m) + AD_B2[i] / m);
  if (statistic < Math.min(...critical)) return { statistic, pValue: 0.25, pValueKind: "capped", critical };
  if (statistic > Math.max(...critical)) return { statistic, pValue: 0.001, pValueKind: "floored", critical };
  const [p2, p1, p0] = polyfit2(critical, AD_SIG.map(Math.log));
  return { statistic, pValue: Math.exp((p2 * statistic + p1) * statistic + p0), pValueKind: "interpolated", critical };
}

/** e^{−q}·K_{1/4}(q) by the integral ∫₀^∞ e^{−q(1 + cosh t)} cosh(t/4) dt (trapezoid; exponentially convergent). */
function kvQuarterScaled(q: number): number {
  const hStep = 0.02;
  let total = 0.5 * Math.exp(-2 * q);
  for (let i = 1; ; i++) {
    const t = i * hStep;
    const term = Math.exp(-q * (1 + Math.cosh(t))) * Math.cosh(t / 4);
    total += term;
    if (term < 1e-300 || term < total * 1e-18) break;
  }
  return total * hStep;
}

/** scipy's _cdf_cvm_inf: the limiting CDF of the Cramér–von Mises statistic (Csörgő & Faraway 1996, eq. 1.3). */
export function cdfCvmInf(x: number): number {
  let tot = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(lgamma(k + 0.5) - lgamma(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const z = u * Math.sqrt(y) * kvQuarterScaled(q);
    tot += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return tot;
}

/** Exact P(U ≥ u) under H0 (Xiao, Gordon & Yakovlev 2006), as scipy's _pval_cvm_2samp_exact. */
function cvmExactPValue(u: number, m: number, n: number): number {
  const gcdv = (x: number, y: number): number => (y === 0 ? x : gcdv(y, x % y));
  const lcm = (m * n) / gcdv(m, n);
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm ** 2 * (m + n) * (6 * u - mn * (4 * mn - 1))) / (6 * mn ** 2));
  // paths over the (u, v) lattice: each visited point adds (a·v − b·uu)²
  let prevRow: Map<number, number>[] = [];
  for (let uu = 0; uu <= n; uu++) {
    const row: Map<number, number>[] = [];
    for (let v = 0; v <= m; v++) {
      const cell = new Map<number, number>();
      if (uu === 0 && v === 0) cell.set(0, 1);
      for (const from of [uu > 0 ? prevRow[v] : undefined, v > 0 ? row[v - 1] : undefined])
        if (from) for (const [val, cnt] of from) cell.set(val, (cell.get(val) ?? 0) + cnt);
      const add = (a * v - b * uu) ** 2;
      const shifted = new Map<number, number>();
      for (const [val, cnt] of cell) shifted.set(val + add, cnt);
      row.push(shifted);
    }
    prevRow = row;
  }
  let hit = 0;
  let total = 0;
  for (const [val, cnt] of prevRow[m]) {
    total += cnt;
    if (val >= zeta) hit += cnt;
  }
  return hit / total;
}

export interface CvmResult {
  statistic: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

/** scipy.stats.cramervonmises_2samp(x, y, method='auto') on sorted finite samples (exact when max(n, m) ≤ 20). */
export function cramerVonMises2(x: Float64Array, y: Float64Array): CvmResult {
  const nx = x.length;
  const ny = y.length;
  const N = nx + ny;
  const { inA, inB } = pooledDistinct(x, y);
  // U = nx Σ (r_i − i)² + ny Σ (s_j − j)² with midranks r, s in the pooled sample
  let sx = 0;
  let sy = 0;
  let below = 0;
  let ix = 0;
  let iy = 0;
  for (let j = 0; j < inA.length; j++) {
    const l = inA[j] + inB[j];
    const rank = below + (l + 1) / 2;
    for (let c = 0; c < inA[j]; c++) sx += (rank - ++ix) ** 2;
    for (let c = 0; c < inB[j]; c++) sy += (rank - ++iy) ** 2;
    below += l;
  }
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= 20) return { statistic: t, pValue: cvmExactPValue(u, nx, ny), method: "exact" };
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k)) / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const pValue = tn >= 0.003 ? Math.max(1 - cdfCvmInf(tn), 0) : 1;
  return { statistic: t, pValue, method: "asymptotic" };
}

/**
 * scipy.stats.energy_distance(u, v) = sqrt(2 ∫ (F_u − F_v)²) on sorted finite samples
 * (one merge walk over the pooled values).
 */
export function energyDistance(u: Float64Array, v: Float64Array): number {
  const { values, inA, inB } = pooledDistinct(u, v);
  let ca = 0;
  let cb = 0;
  let integral = 0;
  for (let j = 0; j < values.length - 1; j++) {
    ca += inA[j];
    cb += inB[j];
    const d = ca / u.length - cb / v.length;
    integral += d * d * (values[j + 1] - values[j]);
  }
  return Math.sqrt(2 * integral);
}

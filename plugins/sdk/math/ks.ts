/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy.stats.ks_2samp(method='auto'):
 * statistic D = max |F1(x) − F2(x)| over all observed x (ECDFs right-continuous);
 * p-value exact (Hodges' lattice-path counting) when max(n1, n2) ≤ 10 000, otherwise
 * kstwo.sf(D, round(n1·n2/(n1+n2))). Input: both samples sorted ascending.
 */
import { kolmogornSf } from "./kolmogorov";
import { clip01, gcd } from "./special";

export interface KsResult {
  statistic: number;
  pValue: number;
  method: "exact" | "asymp";
}

export const KS_MAX_AUTO_N = 10000;

/** D statistic from two sorted samples (same floating-point steps as scipy). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const n1 = a.length;
  const n2 = b.length;
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < n1 && j < n2) {
    const ai = a[i];
    const bj = b[j];
    const v = ai <= bj ? ai : bj;
    while (i < n1 && a[i] === v) i++;
    while (j < n2 && b[j] === v) j++;
    const diff = i / n1 - j / n2;
    if (diff > maxS) maxS = diff;
    else if (-diff > minS) minS = -diff;
  }
  // One sample is exhausted: from here |F1 − F2| only shrinks, so only the next point matters.
  if (i < n1) {
    const v = a[i];
    while (i < n1 && a[i] === v) i++;
    const diff = i / n1 - 1;
    if (-diff > minS) minS = -diff;
  } else if (j < n2) {
    const v = b[j];
    while (j < n2 && b[j] === v) j++;
    const diff = 1 - j / n2;
    if (diff > maxS) maxS = diff;
  }
  minS = Math.min(Math.max(minS, 0), 1);
  return minS > maxS ? minS : maxS;
}

/** P(D_{n,n} ≥ h/n), equal sample sizes. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k--;
  }
  return 2 * P;
}

/** Proportion of lattice paths leaving |x/m − y/n| < h/lcm (Hodges; Viehmann's 1−p recursion). */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  let m = m0;
  let n = n0;
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(Math.max(lenA, n + 2)).fill(1);
  for (let j = minj; j < maxj; j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) for (let t = maxj - minj; t < maxj - minj + (lastlen - curlen); t++) A[t] = 1;
  }
  return A[maxj - minj - 1];
}

/** Exact two-sided p-value; also returns D rounded to the lattice (h/lcm) as scipy does. */
export function ksExactPValue(n1: number, n2: number, d: number): { d: number; p: number } | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const dr = h / lcm;
  if (h === 0) return { d: dr, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return null;
  return { d: dr, p };
}

/** ks_2samp(a, b, alternative='two-sided', method='auto') on sorted, finite, non-empty samples. */
export function ks2Samp(a: Float64Array, b: Float64Array): KsResult {
  if (a.length === 0 || b.length === 0) throw new Error("ks2Samp needs two non-empty samples");
  return ksPValue(a.length, b.length, ksStatistic(a, b));
}

/** The p-value step of ks_2samp(method='auto') for a statistic d of samples of sizes n1, n2. */
export function ksPValue(n1: number, n2: number, d: number): KsResult {
  if (Math.max(n1, n2) <= KS_MAX_AUTO_N) {
    const exact = ksExactPValue(n1, n2, d);
    if (exact) return { statistic: exact.d, pValue: clip01(exact.p), method: "exact" };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return { statistic: d, pValue: clip01(kolmogornSf(Math.round(en), d)), method: "asymp" };
}

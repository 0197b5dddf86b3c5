/**
 * Tests for comparing two versions, paired by request (the same rows answered by A and B) or, as a
 * fallback, on independent samples. Every function states the definition it follows; the tests in
 * test/unit/plugins/paired.test.ts compare them with scipy.
 */
import { logBinomial, normalSf } from "./special";
import { sortedFinite } from "./sort";

// ── Normal quantile ─────────────────────────────────────────────────────────

/** Standard normal quantile Φ⁻¹(p) (Wichura's AS 241, PPND16: relative error ~1e-16; scipy.stats.norm.ppf). */
export function normalPpf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

/** Two-sided critical value z_{1−α/2}. */
export function zCritical(alpha: number): number {
  return normalPpf(1 - alpha / 2);
}

// ── Binomial tails (McNemar) ────────────────────────────────────────────────

/** P(X ≤ k) and P(X = k) for X ~ Binomial(n, 1/2), summed from k downwards in linear space. */
function binomHalfLowerTail(k: number, n: number): { cdf: number; pmf: number } {
  if (k < 0) return { cdf: 0, pmf: 0 };
  if (k >= n) return { cdf: 1, pmf: n === k ? Math.exp(-n * Math.LN2) : 0 };
  const pmfK = Math.exp(logBinomial(n, k) - n * Math.LN2);
  let term = pmfK;
  let cdf = pmfK;
  for (let j = k; j > 0; j--) {
    term *= j / (n - j + 1);
    cdf += term;
    if (term < cdf * 1e-17) break;
  }
  return { cdf: Math.min(1, cdf), pmf: pmfK };
}

export interface McNemarResult {
  /** pairs where A was right and B wrong / A wrong and B right */
  aOnly: number;
  bOnly: number;
  /** (bOnly − aOnly)² / (aOnly + bOnly), the uncorrected McNemar chi-square (0 when no discordant pairs) */
  statistic: number;
  /** exact: scipy.stats.binomtest(bOnly, aOnly + bOnly, 0.5).pvalue; mid-p: that minus P(X = min) */
  pValue: number;
}

/**
 * McNemar's test on paired binary outcomes (1 = correct). Exact: the conditional binomial test on the
 * discordant pairs, p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2). Mid-p (Fagerland, Lydersen
 * & Laake 2013): p = 2·P(X ≤ min) − P(X = min).
 */
export function mcnemar(a: Uint8Array, b: Uint8Array, method: "exact" | "mid-p" = "mid-p"): McNemarResult {
  if (a.length !== b.length) throw new Error(`mcnemar: ${a.length} vs ${b.length} outcomes; pairs must align`);
  let aOnly = 0;
  let bOnly = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] && !b[i]) aOnly++;
    else if (!a[i] && b[i]) bOnly++;
  }
  return mcnemarFromCounts(aOnly, bOnly, method);
}

export function mcnemarFromCounts(aOnly: number, bOnly: number, method: "exact" | "mid-p" = "mid-p"): McNemarResult {
  const n = aOnly + bOnly;
  if (n === 0) return { aOnly, bOnly, statistic: 0, pValue: 1 };
  const k = Math.min(aOnly, bOnly);
  const { cdf, pmf } = binomHalfLowerTail(k, n);
  const exact = Math.min(1, 2 * cdf);
  const pValue = method === "exact" ? exact : Math.min(1, 2 * cdf - pmf);
  return { aOnly, bOnly, statistic: ((bOnly - aOnly) * (bOnly - aOnly)) / n, pValue };
}

/**
 * Wald interval of the paired difference of proportions Δ = p_B − p_A = (c − b)/n:
 * se = √(b + c − (c − b)²/n) / n.
 */
export function pairedProportionDelta(aOnly: number, bOnly: number, n: number): { delta: number; se: number } {
  if (n === 0) return { delta: NaN, se: NaN };
  const delta = (bOnly - aOnly) / n;
  const v = aOnly + bOnly - ((bOnly - aOnly) * (bOnly - aOnly)) / n;
  return { delta, se: Math.sqrt(Math.max(0, v)) / n };
}

// ── DeLong ──────────────────────────────────────────────────────────────────

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Indices of values in ascending order (stable; −0 = 0, NaN last): an LSD radix sort on the
 * IEEE-754 bits mapped to unsigned order, 16 bits a pass, passes whose digit never varies skipped.
 * The keys travel with the indices (read in order, not through the index), which keeps every pass
 * a sequential read. O(n) — an index sort with a comparator costs several times more on a million values.
 */
export function argsort(values: Float64Array): Int32Array {
  const n = values.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = values[i] === 0 ? 0 : values[i];
  const bits = new Uint32Array(f.buffer);
  const [LO, HI] = LITTLE_ENDIAN ? [0, 1] : [1, 0];
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + HI];
    const l = bits[2 * i + LO];
    if (h & 0x80000000) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let tmp = new Int32Array(n);
  let tmpLo = new Uint32Array(n);
  let tmpHi = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = pass % 2 ? 16 : 0;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(word[i] >>> shift) & 0xffff]++;
    if (n > 0 && counts[(word[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    // the low word is not needed once the passes over it are done
    const carryLo = pass < 1;
    for (let k = 0; k < n; k++) {
      const at = counts[(word[k] >>> shift) & 0xffff]++;
      tmp[at] = idx[k];
      tmpHi[at] = hi[k];
      if (carryLo) tmpLo[at] = lo[k];
    }
    [idx, tmp] = [tmp, idx];
    [hi, tmpHi] = [tmpHi, hi];
    if (carryLo) [lo, tmpLo] = [tmpLo, lo];
  }
  return idx;
}

/** Mid-ranks (1-based, ties averaged) of values, like scipy.stats.rankdata(method='average'). */
export function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = argsort(values);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

export interface DeLongResult {
  aucA: number;
  aucB: number;
  /** AUC_B − AUC_A */
  delta: number;
  /** √Var(Δ) by DeLong, DeLong & Clarke-Pearson (1988), structural components via mid-ranks (Sun & Xu 2014) */
  se: number;
  z: number;
  pValue: number;
  positives: number;
  negatives: number;
}

/**
 * Structural components of one score vector: V10 per positive, V01 per negative (means are the AUC).
 * V10_i = (R_i − R⁺_i)/n and V01_j = 1 − (R_j − R⁻_j)/m with R the mid-rank among all scores and R⁺,
 * R⁻ the mid-ranks among the positives / negatives — all three read off one sort of all scores: a
 * tie group at sorted positions g…h holding p positives after P earlier ones has R = (g + h + 2)/2
 * and, for its positives, R⁺ = (P + P + p − 1 + 2)/2 (likewise for negatives).
 */
function structuralComponents(scores: Float64Array, labels: Uint8Array, m: number, n: number) {
  // positives first (in row order), then negatives: all[k] for k < m is the k-th positive
  const all = new Float64Array(m + n);
  for (let i = 0, p = 0, q = m; i < scores.length; i++) {
    if (labels[i]) all[p++] = scores[i];
    else all[q++] = scores[i];
  }
  const order = argsort(all);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let posBefore = 0;
  let negBefore = 0;
  for (let g = 0; g < order.length; ) {
    let h = g;
    while (h + 1 < order.length && all[order[h + 1]] === all[order[g]]) h++;
    let p = 0;
    for (let k = g; k <= h; k++) if (order[k] < m) p++;
    const q = h - g + 1 - p;
    const rAll = (g + h + 2) / 2;
    const rPos = (posBefore + (posBefore + p - 1) + 2) / 2;
    const rNeg = (negBefore + (negBefore + q - 1) + 2) / 2;
    for (let k = g; k <= h; k++) {
      const r = order[k];
      if (r < m) v10[r] = (rAll - rPos) / n;
      else v01[r - m] = 1 - (rAll - rNeg) / m;
    }
    posBefore += p;
    negBefore += q;
    g = h + 1;
  }
  return { v10, v01 };
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample covariance (ddof = 1) of two equally long vectors. */
function cov(x: Float64Array, y: Float64Array, mx: number, my: number): number {
  if (x.length < 2) return 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (x.length - 1);
}

/**
 * DeLong's test for two correlated ROC AUCs on the same rows (labels 0/1, both scores finite).
 * Var(Δ) = (S10_AA + S10_BB − 2·S10_AB)/m + (S01_AA + S01_BB − 2·S01_AB)/n, z = Δ/se, p two-sided normal.
 */
export function delong(scoresA: Float64Array, scoresB: Float64Array, labels: Uint8Array): DeLongResult {
  if (scoresA.length !== labels.length || scoresB.length !== labels.length) throw new Error("delong: scores and labels must align");
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) m++;
  const n = labels.length - m;
  if (m === 0 || n === 0) return { aucA: NaN, aucB: NaN, delta: NaN, se: NaN, z: NaN, pValue: NaN, positives: m, negatives: n };
  const A = structuralComponents(scoresA, labels, m, n);
  const B = structuralComponents(scoresB, labels, m, n);
  const aucA = mean(A.v10);
  const aucB = mean(B.v10);
  const a01 = mean(A.v01);
  const b01 = mean(B.v01);
  const s10 = cov(A.v10, A.v10, aucA, aucA) + cov(B.v10, B.v10, aucB, aucB) - 2 * cov(A.v10, B.v10, aucA, aucB);
  const s01 = cov(A.v01, A.v01, a01, a01) + cov(B.v01, B.v01, b01, b01) - 2 * cov(A.v01, B.v01, a01, b01);
  const se = Math.sqrt(Math.max(0, s10 / m + s01 / n));
  const delta = aucB - aucA;
  const z = se > 0 ? delta / se : 0;
  return { aucA, aucB, delta, se, z, pValue: se > 0 ? Math.min(1, 2 * normalSf(Math.abs(z))) : delta === 0 ? 1 : 0, positives: m, negatives: n };
}

/** DeLong variance of one AUC (for independent samples: Var(Δ) = Var_A + Var_B). */
export function delongSingle(scores: Float64Array, labels: Uint8Array): { auc: number; se: number } {
  let m = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) m++;
  const n = labels.length - m;
  if (m === 0 || n === 0) return { auc: NaN, se: NaN };
  const c = structuralComponents(scores, labels, m, n);
  const auc = mean(c.v10);
  const m01 = mean(c.v01);
  return { auc, se: Math.sqrt(Math.max(0, cov(c.v10, c.v10, auc, auc) / m + cov(c.v01, c.v01, m01, m01) / n)) };
}

// ── Wilcoxon signed-rank and Hodges–Lehmann ─────────────────────────────────

export interface WilcoxonResult {
  /** min(R+, R−), scipy's two-sided statistic */
  statistic: number;
  pValue: number;
  /** non-zero differences used */
  n: number;
  method: "exact" | "asymptotic";
}

/**
 * Wilcoxon signed-rank test of d = b − a (scipy.stats.wilcoxon(b, a), zero_method='wilcox',
 * correction=False): zeros dropped, |d| mid-ranked. Exact null distribution when n ≤ 50 with no
 * ties; otherwise the normal approximation with the tie correction
 * σ² = [n(n+1)(2n+1) − Σ(t³ − t)/2] / 24, z = (T − n(n+1)/4)/σ.
 * The ranks of |d| come from the sorted d (shared with hodgesLehmann through sortedFinite): the
 * negative values read backwards and the positive ones forwards are two ascending runs of |d|,
 * merged tie group by tie group; ±Infinity tie at the top.
 */
export function wilcoxonSignedRank(d: Float64Array): WilcoxonResult {
  const { sorted: s, posInf, negInf } = sortedFinite(d);
  let neg = 0; // s[0, neg) < 0
  while (neg < s.length && s[neg] < 0) neg++;
  let pos = neg; // s[pos, end) > 0
  while (pos < s.length && s[pos] === 0) pos++;
  const n = neg + (s.length - pos) + posInf + negInf;
  if (n === 0) return { statistic: 0, pValue: 1, n: 0, method: "exact" };
  let rPlus = 0;
  let rMinus = 0;
  let tieTerm = 0;
  let i = neg - 1; // next negative, by ascending |d|
  let j = pos; // next positive
  let rank0 = 0; // 0-based rank of the group's first member
  const group = (t: number, plus: number) => {
    const r = (rank0 + (rank0 + t - 1) + 2) / 2;
    if (t > 1) tieTerm += t * t * t - t;
    rPlus += r * plus;
    rMinus += r * (t - plus);
    rank0 += t;
  };
  while (i >= 0 || j < s.length) {
    const x = i < 0 ? s[j] : j >= s.length ? -s[i] : Math.min(-s[i], s[j]);
    let t = 0;
    let plus = 0;
    while (i >= 0 && -s[i] === x) {
      i--;
      t++;
    }
    while (j < s.length && s[j] === x) {
      j++;
      t++;
      plus++;
    }
    group(t, plus);
  }
  if (posInf + negInf > 0) group(posInf + negInf, posInf);
  const T = Math.min(rPlus, rMinus);
  if (n <= 50 && tieTerm === 0) return { statistic: T, pValue: signedRankExactP(T, n), n, method: "exact" };
  const mn = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieTerm / 2) / 24);
  const z = sigma > 0 ? (T - mn) / sigma : 0;
  return { statistic: T, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), n, method: "asymptotic" };
}

/** Two-sided exact p of the signed-rank statistic T (integer, no ties): 2·P(R ≤ T), capped at 1. */
function signedRankExactP(T: number, n: number): number {
  const max = (n * (n + 1)) / 2;
  const counts = new Float64Array(max + 1);
  counts[0] = 1;
  for (let k = 1; k <= n; k++) for (let s = (k * (k + 1)) / 2; s >= k; s--) counts[s] += counts[s - k];
  let below = 0;
  for (let s = 0; s <= Math.floor(T); s++) below += counts[s];
  return Math.min(1, (2 * below) / 2 ** n);
}

/** Count of Walsh averages (d_i + d_j)/2, i ≤ j, that are ≤ x; `sorted` ascending. O(n). */
function walshCountAtMost(sorted: Float64Array, x: number): number {
  const n = sorted.length;
  const twoX = 2 * x;
  let j = n - 1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    while (j >= i && sorted[i] + sorted[j] > twoX) j--;
    if (j < i) break;
    count += j - i + 1;
  }
  return count;
}

/** The Walsh averages in (lo, hi] (two pointers, O(n + count)), unordered. */
function walshBetween(sorted: Float64Array, lo: number, hi: number, count: number): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(count);
  let m = 0;
  let jHi = n - 1; // last j with s_i + s_j ≤ 2hi
  let jLo = n - 1; // last j with s_i + s_j ≤ 2lo
  for (let i = 0; i < n && m < count; i++) {
    while (jHi >= 0 && sorted[i] + sorted[jHi] > 2 * hi) jHi--;
    while (jLo >= 0 && sorted[i] + sorted[jLo] > 2 * lo) jLo--;
    for (let j = Math.max(jLo + 1, i); j <= jHi && m < count; j++) out[m++] = (sorted[i] + sorted[j]) / 2;
  }
  return out.subarray(0, m);
}

/** The k-th smallest (0-based) of x, reordering x (Hoare quickselect, median-of-three pivot). */
function selectInPlace(x: Float64Array, k: number): number {
  let lo = 0;
  let hi = x.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = x[lo], b = x[mid], c = x[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (x[i] < pivot) i++;
      while (x[j] > pivot) j--;
      if (i <= j) {
        const t = x[i];
        x[i++] = x[j];
        x[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return x[k];
  }
  return x[k];
}

/** A value x with the count of Walsh averages ≤ x. */
interface Probe {
  x: number;
  count: number;
}

/**
 * The k-th smallest (1-based) Walsh averages for each k in `ks`: per k, a search on the value that
 * brackets the k-th average between two probes (O(n) to count a probe) until at most max(n, 1024)
 * averages lie in the bracket, which are then listed and the k-th of them selected. The probes are
 * guessed by interpolating the counts, aiming a little past k on the side still far from it, with
 * a halving step whenever a guess fails to halve the bracket — a handful of passes where bisection
 * on the value needs forty. Probes are shared across the ks (the later searches start from the
 * tightest bracket already known). The answer is exact: the k-th value itself, not an estimate.
 */
export function walshSelect(sorted: Float64Array, ks: readonly number[]): number[] {
  const n = sorted.length;
  const M = (n * (n + 1)) / 2;
  const few = Math.max(n, 1024);
  const probes: Probe[] = [{ x: sorted[0], count: walshCountAtMost(sorted, sorted[0]) }, { x: sorted[n - 1], count: M }];
  return ks.map((k) => {
    let lo = probes[0];
    let hi = probes[1];
    for (const p of probes) {
      if (p.count < k && p.count > lo.count) lo = p;
      if (p.count >= k && p.count < hi.count) hi = p;
    }
    if (probes[0].count >= k) return probes[0].x;
    let halve = false;
    for (let it = 0; it < 400; it++) {
      if (hi.count - lo.count <= few) {
        const between = walshBetween(sorted, lo.x, hi.x, hi.count - lo.count);
        if (between.length === hi.count - lo.count) return selectInPlace(between, k - lo.count - 1);
      }
      let x = lo.x + (hi.x - lo.x) / 2;
      if (!halve) {
        const aim = hi.count - k > k - lo.count ? Math.min(k + few / 4, hi.count) : Math.max(k - few / 4, lo.count);
        const guess = lo.x + ((hi.x - lo.x) * (aim - lo.count)) / (hi.count - lo.count);
        if (guess > lo.x && guess < hi.x) x = guess;
      }
      if (x <= lo.x || x >= hi.x) return hi.x; // adjacent doubles: the k-th is hi
      const p = { x, count: walshCountAtMost(sorted, x) };
      probes.push(p);
      const before = hi.count - lo.count;
      if (p.count >= k) hi = p;
      else lo = p;
      halve = !halve && hi.count - lo.count > before / 2;
    }
    return hi.x;
  });
}

/** The k-th smallest (1-based) Walsh average of an ascending sample (see walshSelect). */
export function walshKth(sorted: Float64Array, k: number): number {
  return walshSelect(sorted, [k])[0];
}

export interface HodgesLehmannResult {
  /** median of the Walsh averages of d (the Hodges–Lehmann one-sample estimator of the shift) */
  shift: number;
  low: number;
  high: number;
}

/**
 * Hodges–Lehmann shift of d = b − a with its distribution-free interval from the signed-rank
 * distribution: [W_(k), W_(M−k+1)], M = n(n+1)/2, k = ⌊M/2 − z_{1−α/2}·√(n(n+1)(2n+1)/24)⌋ (normal
 * approximation, at least 1). Missing differences are dropped.
 */
export function hodgesLehmann(d: Float64Array, alpha = 0.05): HodgesLehmannResult {
  const s = sortedFinite(d).sorted;
  const n = s.length;
  if (n === 0) return { shift: NaN, low: NaN, high: NaN };
  const M = (n * (n + 1)) / 2;
  const k = Math.max(1, Math.floor(M / 2 - zCritical(alpha) * Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24)));
  if (M % 2 === 1) {
    const [shift, low, high] = walshSelect(s, [(M + 1) / 2, k, M - k + 1]);
    return { shift, low, high };
  }
  const [m1, m2, low, high] = walshSelect(s, [M / 2, M / 2 + 1, k, M - k + 1]);
  return { shift: (m1 + m2) / 2, low, high };
}

// ── Bootstrap ───────────────────────────────────────────────────────────────

/** mulberry32: a small seeded PRNG, so a bootstrap gives the same interval for the same seed. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** A metric of each version, computed on a set of rows (null = the whole sample). */
export type PairStatistic = (rowsA: Int32Array | null, rowsB: Int32Array | null) => [number, number];

export interface BootstrapResult {
  a: number;
  b: number;
  delta: number;
  /** percentile interval of Δ* */
  low: number;
  high: number;
  /** standard deviation of Δ* */
  se: number;
  /** 2·min(#{Δ* ≤ 0} + 1, #{Δ* ≥ 0} + 1)/(B + 1), capped at 1 */
  pValue: number;
  /** resamples whose Δ* was finite */
  resamples: number;
}

/** The q-quantile of sorted resampled statistics, interpolated linearly between order statistics (percentile intervals). */
export function percentile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Bootstrap of Δ = stat_B − stat_A. Paired: one resample of row indices serves both versions (rows
 * are requests both answered). Unpaired: each version's rows resampled on their own. Seeded.
 */
export function bootstrapDelta(args: { nA: number; nB: number; paired: boolean; statistic: PairStatistic; resamples: number; seed: number; alpha: number }): BootstrapResult {
  const { nA, nB, paired, statistic, resamples, seed, alpha } = args;
  const [a, b] = statistic(null, null);
  const rand = seededRandom(seed);
  const rowsA = new Int32Array(nA);
  const rowsB = paired ? rowsA : new Int32Array(nB);
  return summarizeResamples(a, b, resamples, alpha, () => {
    for (let i = 0; i < nA; i++) rowsA[i] = (rand() * nA) | 0;
    if (!paired) for (let i = 0; i < nB; i++) rowsB[i] = (rand() * nB) | 0;
    const [ra, rb] = statistic(rowsA, rowsB);
    return rb - ra;
  });
}

/**
 * Draws `resamples` values of Δ* (non-finite ones skipped) and summarizes them: percentile interval,
 * standard deviation, p = 2·min(#Δ* ≤ 0 + 1, #Δ* ≥ 0 + 1)/(B + 1) capped at 1. Shared by every bootstrap.
 */
export function summarizeResamples(a: number, b: number, resamples: number, alpha: number, draw: () => number): BootstrapResult {
  const deltas = new Float64Array(resamples);
  let kept = 0;
  let below = 0;
  let above = 0;
  for (let r = 0; r < resamples; r++) {
    const d = draw();
    if (!Number.isFinite(d)) continue;
    deltas[kept++] = d;
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const ds = deltas.subarray(0, kept).sort();
  let m = 0;
  for (let i = 0; i < kept; i++) m += ds[i];
  m /= kept || 1;
  let v = 0;
  for (let i = 0; i < kept; i++) v += (ds[i] - m) ** 2;
  return {
    a,
    b,
    delta: b - a,
    low: kept ? percentile(ds, alpha / 2) : NaN,
    high: kept ? percentile(ds, 1 - alpha / 2) : NaN,
    se: kept > 1 ? Math.sqrt(v / (kept - 1)) : NaN,
    pValue: kept ? Math.min(1, (2 * (Math.min(below, above) + 1)) / (kept + 1)) : NaN,
    resamples: kept,
  };
}

// ── Power ───────────────────────────────────────────────────────────────────

/**
 * Paired requests needed to detect `effect` with a two-sided test at `alpha` and the given power,
 * from the observed standard error at n rows: n* = n·se²·((z_{1−α/2} + z_power)/effect)².
 */
export function requiredSampleSize(args: { n: number; se: number; effect: number; alpha: number; power: number }): number | null {
  const { n, se, effect, alpha, power } = args;
  if (!(effect > 0) || !(se > 0) || !(n > 0)) return null;
  const z = zCritical(alpha) + normalPpf(power);
  return Math.ceil(n * se * se * (z / effect) ** 2);
}

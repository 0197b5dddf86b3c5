/**
 * The paired bootstrap over sufficient statistics: cost independent of the row count per resample.
 *
 * Rows are grouped into cells (a joint outcome: for a binary pair, A's prediction and label and
 * B's). A statistic that depends on the rows only through per-cell counts (accuracy, F1, macro-F1,
 * precision, recall …) depends on a resample only through how many times each cell was drawn, and
 * drawing n rows with replacement draws those counts from Multinomial(n, n_c / n): one resample is
 * k binomial draws instead of n row picks — the same distribution as the row bootstrap.
 *
 * When the statistic also needs per-cell sums of numeric columns (cost per correct prediction,
 * mean cost, net value), each cell's resampled sum is the sum of W_c rows drawn from that cell:
 * exactly that for cells of at most EXACT_CELL_ROWS rows (W_c picks), and its normal limit for larger
 * cells — mean W_c·μ_c, covariance W_c·Σ_c over the columns (a central-limit step whose error,
 * O(1/√n_c), is below the Monte Carlo error of B resamples at those sizes).
 *
 * Seeded (mulberry32): the same input and seed give the same interval.
 */
import { DictionaryEncoder } from "../dictionary";
import { seededRandom, summarizeResamples, type BootstrapResult } from "./paired";
import { lgamma } from "./special";

/** Cells larger than this get the normal limit of their resampled column sums. */
export const EXACT_CELL_ROWS = 2000;

/** Binomial(n, p): inversion for n·p < 10, else Hörmann's BTRS (transformed rejection with squeeze). */
export function binomialSample(n: number, p: number, rand: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomialSample(n, 1 - p, rand);
  if (n * p < 10) {
    const q = 1 - p;
    const s = p / q;
    const a = (n + 1) * s;
    let r = Math.pow(q, n);
    let u = rand();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) return n;
      r *= a / x - s;
    }
    return x;
  }
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = Math.log(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = lgamma(m + 1) + lgamma(n - m + 1);
  for (;;) {
    const u = rand() - 0.5;
    const v = rand();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq) return k;
  }
}

/** Multinomial(n, counts / Σcounts) into `out` by conditional binomials. */
export function multinomialSample(n: number, counts: Float64Array, total: number, rand: () => number, out: Float64Array): void {
  let left = n;
  let mass = total;
  for (let c = 0; c < counts.length; c++) {
    const w = counts[c];
    if (left <= 0 || w <= 0) {
      out[c] = 0;
      continue;
    }
    const draw = w >= mass ? left : binomialSample(left, w / mass, rand);
    out[c] = draw;
    left -= draw;
    mass -= w;
  }
}

/** Standard normal pair (Box–Muller), for the normal limit of large cells. */
function normalPair(rand: () => number, out: Float64Array): void {
  const u = 1 - rand();
  const r = Math.sqrt(-2 * Math.log(u));
  const t = 2 * Math.PI * rand();
  out[0] = r * Math.cos(t);
  out[1] = r * Math.sin(t);
}

/**
 * One sample's rows as cells: `cell[i]` in [0, k) per row and `m` numeric columns per row (may be
 * none). Build with `cellSample`.
 */
export interface CellSample {
  k: number;
  cell: Int32Array;
  columns: Float64Array[];
}

/** Rows → compact cells from any integer key per row (only keys that occur get a cell). */
function cellSample(keys: ArrayLike<number>, columns: Float64Array[] = []): CellSample & { keys: Float64Array } {
  const cells = new DictionaryEncoder<number>();
  const cell = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) cell[i] = cells.code(keys[i]);
  return { k: cells.dictionary.length, cell, columns, keys: Float64Array.from(cells.dictionary) };
}

/** Per-cell weights (W_c: rows drawn from cell c) and sums (column j of cell c at s[c·m + j]). */
export interface CellAggregate {
  w: Float64Array;
  s: Float64Array;
}

/**
 * Resampler of one sample of rows in cells: `draw` fills per-cell weights (Multinomial(n, n_c/n))
 * and column sums (exact for small cells, the normal limit for large ones). Precomputed counts,
 * means, Cholesky factors and small cells' rows.
 */
export class CellResampler {
  readonly n: number;
  readonly k: number;
  readonly m: number;
  readonly counts: Float64Array;
  readonly full: CellAggregate;
  private mean: Float64Array;
  private chol: Float64Array;
  private rowsOf: (Int32Array | null)[];
  private columns: Float64Array[];
  private z: Float64Array;
  private zz = new Float64Array(2);

  constructor(sample: CellSample) {
    const { k, cell, columns } = sample;
    const m = columns.length;
    this.n = cell.length;
    this.k = k;
    this.m = m;
    this.columns = columns;
    this.counts = new Float64Array(k);
    const sums = new Float64Array(k * m);
    for (let i = 0; i < cell.length; i++) {
      const c = cell[i];
      this.counts[c]++;
      for (let j = 0; j < m; j++) sums[c * m + j] += columns[j][i];
    }
    this.full = { w: Float64Array.from(this.counts), s: sums };
    this.mean = new Float64Array(k * m);
    for (let c = 0; c < k; c++) for (let j = 0; j < m; j++) this.mean[c * m + j] = this.counts[c] ? sums[c * m + j] / this.counts[c] : 0;
    this.chol = new Float64Array(k * m * m);
    this.rowsOf = new Array<Int32Array | null>(k).fill(null);
    this.z = new Float64Array(m + 1);
    if (m === 0) return;
    // small cells keep their rows (exact draws); large ones a Cholesky factor of their covariance
    const small = new Int32Array(k);
    for (let c = 0; c < k; c++) if (this.counts[c] <= EXACT_CELL_ROWS) this.rowsOf[c] = new Int32Array(this.counts[c]);
    const cov = new Float64Array(k * m * m);
    for (let i = 0; i < cell.length; i++) {
      const c = cell[i];
      const rows = this.rowsOf[c];
      if (rows) {
        rows[small[c]++] = i;
        continue;
      }
      for (let p = 0; p < m; p++) {
        const dp = columns[p][i] - this.mean[c * m + p];
        for (let q = 0; q <= p; q++) cov[c * m * m + p * m + q] += dp * (columns[q][i] - this.mean[c * m + q]);
      }
    }
    for (let c = 0; c < k; c++) {
      if (this.rowsOf[c]) continue;
      const o = c * m * m;
      const nc = this.counts[c];
      for (let p = 0; p < m; p++) {
        for (let q = 0; q <= p; q++) {
          let v = cov[o + p * m + q] / nc;
          for (let r = 0; r < q; r++) v -= this.chol[o + p * m + r] * this.chol[o + q * m + r];
          if (p === q) this.chol[o + p * m + p] = v > 0 ? Math.sqrt(v) : 0;
          else this.chol[o + p * m + q] = this.chol[o + q * m + q] > 0 ? v / this.chol[o + q * m + q] : 0;
        }
      }
    }
  }

  /** One resample into `out`. */
  draw(rand: () => number, out: CellAggregate): void {
    multinomialSample(this.n, this.counts, this.n, rand, out.w);
    const { k, m } = this;
    if (m === 0) return;
    for (let c = 0; c < k; c++) {
      const wc = out.w[c];
      const o = c * m;
      for (let j = 0; j < m; j++) out.s[o + j] = 0;
      if (wc === 0) continue;
      const rows = this.rowsOf[c];
      if (rows) {
        for (let t = 0; t < wc; t++) {
          const i = rows[(rand() * rows.length) | 0];
          for (let j = 0; j < m; j++) out.s[o + j] += this.columns[j][i];
        }
        continue;
      }
      for (let j = 0; j < m; j += 2) {
        normalPair(rand, this.zz);
        this.z[j] = this.zz[0];
        this.z[j + 1] = this.zz[1];
      }
      const sd = Math.sqrt(wc);
      for (let p = 0; p < m; p++) {
        let e = 0;
        for (let q = 0; q <= p; q++) e += this.chol[c * m * m + p * m + q] * this.z[q];
        out.s[o + p] = wc * this.mean[o + p] + sd * e;
      }
    }
  }
}

/**
 * One version's totals in a resample, by that version's own key: w[key] = rows drawn with that key,
 * s[key·m + j] = the sum of its column j over them. All a statistic of one version needs.
 */
export type SideTotals = CellAggregate;

/** A metric of each version from its totals (A's from A's keys and columns, B's from B's). */
export type CellStatistic = (a: SideTotals, b: SideTotals) => [number, number];

/** What a cell bootstrap needs from each version: per row a key in [0, k) and numeric columns. */
export interface SideCells {
  keys: ArrayLike<number>;
  k: number;
  columns: Float64Array[];
}

/** Joint cells of paired rows → each side's totals (marginals) in place. */
class Marginals {
  readonly A: SideTotals;
  readonly B: SideTotals;
  constructor(
    private keyA: Int32Array,
    private keyB: Int32Array,
    private a: SideCells,
    private b: SideCells,
  ) {
    this.A = { w: new Float64Array(a.k), s: new Float64Array(a.k * a.columns.length) };
    this.B = { w: new Float64Array(b.k), s: new Float64Array(b.k * b.columns.length) };
  }
  of(joint: CellAggregate): void {
    const mA = this.a.columns.length;
    const mB = this.b.columns.length;
    const m = mA + mB;
    this.A.w.fill(0);
    this.A.s.fill(0);
    this.B.w.fill(0);
    this.B.s.fill(0);
    for (let c = 0; c < this.keyA.length; c++) {
      const ka = this.keyA[c];
      const kb = this.keyB[c];
      this.A.w[ka] += joint.w[c];
      this.B.w[kb] += joint.w[c];
      for (let j = 0; j < mA; j++) this.A.s[ka * mA + j] += joint.s[c * m + j];
      for (let j = 0; j < mB; j++) this.B.s[kb * mB + j] += joint.s[c * m + mA + j];
    }
  }
}

/**
 * Bootstrap of Δ = stat_B − stat_A over cells. Paired: row i of a and b is one request; its cell is
 * the joint key (A's key, B's key) and one resample of requests serves both versions. Unpaired: each
 * version's rows are resampled on their own. Percentile interval; p = 2·min(#Δ* ≤ 0 + 1, #Δ* ≥ 0 + 1)/(B + 1)
 * — the same outputs as `bootstrapDelta`.
 */
export function bootstrapCells(args: { a: SideCells; b: SideCells; paired: boolean; statistic: CellStatistic; resamples: number; seed: number; alpha: number }): BootstrapResult {
  const { a: sa, b: sb, paired, statistic, resamples, seed, alpha } = args;
  let drawA: (rand: () => number) => void;
  let totals: () => [SideTotals, SideTotals];
  if (paired) {
    if (sa.keys.length !== sb.keys.length) throw new Error("paired cells need as many rows on both sides");
    const joint = new Float64Array(sa.keys.length);
    for (let i = 0; i < joint.length; i++) joint[i] = sa.keys[i] + sa.k * sb.keys[i];
    const cs = cellSample(joint, [...sa.columns, ...sb.columns]);
    const keyA = new Int32Array(cs.k);
    const keyB = new Int32Array(cs.k);
    for (let c = 0; c < cs.k; c++) {
      keyA[c] = cs.keys[c] % sa.k;
      keyB[c] = Math.floor(cs.keys[c] / sa.k);
    }
    const R = new CellResampler(cs);
    const agg: CellAggregate = { w: new Float64Array(R.k), s: new Float64Array(R.k * R.m) };
    const marg = new Marginals(keyA, keyB, sa, sb);
    marg.of(R.full);
    const full: [SideTotals, SideTotals] = [{ w: marg.A.w.slice(), s: marg.A.s.slice() }, { w: marg.B.w.slice(), s: marg.B.s.slice() }];
    const [a0, b0] = statistic(full[0], full[1]);
    drawA = (rand) => {
      R.draw(rand, agg);
      marg.of(agg);
    };
    totals = () => [marg.A, marg.B];
    return finish(a0, b0);
  }
  const RA = new CellResampler({ k: sa.k, cell: new Int32Array(sa.keys), columns: sa.columns });
  const RB = new CellResampler({ k: sb.k, cell: new Int32Array(sb.keys), columns: sb.columns });
  const aggA: CellAggregate = { w: new Float64Array(RA.k), s: new Float64Array(RA.k * RA.m) };
  const aggB: CellAggregate = { w: new Float64Array(RB.k), s: new Float64Array(RB.k * RB.m) };
  const [a0, b0] = statistic(RA.full, RB.full);
  drawA = (rand) => {
    RA.draw(rand, aggA);
    RB.draw(rand, aggB);
  };
  totals = () => [aggA, aggB];
  return finish(a0, b0);

  function finish(a: number, b: number): BootstrapResult {
    const rand = seededRandom(seed);
    return summarizeResamples(a, b, resamples, alpha, () => {
      drawA(rand);
      const [A, B] = totals();
      const [ra, rb] = statistic(A, B);
      return rb - ra;
    });
  }
}

/**
 * Binary classification statistics with scikit-learn's definitions.
 * Rows are counted per distinct score once (hashed, or sorted per class); ROC/PR/AUC/AP are read
 * off one descending sweep.
 */
import { groupScores, MAX_SCORE_GROUPS, type ScoreGroups } from "./score-groups";
import { sortFiniteInPlace } from "./sort";

export const LOG_LOSS_EPS = 2.220446049250313e-16; // np.finfo(float64).eps, sklearn's clip

export interface Sweep {
  /** Distinct thresholds, descending. */
  thresholds: Float64Array;
  /** Cumulative true/false positives at score ≥ threshold. */
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/**
 * Above this share of distinct scores per row, sorting the rows is cheaper than grouping them in
 * a hash table (which then outgrows the cache).
 */
const GROUPED_DISTINCT_SHARE = 1 / 16;

/**
 * The rows grouped by distinct score when there are few distinct scores (see score-groups.ts),
 * else null. `withRows`: each row's group too (binaryLogLossOfGroups, calibrationOfGroups).
 */
export function groupBinaryScores(scores: Float64Array, labels: Uint8Array, withRows = false): ScoreGroups | null {
  const maxDistinct = Math.min(MAX_SCORE_GROUPS, Math.max(64, Math.floor(scores.length * GROUPED_DISTINCT_SHARE)));
  return groupScores(scores, labels, maxDistinct, withRows);
}

/**
 * One descending sweep over distinct scores (sklearn's _binary_clf_curve); `scores` finite.
 * Counted per distinct score by hashing when there are few of them, else by sorting each class.
 */
export function binarySweep(scores: Float64Array, labels: Uint8Array): Sweep {
  const groups = groupBinaryScores(scores, labels);
  return groups ? sweepOfGroups(groups) : sweepBySorting(scores, labels);
}

/** The sweep from per-score counts: cumulative counts from the highest score down. */
export function sweepOfGroups(g: ScoreGroups): Sweep {
  const k = g.values.length;
  const thresholds = new Float64Array(k);
  const tps = new Float64Array(k);
  const fps = new Float64Array(k);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < k; i++) {
    const from = k - 1 - i;
    tp += g.positives[from];
    fp += g.negatives[from];
    thresholds[i] = g.values[from];
    tps[i] = tp;
    fps[i] = fp;
  }
  return { thresholds, tps, fps, positives: tp, negatives: fp };
}

/** The sweep by sorting the scores of each class and merging them. */
export function sweepBySorting(scores: Float64Array, labels: Uint8Array): Sweep {
  let P = 0;
  for (let i = 0; i < labels.length; i++) P += labels[i];
  const N = labels.length - P;
  const pos = new Float64Array(P);
  const neg = new Float64Array(N);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]) pos[ip++] = scores[i];
    else neg[ineg++] = scores[i];
  }
  sortFiniteInPlace(pos);
  sortFiniteInPlace(neg);
  // one threshold per distinct score: at most the distinct values of both classes (not one per row)
  const distinct = (a: Float64Array) => {
    let d = 0;
    for (let k = 0; k < a.length; k++) if (k === 0 || a[k] !== a[k - 1]) d++;
    return d;
  };
  const cap = distinct(pos) + distinct(neg);
  const thresholds = new Float64Array(cap);
  const tps = new Float64Array(cap);
  const fps = new Float64Array(cap);
  let i = P - 1;
  let j = N - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const v = j < 0 || (i >= 0 && pos[i] >= neg[j]) ? pos[i] : neg[j];
    while (i >= 0 && pos[i] >= v) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] >= v) {
      fp++;
      j--;
    }
    thresholds[k] = v;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return { thresholds: thresholds.slice(0, k), tps: tps.slice(0, k), fps: fps.slice(0, k), positives: P, negatives: N };
}

/** ROC AUC: trapezoidal area under (fpr, tpr) starting at (0, 0) — sklearn roc_auc_score. */
export function rocAuc(s: Sweep): number {
  if (s.positives === 0 || s.negatives === 0) return NaN;
  let area = 0;
  let prevF = 0;
  let prevT = 0;
  for (let k = 0; k < s.tps.length; k++) {
    const f = s.fps[k] / s.negatives;
    const t = s.tps[k] / s.positives;
    area += ((f - prevF) * (t + prevT)) / 2;
    prevF = f;
    prevT = t;
  }
  return area;
}

/** Average precision Σ (R_k − R_{k−1}) · P_k over descending thresholds — sklearn average_precision_score. */
export function averagePrecision(s: Sweep): number {
  if (s.positives === 0) return NaN;
  let ap = 0;
  let prevR = 0;
  for (let k = 0; k < s.tps.length; k++) {
    const tp = s.tps[k];
    const r = tp / s.positives;
    const p = tp / (tp + s.fps[k]);
    ap += (r - prevR) * p;
    prevR = r;
    if (tp === s.positives) break;
  }
  return ap;
}

/** Down-sample curve points to at most `max` (keeps first and last). */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(Math.round((i * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts with prediction = score ≥ threshold. */
export function confusionAt(scores: Float64Array, labels: Uint8Array, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const pred = scores[i] >= threshold;
    if (labels[i]) {
      if (pred) tp++;
      else fn++;
    } else if (pred) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** confusionAt read off a sweep: the cumulative counts at the lowest threshold ≥ `threshold`. */
export function confusionOfSweep(s: Sweep, threshold: number): Confusion {
  // thresholds descend: count those ≥ threshold
  let lo = 0;
  let hi = s.thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.thresholds[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  const tp = lo ? s.tps[lo - 1] : 0;
  const fp = lo ? s.fps[lo - 1] : 0;
  return { tp, fp, tn: s.negatives - fp, fn: s.positives - tp };
}

/** A row's log-loss term: −ln of the probability given to its label, as sklearn log_loss computes it. */
function logLossTerm(prob: number, label: number): number {
  const p = prob < LOG_LOSS_EPS ? LOG_LOSS_EPS : prob > 1 - LOG_LOSS_EPS ? 1 - LOG_LOSS_EPS : prob;
  // sklearn clips p, builds the row [1−p, p] and renormalises it
  const q = 1 - p;
  const z = p + q;
  return label ? -Math.log(p / z) : -Math.log(q / z);
}

/** sklearn log_loss for binary labels (labels=[0,1]): probabilities clipped to [eps, 1−eps]. */
export function binaryLogLoss(probs: Float64Array, labels: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) s += logLossTerm(probs[i], labels[i]);
  return s / probs.length;
}

/** binaryLogLoss with each distinct probability's terms computed once (`g` with groupOfRow); the same sum, row by row. */
export function binaryLogLossOfGroups(g: ScoreGroups, labels: Uint8Array): number {
  const rows = g.groupOfRow as Uint16Array;
  const k = g.values.length;
  // terms[2 · group + label]
  const terms = new Float64Array(2 * k);
  for (let j = 0; j < k; j++) {
    terms[2 * j] = logLossTerm(g.values[j], 0);
    terms[2 * j + 1] = logLossTerm(g.values[j], 1);
  }
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += terms[2 * rows[i] + labels[i]];
  return s / rows.length;
}

/** Brier score mean((p − y)²) — sklearn brier_score_loss. */
export function brier(probs: Float64Array, labels: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < probs.length; i++) {
    const d = probs[i] - labels[i];
    s += d * d;
  }
  return s / probs.length;
}

export interface Calibration {
  /** Per non-empty bin: mean predicted probability, observed positive rate, count. */
  probPred: number[];
  probTrue: number[];
  counts: number[];
  /** Expected calibration error Σ (n_b/n) · |prob_true_b − prob_pred_b|. */
  ece: number;
}

/**
 * sklearn calibration_curve(strategy='uniform'): edges linspace(0, 1, bins+1), bin id =
 * searchsorted(interior edges, p, side='left') — bins (a, b], the first [0, b].
 */
export function calibration(probs: Float64Array, labels: Uint8Array, bins: number): Calibration {
  const binOf = calibrationBinner(bins);
  const sums = new Float64Array(bins);
  const trues = new Float64Array(bins);
  const totals = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const b = binOf(p);
    sums[b] += p;
    trues[b] += labels[i];
    totals[b]++;
  }
  return calibrationOfBins(sums, trues, totals, probs.length);
}

/**
 * calibration with each distinct probability's bin found once (`g` with groupOfRow); the
 * probabilities are still summed row by row, in the same order.
 */
export function calibrationOfGroups(g: ScoreGroups, probs: Float64Array, bins: number): Calibration {
  const rows = g.groupOfRow as Uint16Array;
  const binOf = calibrationBinner(bins);
  const sums = new Float64Array(bins);
  const trues = new Float64Array(bins);
  const totals = new Float64Array(bins);
  const binOfGroup = new Int32Array(g.values.length);
  for (let j = 0; j < g.values.length; j++) {
    const b = binOf(g.values[j]);
    binOfGroup[j] = b;
    trues[b] += g.positives[j];
    totals[b] += g.positives[j] + g.negatives[j];
  }
  for (let i = 0; i < rows.length; i++) sums[binOfGroup[rows[i]]] += probs[i];
  return calibrationOfBins(sums, trues, totals, rows.length);
}

/** searchsorted(interior edges, p, 'left') for `bins` uniform bins: the count of interior edges i/bins below p. */
function calibrationBinner(bins: number): (p: number) => number {
  const interior: number[] = [];
  for (let i = 1; i < bins; i++) interior.push(i / bins);
  const last = interior.length;
  return (p) => {
    // start at floor(p · bins), then step to the exact count of edges < p
    let lo = Math.floor(p * bins);
    lo = lo > last ? last : lo > 0 ? lo : 0; // also NaN → 0, as the search gives
    while (lo > 0 && !(interior[lo - 1] < p)) lo--;
    while (lo < last && interior[lo] < p) lo++;
    return lo;
  };
}

function calibrationOfBins(sums: Float64Array, trues: Float64Array, totals: Float64Array, n: number): Calibration {
  const probPred: number[] = [];
  const probTrue: number[] = [];
  const counts: number[] = [];
  let ece = 0;
  for (let b = 0; b < sums.length; b++) {
    if (totals[b] === 0) continue;
    const pp = sums[b] / totals[b];
    const pt = trues[b] / totals[b];
    probPred.push(pp);
    probTrue.push(pt);
    counts.push(totals[b]);
    ece += (totals[b] / n) * Math.abs(pt - pp);
  }
  return { probPred, probTrue, counts, ece };
}

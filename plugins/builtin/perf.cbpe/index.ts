import {
  binaryLabels,
  binarySamplingComponents,
  binarySweep,
  chooseCalibration,
  componentError,
  confusionAt,
  defineEvaluator,
  delongSingle,
  expectedConfusion,
  expectedRocAuc,
  isotonicTransform,
  notApplicable,
  rocAuc,
  thresholdStatus,
  toCategorical,
  toNumeric,
  worstStatus,
  z,
  type ColumnResult,
  type Frame,
  type JsonValue,
  type Metrics,
  type Status,
} from "../../sdk";

export const CBPE_METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc"] as const;
type Metric = (typeof CBPE_METRICS)[number];
type Values = Record<Metric, number>;

const config = z.object({
  task: z.enum(["auto", "binary", "multiclass"]).default("auto").describe("auto: multiclass when both files have ≥ 2 probability columns"),
  threshold: z.number().default(0.5).describe("binary: predicted positive when score ≥ threshold"),
  positiveLabel: z.string().default("1").describe("binary: label value counted as positive (categorical labels)"),
  probabilityPrefix: z.string().default("proba_").describe("multiclass: probability columns '<prefix><class>'"),
  calibration: z.enum(["auto", "always", "never"]).default("auto").describe("auto: isotonic only when its cross-fitted Brier score beats the raw scores'"),
  folds: z.number().int().min(2).max(20).default(5).describe("cross-fitting folds for the calibration decision"),
  bandSigmas: z.number().positive().max(10).default(3).describe("band = estimate ± bandSigmas × sampling error"),
  minReferenceRows: z.number().int().min(10).default(100),
  gapWarn: z.number().min(0).max(1).default(0.05).describe("warn when |realized − estimated| exceeds this and the band"),
  minRealizedRows: z.number().int().min(1).default(30).describe("labelled current rows needed to judge the gap"),
  statusMetric: z.enum(CBPE_METRICS).default("roc_auc"),
  warnBelow: z.number().nullable().default(null).describe("estimated statusMetric ≤ warnBelow → warn"),
  failBelow: z.number().nullable().default(null),
});
type Config = z.output<typeof config>;

/** A task-specific model: estimates from calibrated probabilities, realized values from labels. */
interface Prepared {
  task: "binary" | "multiclass";
  nReference: number;
  /** reference realized values and standard errors at n rows */
  reference: Partial<Values>;
  se(n: number): Partial<Record<Metric, number | null>>;
  /** estimates over the given current rows */
  estimate(rows: Int32Array): Partial<Values>;
  /** realized values on labelled current rows, or null without labels */
  labelled: Int32Array;
  realized(rows: Int32Array): Partial<Values>;
  /** current rows that can be estimated */
  scored: Int32Array;
  calibrated: number;
  notes: string[];
  details: Record<string, JsonValue>;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

function fromConfusion(c: { tp: number; fp: number; fn: number; tn: number }): Omit<Values, "roc_auc"> {
  const n = c.tp + c.fp + c.fn + c.tn;
  return { accuracy: ratio(c.tp + c.tn, n), precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn), f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn) };
}

function pick<T extends ArrayLike<number>>(a: T, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = a[rows[k]];
  return out;
}

function prepareBinary(ref: Frame, cur: Frame, cfg: Config): Prepared | string {
  if (!ref.prediction || !cur.prediction) return "needs a score (prediction column) in the reference and the current window";
  if (!ref.label) return "needs labels in the reference";
  const yAll = binaryLabels(ref.label, cfg.positiveLabel);
  const sAll = toNumeric(ref.prediction);
  const keep: number[] = [];
  for (let i = 0; i < ref.length; i++) if ((yAll[i] === 0 || yAll[i] === 1) && Number.isFinite(sAll[i])) keep.push(i);
  if (keep.length < cfg.minReferenceRows) return `only ${keep.length} labelled reference rows with a score (needs ≥ ${cfg.minReferenceRows})`;
  const sR = Float64Array.from(keep, (i) => sAll[i]);
  const yR = Uint8Array.from(keep, (i) => yAll[i]);
  let pos = 0;
  for (const v of yR) pos += v;
  if (pos === 0 || pos === yR.length) return "the reference labels have one class only";
  const choice = chooseCalibration(sR, yR, cfg.folds);
  const calibrate = cfg.calibration === "always" || (cfg.calibration === "auto" && choice.calibrate);
  if (!calibrate && choice.rawBrier === null) return "scores outside [0, 1] are not probabilities: calibration cannot be turned off";
  const s = toNumeric(cur.prediction);
  const scoredList: number[] = [];
  for (let i = 0; i < cur.length; i++) if (Number.isFinite(s[i])) scoredList.push(i);
  const scored = Int32Array.from(scoredList);
  const p = calibrate ? isotonicTransform(choice.model, s) : s;
  const yhat = (i: number) => (s[i] >= cfg.threshold ? 1 : 0);
  const yC = cur.label ? binaryLabels(cur.label, cfg.positiveLabel) : null;
  const labelled = Int32Array.from(yC ? scoredList.filter((i) => yC[i] === 0 || yC[i] === 1) : []);
  const cmR = confusionAt(sR, yR, cfg.threshold);
  const yhatR = Uint8Array.from(sR, (v) => (v >= cfg.threshold ? 1 : 0));
  const comps = binarySamplingComponents(yR, yhatR);
  const auc = delongSingle(sR, yR);
  return {
    task: "binary",
    nReference: yR.length,
    reference: { ...fromConfusion(cmR), roc_auc: auc.auc },
    se: (n) => ({
      accuracy: componentError(comps.accuracy, n),
      precision: componentError(comps.precision, n),
      recall: componentError(comps.recall, n),
      f1: componentError(comps.f1, n),
      roc_auc: Number.isFinite(auc.se) ? auc.se * Math.sqrt(yR.length / n) : null,
    }),
    estimate(rows) {
      const ph = pick(p, rows);
      const c = expectedConfusion(Uint8Array.from(rows, yhat), ph);
      return { ...fromConfusion(c), roc_auc: expectedRocAuc(pick(s, rows), ph) };
    },
    labelled,
    realized(rows) {
      const sc = pick(s, rows);
      const yl = Uint8Array.from(rows, (i) => yC![i]);
      return { ...fromConfusion(confusionAt(sc, yl, cfg.threshold)), roc_auc: rocAuc(binarySweep(sc, yl)) };
    },
    scored,
    calibrated: calibrate ? 1 : 0,
    notes: [],
    details: { calibration: calibrate ? "isotonic" : "none", brier_raw: choice.rawBrier, brier_isotonic_cv: choice.calibratedBrier },
  };
}

/** Per-class one-vs-rest counts → macro precision/recall/F1 (0/0 → 0, as sklearn) and accuracy. */
function macroFromCounts(tp: Float64Array, fp: Float64Array, fn: Float64Array, correct: number, n: number): Omit<Values, "roc_auc"> {
  let P = 0;
  let R = 0;
  let F = 0;
  const C = tp.length;
  for (let c = 0; c < C; c++) {
    const pr = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0;
    const rc = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0;
    P += pr;
    R += rc;
    F += 2 * tp[c] + fp[c] + fn[c] > 0 ? (2 * tp[c]) / (2 * tp[c] + fp[c] + fn[c]) : 0;
  }
  return { accuracy: ratio(correct, n), precision: P / C, recall: R / C, f1: F / C };
}

function prepareMulticlass(ref: Frame, cur: Frame, cfg: Config, classes: string[]): Prepared | string {
  if (!ref.label) return "needs labels in the reference";
  const C = classes.length;
  const cols = (f: Frame) => classes.map((c) => toNumeric(f.features[cfg.probabilityPrefix + c]));
  const rawR = cols(ref);
  const rawC = cols(cur);
  const lab = toCategorical(ref.label);
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const keep: number[] = [];
  const yList: number[] = [];
  let unknown = 0;
  for (let i = 0; i < ref.length; i++) {
    if (lab.codes[i] < 0 || !rawR.every((p) => Number.isFinite(p[i]))) continue;
    const k = classIndex.get(lab.dictionary[lab.codes[i]]);
    if (k === undefined) {
      unknown++;
      continue;
    }
    keep.push(i);
    yList.push(k);
  }
  if (keep.length < cfg.minReferenceRows) return `only ${keep.length} labelled reference rows with all class probabilities (needs ≥ ${cfg.minReferenceRows})`;
  const yR = Int32Array.from(yList);
  const nR = yR.length;
  const sR = rawR.map((p) => Float64Array.from(keep, (i) => p[i]));
  const argmax = (probs: Float64Array[], i: number) => {
    let best = 0;
    for (let c = 1; c < C; c++) if (probs[c][i] > probs[best][i]) best = c;
    return best;
  };
  // predicted class: the prediction column when it names a class, else the arg-max of the raw probabilities
  const predCol = (f: Frame, raw: Float64Array[]) => {
    const pc = f.prediction ? toCategorical(f.prediction) : null;
    return (i: number) => {
      const code = pc ? pc.codes[i] : -1;
      const k = code >= 0 ? classIndex.get(pc!.dictionary[code]) : undefined;
      return k ?? argmax(raw, i);
    };
  };
  const yhatRAll = predCol(ref, rawR);
  const yhatR = Int32Array.from(keep, (i) => yhatRAll(i));
  const notes = unknown ? [`${unknown} reference rows labelled with a class that has no probability column left out`] : [];
  const calibratedClasses: string[] = [];
  const maps = classes.map((cls, c) => {
    const yc = Uint8Array.from(yR, (k) => (k === c ? 1 : 0));
    let pos = 0;
    for (const v of yc) pos += v;
    if (pos === 0) {
      notes.push(`class ${cls} never occurs in the reference: left uncalibrated`);
      return null;
    }
    const choice = chooseCalibration(sR[c], yc, cfg.folds);
    const use = cfg.calibration === "always" || (cfg.calibration === "auto" && choice.calibrate) || choice.rawBrier === null;
    if (use) calibratedClasses.push(cls);
    return use ? choice.model : null;
  });
  const scoredList: number[] = [];
  for (let i = 0; i < cur.length; i++) if (rawC.every((p) => Number.isFinite(p[i]))) scoredList.push(i);
  const scored = Int32Array.from(scoredList);
  // one-vs-rest calibration, then each row renormalised to sum to 1
  const P = rawC.map((raw, c) => (maps[c] ? isotonicTransform(maps[c]!, raw) : Float64Array.from(raw)));
  for (const i of scoredList) {
    let z = 0;
    for (let c = 0; c < C; c++) z += P[c][i];
    for (let c = 0; c < C; c++) P[c][i] = z > 0 ? P[c][i] / z : 1 / C;
  }
  const yhatC = predCol(cur, rawC);
  const labC = cur.label ? toCategorical(cur.label) : null;
  const yC = (i: number) => (labC && labC.codes[i] >= 0 ? (classIndex.get(labC.dictionary[labC.codes[i]]) ?? -1) : -1);
  const labelled = Int32Array.from(scoredList.filter((i) => yC(i) >= 0));
  const realizedOn = (raw: Float64Array[], yOf: (i: number) => number, yhatOf: (i: number) => number, rows: ArrayLike<number>): Values => {
    const tp = new Float64Array(C);
    const fp = new Float64Array(C);
    const fn = new Float64Array(C);
    let correct = 0;
    for (let k = 0; k < rows.length; k++) {
      const y = yOf(rows[k]);
      const h = yhatOf(rows[k]);
      if (y === h) {
        tp[y]++;
        correct++;
      } else {
        fp[h]++;
        fn[y]++;
      }
    }
    let auc = 0;
    let defined = 0;
    for (let c = 0; c < C; c++) {
      const a = rocAuc(binarySweep(pick(raw[c], Int32Array.from(rows)), Uint8Array.from(rows as ArrayLike<number>, (i) => (yOf(i) === c ? 1 : 0))));
      if (Number.isFinite(a)) {
        auc += a;
        defined++;
      }
    }
    return { ...macroFromCounts(tp, fp, fn, correct, rows.length), roc_auc: defined === C ? auc / C : NaN };
  };
  const refIdx = Int32Array.from({ length: nR }, (_, k) => k);
  const perClassComps = classes.map((_, c) =>
    binarySamplingComponents(
      Uint8Array.from(yR, (k) => (k === c ? 1 : 0)),
      Uint8Array.from(yhatR, (k) => (k === c ? 1 : 0)),
    ),
  );
  const accComp = binarySamplingComponents(Uint8Array.from(yR, (k, i) => (k === yhatR[i] ? 1 : 0)), new Uint8Array(nR).fill(1)).accuracy;
  const aucSe = classes.map((_, c) => delongSingle(sR[c], Uint8Array.from(yR, (k) => (k === c ? 1 : 0))).se);
  const macroSe = (per: (number | null)[]) => (per.every((e) => e !== null && Number.isFinite(e)) ? Math.sqrt(per.reduce((s: number, e) => s + e! * e!, 0)) / C : null);
  return {
    task: "multiclass",
    nReference: nR,
    reference: realizedOn(sR, (k) => yR[k], (k) => yhatR[k], refIdx),
    se: (n) => ({
      accuracy: componentError(accComp, n),
      precision: macroSe(perClassComps.map((pc) => componentError(pc.precision, n))),
      recall: macroSe(perClassComps.map((pc) => componentError(pc.recall, n))),
      f1: macroSe(perClassComps.map((pc) => componentError(pc.f1, n))),
      roc_auc: macroSe(aucSe.map((e) => e * Math.sqrt(nR / n))),
    }),
    estimate(rows) {
      const tp = new Float64Array(C);
      const fp = new Float64Array(C);
      const fn = new Float64Array(C);
      let correct = 0;
      for (const i of rows) {
        const h = yhatC(i);
        correct += P[h][i];
        for (let c = 0; c < C; c++) {
          if (c === h) {
            tp[c] += P[c][i];
            fp[c] += 1 - P[c][i];
          } else fn[c] += P[c][i];
        }
      }
      let auc = 0;
      for (let c = 0; c < C; c++) auc += expectedRocAuc(pick(rawC[c], rows), pick(P[c], rows));
      return { ...macroFromCounts(tp, fp, fn, correct, rows.length), roc_auc: auc / C };
    },
    labelled,
    realized: (rows) => realizedOn(rawC, yC, yhatC, rows),
    scored,
    calibrated: calibratedClasses.length / C,
    notes,
    details: { calibration: calibratedClasses.length ? `isotonic (one-vs-rest) for ${calibratedClasses.join(", ")}` : "none", classes },
  };
}

const num = (v: number | undefined | null): number | null => (v !== undefined && v !== null && Number.isFinite(v) ? v : null);

export default defineEvaluator({
  id: "perf.cbpe",
  version: "1.0.0",
  kind: "quality",
  title: "Performance estimation without labels (CBPE)",
  description: [
    "Confidence-based performance estimation (NannyML CBPE) of accuracy, precision, recall, F1 and ROC AUC for a window whose labels have not arrived, from the model's scores calibrated on the labelled baseline (the reference).",
    "Calibration: isotonic regression of the label on the score (sklearn IsotonicRegression(out_of_bounds='clip'): ties pooled, PAV, linear interpolation) fitted on all reference rows;",
    "with calibration='auto' it is used only when it improves calibration: K-fold cross-fitting on the reference (row i in fold i mod K, each fold predicted by a map fitted on the others) and use it when the out-of-fold Brier score mean((p̂−y)²) is lower than the raw scores' Brier score (scores outside [0, 1] are always calibrated).",
    "Binary: p_i = calibrated probability, ŷ_i = score ≥ threshold; expected TP = Σ ŷp, FP = Σ ŷ(1−p), FN = Σ (1−ŷ)p, TN = Σ (1−ŷ)(1−p);",
    "accuracy = (TP+TN)/n, precision = TP/(TP+FP), recall = TP/(TP+FN), f1 = 2TP/(2TP+FP+FN); roc_auc = trapezoidal AUC over the raw scores' distinct thresholds with each row a positive of weight p and a negative of weight 1−p.",
    "Multiclass (probability columns '<probabilityPrefix><class>'): one-vs-rest isotonic calibration per class (each decided as above), rows renormalised to sum 1; ŷ = the prediction column, else the arg-max of the raw probabilities;",
    "accuracy = mean p_{i,ŷ_i}; per class the expected one-vs-rest confusion as for binary; precision, recall, f1 and roc_auc are macro averages over the classes (0/0 → 0 as sklearn).",
    "Sampling error (NannyML's component form, from the labelled reference, for a window of n rows): accuracy σ(1[ŷ=y])/√n; precision σ(y | ŷ=1)/√(n·share ŷ=1); recall σ(ŷ | y=1)/√(n·share y=1);",
    "f1 σ(1 per TP, 0 per FP and FN)/√(n·share of TP+FP+FN rows); roc_auc: DeLong's standard error on the reference × √(n_ref/n). Multiclass macro: √(Σ_c se_c²)/C.",
    "Band: estimate ± bandSigmas·se, clipped to [0, 1]. Per metric: <m> (estimate), <m>_lower, <m>_upper; its column also has sampling_error and reference (realized on the reference).",
    "When the current window has labels: <m>_realized on the labelled rows and <m>_gap = realized − the estimate on the same rows; a gap is flagged (status warn: calibration decayed) when |gap| > gapWarn and the realized value lies outside the band for that many rows, with ≥ minRealizedRows labelled rows.",
  ],
  appliesTo: { tasks: ["binary", "multiclass"], columns: "none" },
  needs: { baseline: true, labels: false },
  config,
  evaluate({ current, baseline, config: cfg }) {
    if (!baseline) return notApplicable("needs a labelled baseline (the reference)");
    const probaOf = (f: Frame) => Object.keys(f.features).filter((k) => k.startsWith(cfg.probabilityPrefix)).map((k) => k.slice(cfg.probabilityPrefix.length));
    const curClasses = new Set(probaOf(current));
    const classes = probaOf(baseline).filter((c) => curClasses.has(c));
    const multiclass = cfg.task === "multiclass" || (cfg.task === "auto" && classes.length >= 2);
    if (multiclass && classes.length < 2) return notApplicable(`multiclass needs ≥ 2 probability columns '${cfg.probabilityPrefix}<class>' in both files`);
    const prep = multiclass ? prepareMulticlass(baseline, current, cfg, classes) : prepareBinary(baseline, current, cfg);
    if (typeof prep === "string") return notApplicable(prep, Object.fromEntries(CBPE_METRICS.map((m) => [m, null])));
    const n = prep.scored.length;
    if (n === 0) return notApplicable("no current row with a score", Object.fromEntries(CBPE_METRICS.map((m) => [m, null])));
    const est = prep.estimate(prep.scored);
    const se = prep.se(n);
    const nL = prep.labelled.length;
    const realized = nL ? prep.realized(prep.labelled) : null;
    const estL = nL ? prep.estimate(prep.labelled) : null;
    const seL = nL ? prep.se(nL) : null;
    // the five estimates first (tables show the first metrics), then the counts, then bands and realized values
    const metrics: Metrics = {};
    for (const m of CBPE_METRICS) metrics[m] = num(est[m]);
    Object.assign(metrics, { n_reference: prep.nReference, n_estimated: n, n_labelled: nL, calibrated: prep.calibrated });
    const reasons: Record<string, string> = {};
    const columns: ColumnResult[] = [];
    const notes = [...prep.notes];
    const statuses: Status[] = [];
    const clip = (v: number) => Math.min(1, Math.max(0, v));
    for (const m of CBPE_METRICS) {
      const e = num(est[m]);
      const s = num(se[m]);
      const lower = e !== null && s !== null ? clip(e - cfg.bandSigmas * s) : null;
      const upper = e !== null && s !== null ? clip(e + cfg.bandSigmas * s) : null;
      const r = realized ? num(realized[m]) : null;
      const eL = estL ? num(estL[m]) : null;
      const gap = r !== null && eL !== null ? r - eL : null;
      const sL = seL ? num(seL[m]) : null;
      const flagged = gap !== null && sL !== null && nL >= cfg.minRealizedRows && Math.abs(gap) > cfg.gapWarn && Math.abs(gap) > cfg.bandSigmas * sL;
      const cm: Metrics = { estimated: e, lower, upper, sampling_error: s, reference: num(prep.reference[m]) };
      const cr: Record<string, string> = {};
      if (e === null) cr.estimated = "not computable (0/0: no expected positives, or one expected class)";
      if (s === null) for (const k of ["sampling_error", "lower", "upper"]) cr[k] = "no reference rows contribute to this metric's sampling error";
      if (cm.reference === null) cr.reference = "not computable on the reference (0/0 or one class)";
      if (realized) {
        cm.realized = r;
        cm.gap = gap;
        if (r === null) cr.realized = "not computable on the labelled rows (0/0 or one class)";
        if (gap === null) cr.gap = r === null ? "no realized value" : "no estimate on the labelled rows";
      }
      // the cell's headline keeps the estimate, its band and the realized value; the per-metric
      // column also has the sampling error and the reference value
      for (const [k, v] of Object.entries(cm)) {
        if (k === "sampling_error" || k === "reference") continue;
        metrics[k === "estimated" ? m : `${m}_${k}`] = v;
        if (cr[k]) reasons[k === "estimated" ? m : `${m}_${k}`] = cr[k];
      }
      const status: Status = flagged ? "warn" : e === null ? "n/a" : "pass";
      const finding = flagged
        ? `calibration decayed? realized ${m} ${r!.toFixed(3)} vs estimated ${eL!.toFixed(3)} on the same ${nL} labelled rows (gap ${gap! >= 0 ? "+" : ""}${gap!.toFixed(3)}, beyond ±${(cfg.bandSigmas * sL!).toFixed(3)})`
        : null;
      if (finding) {
        statuses.push("warn");
        notes.push(finding);
      }
      columns.push({ column: m, status, metrics: cm, ...(Object.keys(cr).length ? { reasons: cr } : {}), ...(finding ? { details: { finding } } : {}) });
    }
    if (!realized) notes.push("no labels in the current window yet: values are estimates");
    else if (nL < cfg.minRealizedRows) notes.push(`only ${nL} labelled rows: the gap is not judged (needs ≥ ${cfg.minRealizedRows})`);
    const main = metrics[cfg.statusMetric] ?? null;
    statuses.push(thresholdStatus(main, { warn: cfg.warnBelow, fail: cfg.failBelow }, false));
    return {
      status: main === null ? "n/a" : worstStatus(statuses),
      metrics,
      reasons,
      columns,
      columns_label: "metric",
      notes,
      chart: {
        cbpe: {
          task: prep.task,
          ...prep.details,
          metrics: columns.map((c) => ({ metric: c.column, ...c.metrics }) as Record<string, JsonValue>),
        },
      },
    };
  },
});

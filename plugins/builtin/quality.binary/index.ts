import {
  averagePrecision,
  binaryLabels,
  binaryLogLoss,
  binaryLogLossOfGroups,
  brier,
  calibration,
  calibrationOfGroups,
  confusionOfSweep,
  defineQualityEvaluator,
  groupBinaryScores,
  notApplicable,
  rocAuc,
  scoredBinaryRows,
  sweepBySorting,
  sweepOfGroups,
  thinIndices,
  thresholdStatus,
  toNumeric,
  z,
  type Metrics,
} from "../../sdk";

const METRICS = ["accuracy", "precision", "recall", "f1", "roc_auc", "average_precision", "log_loss", "brier", "ece"] as const;

export { binaryLabels };

export default defineQualityEvaluator({
  id: "quality.binary",
  version: "1.0.0",
  title: "Binary classification quality",
  description: [
    "Rows with a label in {0,1} and a finite score are used. Predicted class = score ≥ threshold.",
    "accuracy = (tp+tn)/n; precision = tp/(tp+fp); recall = tp/(tp+fn); f1 = 2tp/(2tp+fp+fn) (sklearn; 0/0 is reported as null, where sklearn returns 0 with a warning).",
    "roc_auc = trapezoidal area under the ROC curve over all distinct scores (sklearn roc_auc_score; null with one class).",
    "average_precision = Σ (R_k − R_{k−1}) P_k over descending thresholds (sklearn average_precision_score).",
    "log_loss = −mean(y ln p + (1−y) ln(1−p)), p clipped to [eps, 1−eps], eps = 2.22e-16 (sklearn log_loss, labels=[0,1]).",
    "brier = mean((p−y)²) (sklearn brier_score_loss). ece = Σ_b (n_b/n)|mean(y)_b − mean(p)_b| over the bins of sklearn calibration_curve(strategy='uniform') — bins (a,b], first [0,b].",
    "log_loss, brier and ece need scores in [0,1]. Chart: ROC and PR curves, calibration curve, confusion matrix [[tn, fp], [fn, tp]].",
  ],
  tasks: ["binary"],
  config: z.object({
    threshold: z.number().default(0.5).describe("predicted positive when score ≥ threshold"),
    positiveLabel: z.string().default("1").describe("label value counted as positive (categorical labels)"),
    calibrationBins: z.number().int().min(2).max(100).default(10),
    maxCurvePoints: z.number().int().min(10).max(10000).default(200),
    statusMetric: z.enum(METRICS).default("roc_auc").describe("metric that sets the status"),
    warnBelow: z.number().nullable().default(null),
    failBelow: z.number().nullable().default(null),
  }),
  evaluate({ current, config }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns");
    const y = binaryLabels(current.label, config.positiveLabel);
    const { scores, labels, inUnit, invalidLabels } = scoredBinaryRows(y, toNumeric(current.prediction));
    const n = scores.length;
    const base: Metrics = { n_scored: n, invalid_labels: invalidLabels };
    if (n === 0) {
      const r = notApplicable("no labelled rows with a finite score", Object.fromEntries(METRICS.map((m) => [m, null])));
      return { ...r, metrics: { ...r.metrics, ...base } };
    }
    const reasons: Record<string, string> = {};
    // few distinct scores (the usual case): each metric reads the groups, not the rows' scores again
    const groups = groupBinaryScores(scores, labels, true);
    const sweep = groups ? sweepOfGroups(groups) : sweepBySorting(scores, labels);
    const cm = confusionOfSweep(sweep, config.threshold);
    const nullIf = (name: string, ok: boolean, v: number, reason: string) => {
      if (ok) return v;
      reasons[name] = reason;
      return null;
    };
    const P = sweep.positives;
    const N = sweep.negatives;
    const cal = !inUnit ? null : groups ? calibrationOfGroups(groups, scores, config.calibrationBins) : calibration(scores, labels, config.calibrationBins);
    const metrics: Metrics = {
      ...base,
      positives: P,
      negatives: N,
      accuracy: (cm.tp + cm.tn) / n,
      precision: nullIf("precision", cm.tp + cm.fp > 0, cm.tp / (cm.tp + cm.fp), "no predicted positives (0/0; sklearn returns 0 with a warning)"),
      recall: nullIf("recall", P > 0, cm.tp / P, "no positive labels (0/0; sklearn returns 0 with a warning)"),
      f1: nullIf("f1", 2 * cm.tp + cm.fp + cm.fn > 0, (2 * cm.tp) / (2 * cm.tp + cm.fp + cm.fn), "no positives predicted or labelled (0/0)"),
      roc_auc: nullIf("roc_auc", P > 0 && N > 0, rocAuc(sweep), "only one class present in the labels"),
      average_precision: nullIf("average_precision", P > 0, averagePrecision(sweep), "no positive labels"),
      log_loss: nullIf("log_loss", inUnit, !inUnit ? NaN : groups ? binaryLogLossOfGroups(groups, labels) : binaryLogLoss(scores, labels), "scores outside [0, 1] are not probabilities"),
      brier: nullIf("brier", inUnit, inUnit ? brier(scores, labels) : NaN, "scores outside [0, 1] are not probabilities"),
      ece: nullIf("ece", inUnit, cal ? cal.ece : NaN, "scores outside [0, 1] are not probabilities"),
      tp: cm.tp,
      fp: cm.fp,
      tn: cm.tn,
      fn: cm.fn,
    };
    const idx = thinIndices(sweep.tps.length, config.maxCurvePoints);
    const fpr = [0, ...idx.map((i) => (N ? sweep.fps[i] / N : 0))];
    const tpr = [0, ...idx.map((i) => (P ? sweep.tps[i] / P : 0))];
    const chart = {
      roc: { fpr, tpr, thresholds: [Infinity, ...idx.map((i) => sweep.thresholds[i])] },
      pr: {
        precision: idx.map((i) => sweep.tps[i] / (sweep.tps[i] + sweep.fps[i])),
        recall: idx.map((i) => (P ? sweep.tps[i] / P : 0)),
        thresholds: idx.map((i) => sweep.thresholds[i]),
      },
      calibration: cal ? { prob_pred: cal.probPred, prob_true: cal.probTrue, counts: cal.counts } : null,
      confusion_matrix: [
        [cm.tn, cm.fp],
        [cm.fn, cm.tp],
      ],
    };
    const status = thresholdStatus(metrics[config.statusMetric] ?? null, { warn: config.warnBelow, fail: config.failBelow }, false);
    return { status: metrics[config.statusMetric] === null ? "n/a" : status, metrics, reasons, chart };
  },
});

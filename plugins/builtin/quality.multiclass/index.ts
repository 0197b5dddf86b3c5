import {
  defineQualityEvaluator,
  macroF1,
  multiclassLogLoss,
  notApplicable,
  perClassScores,
  thresholdStatus,
  toCategorical,
  toNumeric,
  weightedF1,
  z,
  type ColumnResult,
  type Metrics,
} from "../../sdk";

export default defineQualityEvaluator({
  id: "quality.multiclass",
  version: "1.0.0",
  title: "Multiclass classification quality",
  description: [
    "Rows with a label and a predicted class are used (predicted class = the prediction column, or the arg-max of the probability columns).",
    "accuracy = share of rows with prediction = label. Per class (labels present in y_true ∪ y_pred): precision = tp/(tp+fp), recall = tp/(tp+fn), f1 = 2PR/(P+R), 0/0 → 0 as sklearn.",
    "macro_f1 = unweighted mean of per-class f1; weighted_f1 = mean weighted by support (sklearn f1_score average='macro'/'weighted').",
    "log_loss = −mean ln p̂(true class), probabilities from the feature columns '<probabilityPrefix><class>', each clipped to [eps, 1−eps] (eps = 2.22e-16) and rows renormalised (sklearn log_loss); null when a labelled class has no probability column.",
  ],
  tasks: ["multiclass"],
  config: z.object({
    probabilityPrefix: z.string().default("proba_"),
    statusMetric: z.enum(["accuracy", "macro_f1", "weighted_f1"]).default("macro_f1"),
    warnBelow: z.number().nullable().default(null),
    failBelow: z.number().nullable().default(null),
  }),
  evaluate({ current, config }) {
    if (!current.label) return notApplicable("needs a label column");
    const probaCols = Object.keys(current.features).filter((k) => k.startsWith(config.probabilityPrefix));
    const classes = probaCols.map((k) => k.slice(config.probabilityPrefix.length));
    const probs = probaCols.map((k) => toNumeric(current.features[k]));
    const label = toCategorical(current.label);
    const pred = current.prediction ? toCategorical(current.prediction) : null;
    if (!pred && probs.length === 0) return notApplicable("needs a prediction column or probability columns");
    const yTrue: string[] = [];
    const yPred: string[] = [];
    const rows: number[] = [];
    for (let i = 0; i < label.codes.length; i++) {
      const lc = label.codes[i];
      if (lc < 0) continue;
      let p: string | null = null;
      if (pred) {
        const pc = pred.codes[i];
        p = pc < 0 ? null : pred.dictionary[pc];
      } else {
        let best = -Infinity;
        for (let c = 0; c < probs.length; c++) {
          if (probs[c][i] > best) {
            best = probs[c][i];
            p = classes[c];
          }
        }
      }
      if (p === null) continue;
      yTrue.push(label.dictionary[lc]);
      yPred.push(p);
      rows.push(i);
    }
    const n = yTrue.length;
    if (n === 0) return notApplicable("no labelled rows with a prediction", { accuracy: null, macro_f1: null, weighted_f1: null, log_loss: null });
    let correct = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) correct++;
    const per = perClassScores(yTrue, yPred);
    const reasons: Record<string, string> = {};
    let logLoss: number | null = null;
    const classIndex = new Map(classes.map((c, i) => [c, i]));
    const missingClass = [...new Set(yTrue)].find((c) => !classIndex.has(c));
    if (probs.length < 2) reasons.log_loss = "needs probability columns for at least two classes";
    else if (missingClass !== undefined) reasons.log_loss = `no probability column for class ${missingClass}`;
    else {
      const keep = rows.filter((i) => probs.every((p) => Number.isFinite(p[i])));
      if (keep.length === 0) reasons.log_loss = "no row has all probabilities";
      else {
        const ti = Int32Array.from(keep, (i) => classIndex.get(label.dictionary[label.codes[i]])!);
        logLoss = multiclassLogLoss(ti, probs.map((p) => Float64Array.from(keep, (i) => p[i])));
      }
    }
    const metrics: Metrics = {
      n_scored: n,
      classes: per.length,
      accuracy: correct / n,
      macro_f1: macroF1(per),
      weighted_f1: weightedF1(per),
      log_loss: logLoss,
    };
    const columns: ColumnResult[] = per.map((c) => ({
      column: `class:${c.label}`,
      status: "pass",
      metrics: { precision: c.precision, recall: c.recall, f1: c.f1, support: c.support },
      details: { class: c.label, precision_zero_division: c.precisionUndefined, recall_zero_division: c.recallUndefined },
    }));
    const status = thresholdStatus(metrics[config.statusMetric], { warn: config.warnBelow, fail: config.failBelow }, false);
    return { status, metrics, reasons, columns };
  },
});

import { binaryOutcomes, defineEvaluator, notApplicable, thresholdStatus, toCategorical, z, type Metrics } from "../../sdk";

const money = z.number().min(-1e12).max(1e12);

export default defineEvaluator({
  id: "quality.business_value",
  version: "1.0.0",
  kind: "quality",
  title: "Business value",
  description: [
    "Money the predictions made, as NannyML's business value. Binary: predicted class = score ≥ threshold (or a categorical prediction equal to positiveLabel);",
    "total = tp·valueTruePositive + fp·valueFalsePositive + tn·valueTrueNegative + fn·valueFalseNegative (costs are negative values).",
    "Multiclass (valueMatrix set): total = Σ_rows valueMatrix[actual][predicted] over rows whose label and prediction are both in classes (others are counted in unmatched_rows).",
    "value_per_1000 = total / n_scored · 1000 (money per 1,000 labelled predictions); value_per_prediction = total / n_scored.",
    "Status from value_per_1000 against warnBelow / failBelow (unset = pass).",
  ].join(" "),
  appliesTo: { tasks: ["binary", "multiclass"], columns: "none" },
  needs: { baseline: false, labels: true },
  config: z.object({
    threshold: z.number().default(0.5).describe("binary: predicted positive when score ≥ threshold"),
    positiveLabel: z.string().default("1"),
    valueTruePositive: money.default(0).describe("money per true positive"),
    valueFalsePositive: money.default(0).describe("money per false positive (a cost: negative)"),
    valueTrueNegative: money.default(0).describe("money per true negative"),
    valueFalseNegative: money.default(0).describe("money per false negative (a cost: negative)"),
    valueMatrix: z
      .object({ classes: z.array(z.string()).min(2), values: z.array(z.array(money)) })
      .refine((m) => m.values.length === m.classes.length && m.values.every((r) => r.length === m.classes.length), "values must be a classes × classes matrix (rows actual, columns predicted)")
      .nullable()
      .default(null)
      .describe("multiclass cost matrix: values[actual][predicted]"),
    warnBelow: z.number().nullable().default(null).describe("warn when value_per_1000 ≤ this"),
    failBelow: z.number().nullable().default(null).describe("fail when value_per_1000 ≤ this"),
  }),
  evaluate({ current, config }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns", { total_value: null, value_per_1000: null });
    const metrics: Metrics = {};
    let total = 0;
    let n = 0;
    if (config.valueMatrix) {
      const { classes, values } = config.valueMatrix;
      const index = new Map(classes.map((c, i) => [c, i]));
      const label = toCategorical(current.label);
      const pred = toCategorical(current.prediction);
      let unmatched = 0;
      for (let i = 0; i < current.length; i++) {
        const a = label.codes[i] < 0 ? undefined : index.get(label.dictionary[label.codes[i]]);
        const p = pred.codes[i] < 0 ? undefined : index.get(pred.dictionary[pred.codes[i]]);
        if (label.codes[i] < 0 || pred.codes[i] < 0) continue;
        if (a === undefined || p === undefined) {
          unmatched++;
          continue;
        }
        total += values[a][p];
        n++;
      }
      metrics.unmatched_rows = unmatched;
    } else {
      const { y, yhat } = binaryOutcomes(current.label, current.prediction, config.threshold, config.positiveLabel);
      let tp = 0, fp = 0, tn = 0, fn = 0;
      for (let i = 0; i < y.length; i++) {
        if (yhat[i]) y[i] ? tp++ : fp++;
        else y[i] ? fn++ : tn++;
      }
      n = y.length;
      total = tp * config.valueTruePositive + fp * config.valueFalsePositive + tn * config.valueTrueNegative + fn * config.valueFalseNegative;
      Object.assign(metrics, { tp, fp, tn, fn });
    }
    if (n === 0) return notApplicable("no rows with both a label and a prediction", { total_value: null, value_per_1000: null, n_scored: 0 });
    const per1000 = (total / n) * 1000;
    Object.assign(metrics, { total_value: total, value_per_1000: per1000, value_per_prediction: total / n, n_scored: n });
    return { status: thresholdStatus(per1000, { warn: config.warnBelow, fail: config.failBelow }, false), metrics };
  },
});

import { binaryOutcomes, defineQualityEvaluator, notApplicable, thresholdStatus, toCategorical, z, type Metrics, type ModelContext } from "../../sdk";

const money = z.number().min(-1e12).max(1e12);

export default defineQualityEvaluator({
  id: "quality.business_value",
  version: "1.0.0",
  title: "Business value",
  description: [
    "Money the predictions made, as NannyML's business value. Binary: predicted class = score ≥ threshold (or a categorical prediction equal to positiveLabel);",
    "total = tp·valueTruePositive + fp·valueFalsePositive + tn·valueTrueNegative + fn·valueFalseNegative (costs are negative values).",
    "A value left unset defaults to the model's economics: valueTruePositive and valueTrueNegative to its value per correct prediction,",
    "valueFalsePositive and valueFalseNegative to minus its cost per error; to 0 when the model has none. The result reports the four values used",
    "(value_tp, value_fp, value_tn, value_fn) and a note saying where each came from.",
    "Multiclass (valueMatrix set): total = Σ_rows valueMatrix[actual][predicted] over rows whose label and prediction are both in classes (others are counted in unmatched_rows).",
    "value_per_1000 = total / n_scored · 1000 (money per 1,000 labelled predictions); value_per_prediction = total / n_scored.",
    "Status from value_per_1000 against warnBelow / failBelow (unset = pass).",
  ],
  tasks: ["binary", "multiclass"],
  config: z.object({
    threshold: z.number().default(0.5).describe("binary: predicted positive when score ≥ threshold"),
    positiveLabel: z.string().default("1"),
    valueTruePositive: money.nullable().default(null).describe("money per true positive (unset: the model's value per correct prediction)"),
    valueFalsePositive: money.nullable().default(null).describe("money per false positive, a cost: negative (unset: minus the model's cost per error)"),
    valueTrueNegative: money.nullable().default(null).describe("money per true negative (unset: the model's value per correct prediction)"),
    valueFalseNegative: money.nullable().default(null).describe("money per false negative, a cost: negative (unset: minus the model's cost per error)"),
    valueMatrix: z
      .object({ classes: z.array(z.string()).min(2), values: z.array(z.array(money)) })
      .refine((m) => m.values.length === m.classes.length && m.values.every((r) => r.length === m.classes.length), "values must be a classes × classes matrix (rows actual, columns predicted)")
      .nullable()
      .default(null)
      .describe("multiclass cost matrix: values[actual][predicted]"),
    warnBelow: z.number().nullable().default(null).describe("warn when value_per_1000 ≤ this"),
    failBelow: z.number().nullable().default(null).describe("fail when value_per_1000 ≤ this"),
  }),
  evaluate({ current, config, model }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns", { total_value: null, value_per_1000: null });
    const metrics: Metrics = {};
    const notes: string[] = [];
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
      const v = outcomeValues(config, model);
      total = tp * v.tp + fp * v.fp + tn * v.tn + fn * v.fn;
      Object.assign(metrics, { tp, fp, tn, fn, value_tp: v.tp, value_fp: v.fp, value_tn: v.tn, value_fn: v.fn });
      notes.push(v.note);
    }
    if (n === 0) return notApplicable("no rows with both a label and a prediction", { total_value: null, value_per_1000: null, n_scored: 0 });
    const per1000 = (total / n) * 1000;
    Object.assign(metrics, { total_value: total, value_per_1000: per1000, value_per_prediction: total / n, n_scored: n });
    return { status: thresholdStatus(per1000, { warn: config.warnBelow, fail: config.failBelow }, false), metrics, ...(notes.length ? { notes } : {}) };
  },
});

type OutcomeConfig = { valueTruePositive: number | null; valueFalsePositive: number | null; valueTrueNegative: number | null; valueFalseNegative: number | null };

/** The money per outcome: the cell's value, else the model's economics (correct: +value, error: −cost), else 0. */
export function outcomeValues(config: OutcomeConfig, model: ModelContext | undefined): { tp: number; fp: number; tn: number; fn: number; note: string } {
  const perCorrect = model?.economics.valuePerCorrect ?? null;
  const perError = model?.economics.costPerError ?? null;
  const sources: Record<"tp" | "fp" | "tn" | "fn", string> = { tp: "", fp: "", tn: "", fn: "" };
  const pick = (k: keyof typeof sources, own: number | null, fromModel: number | null, modelSource: string) => {
    if (own !== null) return (sources[k] = "cell config"), own;
    if (fromModel !== null) return (sources[k] = modelSource), fromModel;
    return (sources[k] = "default 0"), 0;
  };
  const tp = pick("tp", config.valueTruePositive, perCorrect, "model value per correct");
  const fp = pick("fp", config.valueFalsePositive, perError === null ? null : -perError, "model cost per error");
  const tn = pick("tn", config.valueTrueNegative, perCorrect, "model value per correct");
  const fn = pick("fn", config.valueFalseNegative, perError === null ? null : -perError, "model cost per error");
  const note = `values used: TP ${tp} (${sources.tp}), FP ${fp} (${sources.fp}), TN ${tn} (${sources.tn}), FN ${fn} (${sources.fn})`;
  return { tp, fp, tn, fn, note };
}

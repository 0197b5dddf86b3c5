import { defineQualityEvaluator, notApplicable, regressionExtras, regressionStats, thresholdStatus, toNumeric, z, type Metrics } from "../../sdk";

const QS = [0.05, 0.25, 0.5, 0.75, 0.95];

export default defineQualityEvaluator({
  id: "quality.regression",
  version: "1.0.0",
  title: "Regression quality",
  description: [
    "Rows with a finite label y and prediction ŷ are used; residual r = ŷ − y.",
    "mae = mean|r|; rmse = sqrt(mean r²); mape = mean(|r| / max(|y|, eps)), eps = 2.22e-16, a fraction (sklearn mean_absolute_percentage_error);",
    "r2 = 1 − Σr²/Σ(y−ȳ)² (sklearn r2_score: constant y gives 1 for a perfect fit, else 0; null for n < 2);",
    "mean_error = mean(r) (bias); residual_p5…p95 = quantiles of r with numpy's default 'linear' method.",
    "MAPE variants: smape = mean(2|r| / (|y| + |ŷ|)) (0 when y = ŷ = 0); wape = Σ|r| / Σ|y| (weighted MAPE, null when Σ|y| = 0).",
    "pinball_loss = mean(α·max(y − ŷ, 0) + (1 − α)·max(ŷ − y, 0)) with α = pinballAlpha (sklearn mean_pinball_loss; α = 0.5 gives mae / 2).",
    "Chart error_by_decile: rows split into 10 equal-count groups by ŷ (ascending), per group the upper ŷ, n, mae and mean_error.",
  ],
  tasks: ["regression"],
  config: z.object({
    statusMetric: z.enum(["mae", "rmse", "mape", "smape", "wape", "pinball_loss"]).default("rmse"),
    pinballAlpha: z.number().gt(0).lt(1).default(0.5).describe("quantile α of the pinball loss (the quantile the model predicts)"),
    warnAbove: z.number().nullable().default(null),
    failAbove: z.number().nullable().default(null),
  }),
  evaluate({ current, config }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns");
    const y = toNumeric(current.label);
    const p = toNumeric(current.prediction);
    let n = 0;
    for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(p[i])) n++;
    const keys = ["mae", "rmse", "mape", "r2", "mean_error", ...QS.map((q) => `residual_p${Math.round(q * 100)}`)];
    if (n === 0) {
      const r = notApplicable("no rows with a finite label and prediction", Object.fromEntries(keys.map((k) => [k, null])));
      return { ...r, metrics: { n_scored: 0, ...r.metrics } };
    }
    const yy = new Float64Array(n);
    const pp = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < y.length; i++)
      if (Number.isFinite(y[i]) && Number.isFinite(p[i])) {
        yy[k] = y[i];
        pp[k++] = p[i];
      }
    const s = regressionStats(yy, pp, QS);
    const x = regressionExtras(yy, pp, config.pinballAlpha);
    const reasons: Record<string, string> = {};
    if (n < 2) reasons.r2 = "r2 is undefined for fewer than two samples";
    if (!Number.isFinite(x.wape)) reasons.wape = "every label is 0 (Σ|y| = 0)";
    const metrics: Metrics = {
      n_scored: n,
      mae: s.mae,
      rmse: s.rmse,
      mape: s.mape,
      r2: n < 2 ? null : s.r2,
      mean_error: s.meanError,
      ...s.residualQuantiles,
      smape: x.smape,
      wape: Number.isFinite(x.wape) ? x.wape : null,
      pinball_loss: x.pinball,
    };
    const chart = { error_by_decile: { upper: x.byDecile.upper, n: x.byDecile.n, mae: x.byDecile.mae, mean_error: x.byDecile.meanError } };
    return { status: thresholdStatus(metrics[config.statusMetric], { warn: config.warnAbove, fail: config.failAbove }, true), metrics, reasons, chart };
  },
});

import {
  defineEvaluator,
  quantileSorted,
  sortedFinite,
  thresholdStatus,
  toCategorical,
  toNumeric,
  worstStatus,
  z,
  type Column,
  type Metrics,
  type Status,
} from "../../sdk";

const NOT_ERROR = new Set(["", "0", "false", "null", "none", "ok"]);

function isError(c: Column): Uint8Array {
  const out = new Uint8Array(c.type === "numeric" ? c.values.length : c.codes.length);
  if (c.type === "numeric") for (let i = 0; i < out.length; i++) out[i] = c.values[i] === c.values[i] && c.values[i] !== 0 ? 1 : 0;
  else {
    const bad = c.dictionary.map((d) => !NOT_ERROR.has(d.trim().toLowerCase()));
    for (let i = 0; i < out.length; i++) out[i] = c.codes[i] >= 0 && bad[c.codes[i]] ? 1 : 0;
  }
  return out;
}

export default defineEvaluator({
  id: "cost.latency",
  version: "1.0.0",
  kind: "cost",
  title: "Cost, latency and errors",
  description: [
    "requests = rows. error_rate = rows whose error column is set (non-empty, not 0/false) / rows.",
    "latency_p50/p95/p99_ms = quantiles of latency_ms over rows that have it, numpy's default 'linear' interpolation.",
    "total_cost = Σ cost_usd; cost_per_request = total_cost / rows with a cost; tokens_per_request = mean(tokens_in + tokens_out) over rows with either.",
    "cost_per_correct = total_cost / correctly predicted labelled requests (binary: (score ≥ threshold) = label; otherwise prediction = label as text);",
    "label_coverage = labelled rows / rows tells how much of the traffic that figure rests on.",
  ],
  appliesTo: { columns: "none" },
  needs: { baseline: false, labels: false },
  config: z.object({
    threshold: z.number().default(0.5).describe("binary decision threshold for cost_per_correct"),
    errorColumn: z.string().default("error"),
    tokensInColumn: z.string().default("tokens_in"),
    tokensOutColumn: z.string().default("tokens_out"),
    p95WarnMs: z.number().positive().nullable().default(null),
    p95FailMs: z.number().positive().nullable().default(null),
    errorRateWarn: z.number().min(0).max(1).nullable().default(null),
    errorRateFail: z.number().min(0).max(1).nullable().default(null),
    costPerCorrectWarn: z.number().min(0).nullable().default(null),
    costPerCorrectFail: z.number().min(0).nullable().default(null),
  }),
  evaluate({ current, config }) {
    const n = current.length;
    const reasons: Record<string, string> = {};
    const metrics: Metrics = { requests: n };
    const err = current.features[config.errorColumn];
    if (err && n) {
      const e = isError(err);
      let k = 0;
      for (let i = 0; i < e.length; i++) k += e[i];
      metrics.error_rate = k / n;
    } else {
      metrics.error_rate = null;
      reasons.error_rate = n ? `no ${config.errorColumn} column` : "no requests";
    }
    const lat = current.latencyMs ? sortedFinite(current.latencyMs).sorted : new Float64Array(0);
    for (const q of [50, 95, 99]) {
      const key = `latency_p${q}_ms`;
      metrics[key] = lat.length ? quantileSorted(lat, q / 100) : null;
      if (!lat.length) reasons[key] = current.latencyMs ? "no latency values" : "no latency_ms column";
    }
    let total: number | null = null;
    if (current.costUsd) {
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const c = current.costUsd[i];
        if (Number.isFinite(c)) {
          s += c;
          m++;
        }
      }
      total = m ? s : null;
      metrics.total_cost = total;
      metrics.cost_per_request = m ? s / m : null;
      if (!m) reasons.total_cost = reasons.cost_per_request = "no cost values";
    } else {
      metrics.total_cost = metrics.cost_per_request = null;
      reasons.total_cost = reasons.cost_per_request = "no cost_usd column";
    }
    const tin = current.features[config.tokensInColumn];
    const tout = current.features[config.tokensOutColumn];
    if (tin || tout) {
      const a = tin ? toNumeric(tin) : null;
      const b = tout ? toNumeric(tout) : null;
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const x = a ? a[i] : NaN;
        const y = b ? b[i] : NaN;
        if (Number.isFinite(x) || Number.isFinite(y)) {
          s += (Number.isFinite(x) ? x : 0) + (Number.isFinite(y) ? y : 0);
          m++;
        }
      }
      metrics.tokens_per_request = m ? s / m : null;
      if (!m) reasons.tokens_per_request = "no token counts";
    } else {
      metrics.tokens_per_request = null;
      reasons.tokens_per_request = "no tokens_in/tokens_out columns";
    }
    let labelled = 0;
    let correct = 0;
    if (current.label && current.prediction) {
      const lab = current.label;
      const pred = current.prediction;
      const labNum = toNumeric(lab);
      const binary = pred.type === "numeric" && Array.from(new Set(labNum.filter((v) => v === v))).every((v) => v === 0 || v === 1);
      if (binary) {
        const p = pred.values;
        for (let i = 0; i < n; i++) {
          if (labNum[i] !== labNum[i] || p[i] !== p[i]) continue;
          labelled++;
          if ((p[i] >= config.threshold ? 1 : 0) === labNum[i]) correct++;
        }
      } else {
        const lc = toCategorical(lab);
        const pc = toCategorical(pred);
        for (let i = 0; i < n; i++) {
          if (lc.codes[i] < 0 || pc.codes[i] < 0) continue;
          labelled++;
          if (lc.dictionary[lc.codes[i]] === pc.dictionary[pc.codes[i]]) correct++;
        }
      }
    }
    metrics.labelled_requests = labelled;
    metrics.correct_predictions = labelled ? correct : null;
    if (!labelled) reasons.correct_predictions = "no labelled request with a prediction";
    metrics.label_coverage = n ? labelled / n : null;
    if (!n) reasons.label_coverage = "no requests";
    metrics.cost_per_correct = total !== null && correct > 0 ? total / correct : null;
    if (metrics.cost_per_correct === null)
      reasons.cost_per_correct = total === null ? "no cost values" : labelled === 0 ? "no labelled requests" : "no correct predictions";
    const statuses: Status[] = [
      thresholdStatus(metrics.latency_p95_ms, { warn: config.p95WarnMs, fail: config.p95FailMs }, true),
      thresholdStatus(metrics.error_rate, { warn: config.errorRateWarn, fail: config.errorRateFail }, true),
      thresholdStatus(metrics.cost_per_correct, { warn: config.costPerCorrectWarn, fail: config.costPerCorrectFail }, true),
    ];
    return { status: n ? worstStatus(statuses) : "n/a", metrics, reasons };
  },
});

import { binaryLabels, calibration, defineQualityEvaluator, notApplicable, thresholdStatus, toCategorical, toNumeric, z, type ColumnResult } from "../../sdk";

export default defineQualityEvaluator({
  id: "quality.calibration",
  version: "1.0.0",
  title: "Calibration over time (ECE, reliability diagram)",
  description: [
    "Binary: p = the score (must lie in [0, 1]), outcome = label (0/1). Multiclass (probability columns '<probabilityPrefix><class>'): top-label calibration —",
    "p = the largest class probability, outcome = 1 when that class is the label (Guo et al. 2017).",
    "ece = Σ_b (n_b / n)·|mean(outcome)_b − mean(p)_b| over the bins of sklearn calibration_curve(strategy='uniform', n_bins = bins) — bins (a, b], the first [0, b].",
    "Over time: the window's time range is cut into `periods` equal spans by timestamp; each period with ≥ minPeriodRows rows is a column with its ece and n.",
    "ece_first / ece_last: first and last such period; ece_change = ece_last − ece_first; ece_max_period = the worst period.",
    "Chart: the reliability diagram (mean p vs observed rate per bin, with counts). Status from ece against warnAbove / failAbove.",
  ],
  tasks: ["binary", "multiclass"],
  config: z.object({
    bins: z.number().int().min(2).max(100).default(10),
    periods: z.number().int().min(1).max(100).default(7).describe("equal time spans of the window"),
    minPeriodRows: z.number().int().min(1).default(30),
    positiveLabel: z.string().default("1"),
    probabilityPrefix: z.string().default("proba_"),
    warnAbove: z.number().min(0).max(1).nullable().default(0.05),
    failAbove: z.number().min(0).max(1).nullable().default(0.1),
  }),
  evaluate({ current, config }) {
    if (!current.label) return notApplicable("needs a label column");
    const probaCols = Object.keys(current.features).filter((k) => k.startsWith(config.probabilityPrefix));
    const p: number[] = [];
    const outcome: number[] = [];
    const rows: number[] = [];
    let outside = 0;
    if (probaCols.length >= 2) {
      const label = toCategorical(current.label);
      const probs = probaCols.map((k) => toNumeric(current.features[k]));
      const classes = probaCols.map((k) => k.slice(config.probabilityPrefix.length));
      for (let i = 0; i < current.length; i++) {
        if (label.codes[i] < 0) continue;
        let best = -Infinity;
        let cls = -1;
        for (let c = 0; c < probs.length; c++) if (probs[c][i] > best) [best, cls] = [probs[c][i], c];
        if (!Number.isFinite(best)) continue;
        if (best < 0 || best > 1) {
          outside++;
          continue;
        }
        p.push(best);
        outcome.push(classes[cls] === label.dictionary[label.codes[i]] ? 1 : 0);
        rows.push(i);
      }
    } else {
      if (!current.prediction) return notApplicable("needs a prediction (score) or probability columns");
      const y = binaryLabels(current.label, config.positiveLabel);
      const s = toNumeric(current.prediction);
      for (let i = 0; i < current.length; i++) {
        if ((y[i] !== 0 && y[i] !== 1) || !Number.isFinite(s[i])) continue;
        if (s[i] < 0 || s[i] > 1) {
          outside++;
          continue;
        }
        p.push(s[i]);
        outcome.push(y[i]);
        rows.push(i);
      }
    }
    if (p.length === 0) return notApplicable(outside ? `${outside} scores outside [0, 1]: calibration needs probabilities` : "no labelled rows with a probability", { ece: null });
    const all = calibration(Float64Array.from(p), Uint8Array.from(outcome), config.bins);
    const columns: ColumnResult[] = [];
    const ts = current.timestamp;
    if (ts) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of rows) if (Number.isFinite(ts[r])) [lo, hi] = [Math.min(lo, ts[r]), Math.max(hi, ts[r])];
      const span = (hi - lo) / config.periods;
      const groups = Array.from({ length: config.periods }, () => ({ p: [] as number[], o: [] as number[] }));
      rows.forEach((r, k) => {
        if (!Number.isFinite(ts[r])) return;
        const g = span > 0 ? Math.min(config.periods - 1, Math.floor((ts[r] - lo) / span)) : 0;
        groups[g].p.push(p[k]);
        groups[g].o.push(outcome[k]);
      });
      groups.forEach((g, i) => {
        if (g.p.length < config.minPeriodRows) return;
        const c = calibration(Float64Array.from(g.p), Uint8Array.from(g.o), config.bins);
        const start = new Date(lo + i * span).toISOString().slice(0, 16).replace("T", " ");
        columns.push({
          column: start,
          status: thresholdStatus(c.ece, { warn: config.warnAbove, fail: config.failAbove }, true),
          metrics: { ece: c.ece, n: g.p.length },
          details: { from: new Date(lo + i * span).toISOString(), to: new Date(lo + (i + 1) * span).toISOString() },
        });
      });
    }
    const eces = columns.map((c) => c.metrics.ece as number);
    const noPeriods = ts ? `fewer than 1 period with ≥ ${config.minPeriodRows} rows` : "no timestamps";
    const reasons: Record<string, string> = {};
    if (!eces.length) for (const k of ["ece_first", "ece_last", "ece_change", "ece_max_period"]) reasons[k] = noPeriods;
    return {
      status: thresholdStatus(all.ece, { warn: config.warnAbove, fail: config.failAbove }, true),
      metrics: {
        ece: all.ece,
        n_scored: p.length,
        ece_first: eces.length ? eces[0] : null,
        ece_last: eces.length ? eces[eces.length - 1] : null,
        ece_change: eces.length ? eces[eces.length - 1] - eces[0] : null,
        ece_max_period: eces.length ? Math.max(...eces) : null,
      },
      ...(Object.keys(reasons).length ? { reasons } : {}),
      columns,
      chart: { calibration: { prob_pred: all.probPred, prob_true: all.probTrue, counts: all.counts } },
      ...(outside ? { notes: [`${outside} rows with a probability outside [0, 1] left out`] } : {}),
    };
  },
});

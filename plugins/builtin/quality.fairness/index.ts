import { binaryOutcomes, defineQualityEvaluator, notApplicable, toCategorical, worstStatus, z, type ColumnResult, type JsonValue, type Status } from "../../sdk";

interface Group {
  value: string;
  n: number;
  selectionRate: number;
  tpr: number | null;
  fpr: number | null;
}

const range = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

export default defineQualityEvaluator({
  id: "quality.fairness",
  version: "1.0.0",
  title: "Fairness across groups",
  description: [
    "Per attribute (a cohort attribute or a feature column; groups = its values, missing excluded), Fairlearn's definitions over groups with at least minGroupSize labelled rows",
    "(predicted positive = score ≥ threshold): selection rate = P(ŷ = 1 | group); TPR = P(ŷ = 1 | y = 1, group); FPR = P(ŷ = 1 | y = 0, group).",
    "demographic_parity_difference = max − min selection rate; disparate_impact_ratio = min / max selection rate (Fairlearn's demographic_parity_ratio; the four-fifths rule reads it against 0.8);",
    "equal_opportunity_difference = max − min TPR; equalized_odds_difference = max(TPR difference, FPR difference) (Fairlearn's 'worst_case').",
    "Groups smaller than minGroupSize are listed with their size but left out; fewer than two groups left → 'no data'. Groups without positives (or negatives) are left out of the TPR (FPR) difference.",
    "Status per attribute: fail when disparate_impact_ratio < minRatio or equalized_odds_difference > maxDifference; the cell takes the worst attribute.",
  ],
  tasks: ["binary"],
  config: z.object({
    attributes: z.array(z.string()).default([]).describe("protected attributes: cohort attributes or feature columns"),
    threshold: z.number().default(0.5),
    positiveLabel: z.string().default("1"),
    minGroupSize: z.number().int().min(1).default(30).describe("groups with fewer labelled rows are left out"),
    minRatio: z.number().min(0).max(1).default(0.8).describe("fail when disparate_impact_ratio < minRatio"),
    maxDifference: z.number().min(0).max(1).default(0.2).describe("fail when equalized_odds_difference > maxDifference"),
  }),
  evaluate({ current, config }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns");
    if (config.attributes.length === 0) return notApplicable("set attributes: the protected cohort attributes or columns to compare");
    const { y, yhat, index } = binaryOutcomes(current.label, current.prediction, config.threshold, config.positiveLabel);
    const columns: ColumnResult[] = [];
    for (const attr of config.attributes) {
      const source = current.cohorts?.[attr] ?? current.features[attr];
      if (!source) {
        columns.push({ column: attr, status: "n/a", metrics: {}, details: { skipped: "not a cohort attribute or column of this data" } });
        continue;
      }
      const col = toCategorical(source);
      const k = col.dictionary.length;
      const n = new Float64Array(k), sel = new Float64Array(k), pos = new Float64Array(k), tp = new Float64Array(k), neg = new Float64Array(k), fp = new Float64Array(k);
      for (let r = 0; r < y.length; r++) {
        const g = col.codes[index[r]];
        if (g < 0) continue;
        n[g]++;
        sel[g] += yhat[r];
        if (y[r]) {
          pos[g]++;
          tp[g] += yhat[r];
        } else {
          neg[g]++;
          fp[g] += yhat[r];
        }
      }
      const groups: Group[] = [];
      const small: Record<string, JsonValue> = {};
      for (let g = 0; g < k; g++) {
        if (n[g] === 0) continue;
        if (n[g] < config.minGroupSize) small[col.dictionary[g]] = n[g];
        else groups.push({ value: col.dictionary[g], n: n[g], selectionRate: sel[g] / n[g], tpr: pos[g] ? tp[g] / pos[g] : null, fpr: neg[g] ? fp[g] / neg[g] : null });
      }
      const details: Record<string, JsonValue> = {
        groups: groups.map((g) => ({ group: g.value, n: g.n, selection_rate: g.selectionRate, tpr: g.tpr, fpr: g.fpr })),
        ...(Object.keys(small).length ? { too_small: small } : {}),
      };
      const keys = ["demographic_parity_difference", "disparate_impact_ratio", "equal_opportunity_difference", "equalized_odds_difference"];
      if (groups.length < 2) {
        const why = `no data: fewer than 2 groups with ≥ ${config.minGroupSize} labelled rows`;
        columns.push({ column: attr, status: "n/a", metrics: Object.fromEntries(keys.map((m) => [m, null])), reasons: Object.fromEntries(keys.map((m) => [m, why])), details });
        continue;
      }
      const rates = groups.map((g) => g.selectionRate);
      const tprs = groups.flatMap((g) => (g.tpr === null ? [] : [g.tpr]));
      const fprs = groups.flatMap((g) => (g.fpr === null ? [] : [g.fpr]));
      const maxRate = Math.max(...rates);
      const dpd = range(rates);
      const ratio = maxRate > 0 ? Math.min(...rates) / maxRate : null;
      const eop = tprs.length >= 2 ? range(tprs) : null;
      const eod = tprs.length >= 2 && fprs.length >= 2 ? Math.max(range(tprs), range(fprs)) : null;
      const reasons: Record<string, string> = {};
      if (ratio === null) reasons.disparate_impact_ratio = "no group has a positive prediction";
      if (eop === null) reasons.equal_opportunity_difference = "fewer than 2 groups have positives";
      if (eod === null) reasons.equalized_odds_difference = "fewer than 2 groups have both positives and negatives";
      const failed = (ratio !== null && ratio < config.minRatio) || (eod !== null && eod > config.maxDifference);
      const status: Status = failed ? "fail" : "pass";
      columns.push({
        column: attr,
        status,
        metrics: { demographic_parity_difference: dpd, disparate_impact_ratio: ratio, equal_opportunity_difference: eop, equalized_odds_difference: eod, groups: groups.length },
        ...(Object.keys(reasons).length ? { reasons } : {}),
        details,
      });
    }
    const tested = columns.filter((c) => c.status !== "n/a");
    return {
      status: worstStatus(columns.map((c) => c.status)),
      metrics: { attributes_tested: tested.length, attributes_failing: tested.filter((c) => c.status === "fail").length, n_scored: y.length },
      columns,
    };
  },
});

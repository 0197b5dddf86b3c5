import {
  cellValue,
  chooseDriftTest,
  defineBaselineEvaluator,
  driftColumn,
  driftCommonConfig,
  notApplicable,
  toCategorical,
  worstStatus,
  z,
  type CategoricalColumn,
  type ColumnResult,
  type Frame,
  type Metrics,
  type Status,
} from "../../sdk";

function keyColumn(f: Frame, name: string): CategoricalColumn | undefined {
  if (name === "request_id" && f.requestId) return f.requestId;
  const c = f.features[name];
  return c ? toCategorical(c) : f.requestId && name === "requestId" ? f.requestId : undefined;
}

export default defineBaselineEvaluator({
  id: "skew.training_serving",
  version: "1.0.0",
  kind: "skew",
  title: "Training–serving skew",
  description: [
    "Baseline = training features, current = logged serving features.",
    "Distribution skew per feature: the test drift.auto would pick (Evidently's rules), with its statistic and drift flag.",
    "Row-level parity for rows whose entity key appears in both (first baseline row per key): mismatch_share = share of joined rows whose value differs",
    "(numbers: |s − t| > atol + rtol·|t|; categories: different string; one side missing counts as different); mean_ratio = mean of serving/training over joined",
    "rows with finite, non-zero training values; ratio_cv = std/|mean| of that ratio. A feature whose values differ on most joined rows (≥ 50 %) by a",
    "near-constant ratio (ratio_cv < 0.05, mean_ratio ≠ 1) is flagged as a likely definition bug (e.g. a 30-day sum computed over 7 days gives ≈ 0.23).",
  ],
  columns: "any",
  config: z.object({
    entityKey: z.string().default("request_id"),
    rtol: z.number().min(0).default(1e-9),
    atol: z.number().min(0).default(1e-12),
    mismatchWarn: z.number().min(0).max(1).default(0.01),
    mismatchFail: z.number().min(0).max(1).default(0.05),
    ratioCvMax: z.number().min(0).default(0.05),
    pValueThreshold: z.number().min(0).max(1).default(0.05),
    distanceThreshold: z.number().min(0).default(0.1),
    ...driftCommonConfig,
  }),
  evaluate({ current, baseline, config, columns: cols }) {
    if (!baseline) return notApplicable("a training baseline is required");
    const bKey = keyColumn(baseline, config.entityKey);
    const cKey = keyColumn(current, config.entityKey);
    const names = (config.columns ?? cols).filter((c) => c !== config.entityKey);
    // join: current row → baseline row
    let join: Int32Array | null = null;
    let joined = 0;
    if (bKey && cKey) {
      const first = new Map<string, number>();
      for (let i = 0; i < bKey.codes.length; i++) {
        const k = bKey.codes[i];
        if (k >= 0 && !first.has(bKey.dictionary[k])) first.set(bKey.dictionary[k], i);
      }
      const map = cKey.dictionary.map((d) => first.get(d) ?? -1);
      join = new Int32Array(cKey.codes.length).fill(-1);
      for (let i = 0; i < join.length; i++) {
        const k = cKey.codes[i];
        if (k >= 0 && map[k] >= 0) {
          join[i] = map[k];
          joined++;
        }
      }
    }
    const columns: ColumnResult[] = [];
    let bugs = 0;
    let mismatched = 0;
    for (const name of names) {
      const cur = current.features[name];
      const base = baseline.features[name];
      if (!cur || !base) {
        columns.push({ column: name, status: "n/a", metrics: {}, details: { skipped: !cur ? "column not in serving data" : "column not in training data" } });
        continue;
      }
      const { test, why } = chooseDriftTest(base, cur, baseline.length);
      const threshold = test === "ks" || test === "chisquare" || test === "z" ? config.pValueThreshold : config.distanceThreshold;
      const { column } = driftColumn(name, base, cur, test, config, { threshold }, { why });
      const metrics: Metrics = { ...column.metrics };
      const reasons: Record<string, string> = { ...(column.reasons ?? {}) };
      const statuses: Status[] = [column.status === "fail" ? "warn" : column.status];
      const details = { ...column.details, distribution_drift: column.details?.drift ?? null } as Record<string, string | number | boolean | null>;
      delete details.drift;
      if (join && joined > 0) {
        let differ = 0;
        let rs = 0;
        let rss = 0;
        let rn = 0;
        for (let i = 0; i < join.length; i++) {
          const j = join[i];
          if (j < 0) continue;
          const s = cellValue(cur, i);
          const t = cellValue(base, j);
          let same: boolean;
          if (s === null || t === null) same = s === t;
          else if (typeof s === "number" && typeof t === "number") {
            same = s === t || Math.abs(s - t) <= config.atol + config.rtol * Math.abs(t);
            if (Number.isFinite(s) && Number.isFinite(t) && t !== 0) {
              const r = s / t;
              rs += r;
              rss += r * r;
              rn++;
            }
          } else same = String(s) === String(t);
          if (!same) differ++;
        }
        const share = differ / joined;
        metrics.joined_rows = joined;
        metrics.mismatch_share = share;
        if (rn > 0) {
          const mean = rs / rn;
          const variance = Math.max(0, rss / rn - mean * mean);
          metrics.mean_ratio = mean;
          metrics.ratio_cv = mean !== 0 ? Math.sqrt(variance) / Math.abs(mean) : null;
          if (mean === 0) reasons.ratio_cv = "mean ratio is 0";
        } else {
          metrics.mean_ratio = null;
          metrics.ratio_cv = null;
          reasons.mean_ratio = reasons.ratio_cv = "no joined row with numeric, non-zero training value";
        }
        const cv = metrics.ratio_cv;
        const bug = share >= 0.5 && cv !== null && cv < config.ratioCvMax && Math.abs((metrics.mean_ratio as number) - 1) > 0.01;
        details.definition_bug = bug;
        if (bug) {
          bugs++;
          details.finding = `serving ≈ ${(metrics.mean_ratio as number).toPrecision(3)} × training on ${(share * 100).toFixed(1)}% of joined rows: likely a feature definition bug`;
          statuses.push("fail");
        } else statuses.push(share > config.mismatchFail ? "fail" : share > config.mismatchWarn ? "warn" : "pass");
        if (share > config.mismatchWarn) mismatched++;
      }
      columns.push({ column: name, status: worstStatus(statuses), metrics, details, ...(Object.keys(reasons).length ? { reasons } : {}) });
    }
    const tested = columns.filter((c) => c.status !== "n/a");
    const drifted = tested.filter((c) => c.details?.distribution_drift === true).length;
    const reasons: Record<string, string> = {};
    if (!join) reasons.key_coverage = `entity key ${config.entityKey} not present in both datasets`;
    return {
      status: tested.length ? worstStatus(columns.map((c) => c.status)) : "n/a",
      metrics: {
        joined_rows: join ? joined : null,
        key_coverage: join && current.length ? joined / current.length : null,
        features_with_mismatch: join ? mismatched : null,
        definition_bugs: join ? bugs : null,
        drifted_features: drifted,
        drift_share: tested.length ? drifted / tested.length : null,
      },
      reasons: {
        ...reasons,
        ...(join ? {} : { joined_rows: reasons.key_coverage, features_with_mismatch: reasons.key_coverage, definition_bugs: reasons.key_coverage }),
        ...(join && !current.length ? { key_coverage: "no serving rows" } : {}),
        ...(tested.length ? {} : { drift_share: "no feature could be compared" }),
      },
      columns,
    };
  },
});

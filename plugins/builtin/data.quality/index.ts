import {
  defineEvaluator,
  missingCount,
  parseNumberLike,
  sortedFinite,
  toCategorical,
  worstStatus,
  z,
  type Column,
  type ColumnResult,
  type FeatureSpec,
  type Metrics,
  type Status,
} from "../../sdk";

const BOOL = new Set(["true", "false", "0", "1", "yes", "no"]);

function rowsOf(c: Column): number {
  return c.type === "numeric" ? c.values.length : c.codes.length;
}

function distinctNonMissing(c: Column): number {
  if (c.type === "numeric") {
    const s = sortedFinite(c.values);
    let d = s.posInf > 0 ? 1 : 0;
    d += s.negInf > 0 ? 1 : 0;
    for (let i = 0; i < s.sorted.length; i++) if (i === 0 || s.sorted[i] !== s.sorted[i - 1]) d++;
    return d;
  }
  const seen = new Uint8Array(c.dictionary.length);
  let d = 0;
  for (let i = 0; i < c.codes.length; i++) {
    const k = c.codes[i];
    if (k >= 0 && !seen[k]) {
      seen[k] = 1;
      d++;
    }
  }
  return d;
}

/** Values present in the column, with row counts. */
function valueCounts(c: Column): Map<string, number> {
  const cat = toCategorical(c);
  const counts = new Float64Array(cat.dictionary.length);
  for (let i = 0; i < cat.codes.length; i++) if (cat.codes[i] >= 0) counts[cat.codes[i]]++;
  const m = new Map<string, number>();
  cat.dictionary.forEach((d, i) => counts[i] > 0 && m.set(d, counts[i]));
  return m;
}

function typeViolations(c: Column, spec: FeatureSpec | undefined): number {
  if (c.type === "numeric") {
    const s = sortedFinite(c.values);
    if (spec?.type === "boolean") {
      let bad = 0;
      for (let i = 0; i < c.values.length; i++) {
        const v = c.values[i];
        if (v === v && v !== 0 && v !== 1) bad++;
      }
      return bad;
    }
    return s.posInf + s.negInf; // ±Infinity is never a valid feature value
  }
  if (spec?.type === "numeric") {
    const bad = c.dictionary.map((d) => !Number.isFinite(parseNumberLike(d)));
    let n = 0;
    for (let i = 0; i < c.codes.length; i++) if (c.codes[i] >= 0 && bad[c.codes[i]]) n++;
    return n;
  }
  if (spec?.type === "boolean") {
    const bad = c.dictionary.map((d) => !BOOL.has(d.trim().toLowerCase()));
    let n = 0;
    for (let i = 0; i < c.codes.length; i++) if (c.codes[i] >= 0 && bad[c.codes[i]]) n++;
    return n;
  }
  return 0;
}

export default defineEvaluator({
  id: "data.quality",
  version: "1.0.0",
  kind: "quality",
  title: "Data quality and schema",
  description: [
    "Per column of the current window, against the feature contract when there is one, else against the baseline:",
    "missing_rate = missing cells / rows (empty cell or NaN); missing_rate_change = current − baseline missing rate;",
    "new_categories = distinct values not in the contract's categories (or not seen in the baseline), new_category_rate = share of rows holding them;",
    "out_of_range = finite values below min or above max (contract bounds, else the baseline's min/max), out_of_range_rate = their share of rows;",
    "constant = 1 when at most one distinct non-missing value; type_violations = values that do not fit the contract type (non-numbers in a numeric column, non-booleans, ±Infinity);",
    "null_violations = missing values in a non-nullable column. Contract columns absent from the data fail.",
  ],
  appliesTo: { columns: "any" },
  needs: { baseline: false, labels: false },
  config: z.object({
    missingChangeWarn: z.number().min(0).max(1).default(0.05),
    missingChangeFail: z.number().min(0).max(1).default(0.2),
    outOfRangeWarn: z.number().min(0).max(1).default(0),
    outOfRangeFail: z.number().min(0).max(1).default(0.05),
    newCategoryWarn: z.number().min(0).max(1).default(0),
    newCategoryFail: z.number().min(0).max(1).default(0.05),
    constantIsWarning: z.boolean().default(true),
    columns: z.array(z.string()).optional(),
  }),
  evaluate({ current, baseline, config, columns: cols, contract }) {
    const names = [...new Set([...(config.columns ?? cols), ...(config.columns ? [] : (contract?.features.map((f) => f.name) ?? []))])];
    const columns: ColumnResult[] = [];
    const rows = current.length;
    for (const name of names) {
      const spec = contract?.features.find((f) => f.name === name);
      const cur = current.features[name];
      if (!cur) {
        columns.push({ column: name, status: spec ? "fail" : "n/a", metrics: {}, details: { issue: "column missing from the current data" } });
        continue;
      }
      const base = baseline?.features[name];
      const issues: string[] = [];
      const statuses: Status[] = ["pass"];
      const reasons: Record<string, string> = {};
      const missing = missingCount(cur);
      const missingRate = rows ? missing / rows : null;
      if (missingRate === null) reasons.missing_rate = "no rows";
      const metrics: Metrics = { rows, missing_rate: missingRate };
      if (base) {
        const bRows = rowsOf(base);
        const bm = bRows ? missingCount(base) / bRows : null;
        metrics.missing_rate_baseline = bm;
        metrics.missing_rate_change = bm === null || missingRate === null ? null : missingRate - bm;
        if (bm === null || missingRate === null) reasons.missing_rate_change = reasons.missing_rate_baseline = "no rows";
        const ch = metrics.missing_rate_change;
        if (ch !== null && ch > config.missingChangeFail) statuses.push("fail");
        else if (ch !== null && ch > config.missingChangeWarn) statuses.push("warn");
        if (ch !== null && ch > config.missingChangeWarn) issues.push(`missing rate up by ${(ch * 100).toFixed(1)} points`);
      }
      // categories
      const treatAsCategorical = spec ? spec.type === "categorical" || spec.type === "boolean" : cur.type === "categorical";
      if (treatAsCategorical && (spec?.categories || base)) {
        const allowed = new Set(spec?.categories ?? [...valueCounts(base!).keys()]);
        const counts = valueCounts(cur);
        const unseen = [...counts.entries()].filter(([v]) => !allowed.has(v));
        const unseenRows = unseen.reduce((s, [, c]) => s + c, 0);
        metrics.new_categories = unseen.length;
        metrics.new_category_rate = rows ? unseenRows / rows : null;
        if (!rows) reasons.new_category_rate = "no rows";
        if (unseen.length) {
          issues.push(`${unseen.length} new categories`);
          statuses.push(unseenRows / rows > config.newCategoryFail ? "fail" : unseenRows / rows > config.newCategoryWarn ? "warn" : "pass");
        }
        if (unseen.length) issues.push(`e.g. ${unseen.slice(0, 5).map(([v]) => JSON.stringify(v)).join(", ")}`);
      }
      // range
      if (cur.type === "numeric") {
        let lo = spec?.min ?? undefined;
        let hi = spec?.max ?? undefined;
        if ((lo === undefined || hi === undefined) && base?.type === "numeric" && !spec) {
          const bs = sortedFinite(base.values).sorted;
          if (bs.length) {
            lo = bs[0];
            hi = bs[bs.length - 1];
          }
        }
        if (lo !== undefined || hi !== undefined) {
          let out = 0;
          const v = cur.values;
          for (let i = 0; i < v.length; i++) {
            const x = v[i];
            if (Number.isFinite(x) && ((lo !== undefined && x < lo) || (hi !== undefined && x > hi))) out++;
          }
          metrics.out_of_range = out;
          metrics.out_of_range_rate = rows ? out / rows : null;
          if (!rows) reasons.out_of_range_rate = "no rows";
          if (out) {
            issues.push(`${out} values outside [${lo ?? "−∞"}, ${hi ?? "∞"}]`);
            statuses.push(out / rows > config.outOfRangeFail ? "fail" : out / rows > config.outOfRangeWarn ? "warn" : "pass");
          }
        }
      }
      const distinct = distinctNonMissing(cur);
      metrics.distinct = distinct;
      metrics.constant = rows > 0 && distinct <= 1 ? 1 : 0;
      if (metrics.constant && config.constantIsWarning) {
        issues.push(distinct === 0 ? "all values missing" : "constant column");
        statuses.push("warn");
      }
      const tv = typeViolations(cur, spec);
      metrics.type_violations = tv;
      if (tv) {
        issues.push(`${tv} values of the wrong type`);
        statuses.push("fail");
      }
      if (spec && !spec.nullable) {
        metrics.null_violations = missing;
        if (missing) {
          issues.push(`${missing} missing values in a non-nullable column`);
          statuses.push("fail");
        }
      }
      const col: ColumnResult = { column: name, status: worstStatus(statuses), metrics, details: { issues } };
      if (Object.keys(reasons).length) col.reasons = reasons;
      columns.push(col);
    }
    const withIssues = columns.filter((c) => c.status === "warn" || c.status === "fail").length;
    const rates = columns.map((c) => c.metrics.missing_rate).filter((x): x is number => typeof x === "number");
    return {
      status: columns.length ? worstStatus(columns.map((c) => c.status)) : "n/a",
      metrics: {
        rows,
        columns_checked: columns.length,
        columns_with_issues: withIssues,
        max_missing_rate: rates.length ? Math.max(...rates) : null,
      },
      reasons: rates.length ? undefined : { max_missing_rate: "no column checked" },
      columns,
    };
  },
});

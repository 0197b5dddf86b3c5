import { categoryCounts, defineBaselineEvaluator, notApplicable, quantileSorted, toCategorical, z, type Column, type ColumnResult, type JsonValue, type Status } from "../../sdk";

type Stats = Record<string, number>;

/** Row ranges of `chunks` contiguous equal-count chunks (the frame's row order: time order for windows). */
function chunkRanges(n: number, chunks: number): [number, number][] {
  const k = Math.max(1, Math.min(chunks, n));
  return Array.from({ length: k }, (_, i) => [Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)] as [number, number]);
}

function numericStats(values: Float64Array, from: number, to: number): Stats {
  const finite: number[] = [];
  let missing = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (Number.isNaN(v)) missing++;
    else if (Number.isFinite(v)) finite.push(v);
  }
  const n = finite.length;
  const out: Stats = { missing_share: to > from ? missing / (to - from) : 0 };
  if (n === 0) return out;
  let sum = 0;
  for (const v of finite) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of finite) ss += (v - mean) ** 2;
  const sorted = Float64Array.from(finite).sort();
  return { ...out, mean, median: quantileSorted(sorted, 0.5), std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, sum };
}

function categoricalStats(col: Column, known: Set<string> | null, from: number, to: number): Stats {
  const c = toCategorical(col);
  let missing = 0;
  let unseen = 0;
  for (let i = from; i < to; i++) {
    const code = c.codes[i];
    if (code < 0) missing++;
    else if (known && !known.has(c.dictionary[code])) unseen++;
  }
  return { missing_share: to > from ? missing / (to - from) : 0, ...(known ? { unseen_share: to > from ? unseen / (to - from) : 0 } : {}) };
}

export default defineBaselineEvaluator({
  id: "data.summary",
  version: "1.0.0",
  title: "Summary statistics drift",
  description: [
    "NannyML's summary statistics drift. The window (rows in time order) is cut into `chunks` equal-count chunks and the reference into chunks of the same size.",
    "Per numeric column and chunk: mean, median (numpy 'linear'), std (ddof = 1), sum of the finite values, and missing_share = missing / rows;",
    "per categorical column: missing_share and unseen_share = rows whose value never occurs in the reference / rows. row_count per window chunk.",
    "Band per statistic: mean ± sigmas·std (population) of that statistic over the reference chunks (sum is compared per row: chunk sum / chunk rows, the band scaled the same way).",
    "A chunk alerts when a statistic leaves its band; unseen_share alerts when above 0. A column fails when any chunk alerts; per column the metrics are the whole-window values and `alerts`.",
  ],
  columns: "any",
  config: z.object({
    chunks: z.number().int().min(2).max(100).default(10),
    sigmas: z.number().positive().max(10).default(3),
    columns: z.array(z.string()).optional(),
  }),
  evaluate({ current, baseline, config, columns: cols }) {
    if (!baseline) return notApplicable("a baseline (reference) is required");
    const curChunks = chunkRanges(current.length, config.chunks);
    // the reference is cut into chunks of the window's chunk size, so bands reflect the same sampling noise (NannyML's chunker)
    const size = Math.max(1, Math.floor(current.length / curChunks.length));
    const refChunks = chunkRanges(baseline.length, Math.max(2, Math.floor(baseline.length / size)));
    const out: ColumnResult[] = [];
    for (const name of config.columns ?? cols) {
      const cur = current.features[name];
      const ref = baseline.features[name];
      if (!cur || !ref) {
        out.push({ column: name, status: "n/a", metrics: {}, details: { skipped: !cur ? "column not in current data" : "column not in baseline" } });
        continue;
      }
      const numeric = cur.type === "numeric" && ref.type === "numeric";
      const refCat = numeric ? null : toCategorical(ref);
      const refCounts = refCat ? categoryCounts(refCat) : null;
      const known = refCat ? new Set(refCat.dictionary.filter((_, i) => refCounts![i] > 0)) : null;
      const statsOf = (col: Column, from: number, to: number): Stats => {
        const s = numeric ? numericStats((col as { values: Float64Array }).values, from, to) : categoricalStats(col, known, from, to);
        if ("sum" in s) s.sum_per_row = s.sum / (to - from);
        return s;
      };
      const refStats = refChunks.map(([a, b]) => statsOf(ref, a, b));
      const keys = Object.keys(statsOf(cur, 0, current.length)).filter((k) => k !== "sum");
      const bands: Record<string, { lower: number; upper: number }> = {};
      for (const k of keys) {
        if (k === "unseen_share") continue;
        const xs = refStats.map((s) => s[k]).filter((v) => Number.isFinite(v));
        if (xs.length < 2) continue;
        const m = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length);
        bands[k] = { lower: m - config.sigmas * sd, upper: m + config.sigmas * sd };
      }
      let alerts = 0;
      const series: JsonValue[] = curChunks.map(([a, b], i) => {
        const s = statsOf(cur, a, b);
        const alerting = keys.filter((k) => (k === "unseen_share" ? s[k] > 0 : bands[k] && Number.isFinite(s[k]) && (s[k] < bands[k].lower || s[k] > bands[k].upper)));
        alerts += alerting.length ? 1 : 0;
        return { chunk: i, row_count: b - a, ...Object.fromEntries(Object.entries(s).filter(([, v]) => Number.isFinite(v))), alerts: alerting };
      });
      const whole = statsOf(cur, 0, current.length);
      const status: Status = alerts ? "fail" : "pass";
      out.push({
        column: name,
        status,
        metrics: { ...Object.fromEntries(Object.entries(whole).filter(([, v]) => Number.isFinite(v))), alerts },
        details: { chunks: series, bands, drift: alerts > 0 },
      });
    }
    const tested = out.filter((c) => c.status !== "n/a");
    if (!tested.length) return { ...notApplicable("no column could be summarised"), columns: out };
    const alerting = tested.filter((c) => c.status === "fail").length;
    return {
      status: alerting ? "fail" : "pass",
      metrics: { columns_checked: tested.length, columns_alerting: alerting, rows: current.length, chunks: curChunks.length },
      columns: out,
    };
  },
});

import {
  benjaminiHochberg,
  binaryLabels,
  defineEvaluator,
  notApplicable,
  quantileSorted,
  seededRandom,
  sliceAndRestAuc,
  sliceAndRestMean,
  sortedFinite,
  toCategorical,
  toNumeric,
  lowerBound,
  worseThanRestPValue,
  z,
  type Column,
  type ColumnResult,
  type Frame,
  type SliceEstimate,
} from "../../sdk";

type Metric = "roc_auc" | "accuracy" | "mae";
const SCORE_BINS = 10;
const HIGHER_IS_BETTER: Record<Metric, boolean> = { roc_auc: true, accuracy: true, mae: false };

/** One attribute cut into slices: a code per row (−1 = in no slice) and a phrase per code. */
interface Cut {
  name: string;
  codes: Int32Array;
  phrases: string[];
}

interface Slice {
  parts: [number, number][]; // (cut index, code)
  description: string;
  slice: SliceEstimate;
  rest: SliceEstimate;
  p: number;
  q?: number;
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const edge = (x: number) => x.toLocaleString("en-US", { maximumSignificantDigits: 4 });

function cutCategorical(name: string, col: Column, rows: Int32Array, minSize: number, maxValues: number): Cut {
  const c = toCategorical(col);
  const counts = new Float64Array(c.dictionary.length);
  for (const r of rows) if (c.codes[r] >= 0) counts[c.codes[r]]++;
  const keep = [...counts.keys()].filter((k) => counts[k] >= minSize).sort((a, b) => counts[b] - counts[a]).slice(0, maxValues);
  const remap = new Map(keep.map((k, i) => [k, i]));
  const codes = new Int32Array(rows.length);
  rows.forEach((r, i) => (codes[i] = remap.get(c.codes[r]) ?? -1));
  return { name, codes, phrases: keep.map((k) => `${name} = ${c.dictionary[k]}`) };
}

function cutNumeric(name: string, values: Float64Array, rows: Int32Array, bins: number): Cut {
  const sample = new Float64Array(rows.length);
  rows.forEach((r, i) => (sample[i] = values[r]));
  const sorted = sortedFinite(sample).sorted;
  const codes = new Int32Array(rows.length).fill(-1);
  if (sorted.length === 0) return { name, codes, phrases: [] };
  const edges = [...new Set(Array.from({ length: bins - 1 }, (_, k) => quantileSorted(sorted, (k + 1) / bins)))].filter((e) => e < sorted[sorted.length - 1]);
  const phrases = edges.length === 0 ? [] : [`${name} ≤ ${edge(edges[0])}`];
  for (let k = 1; k < edges.length; k++) phrases.push(`${edge(edges[k - 1])} < ${name} ≤ ${edge(edges[k])}`);
  if (edges.length) phrases.push(`${name} > ${edge(edges[edges.length - 1])}`);
  const sortedEdges = Float64Array.from(edges);
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (Number.isFinite(v) && edges.length) codes[i] = lowerBound(sortedEdges, v); // edges below v
  }
  // missing values as their own slice
  let missing = 0;
  for (let i = 0; i < sample.length; i++) if (Number.isNaN(sample[i])) missing++;
  if (missing) {
    const code = phrases.push(`${name} is missing`) - 1;
    for (let i = 0; i < sample.length; i++) if (Number.isNaN(sample[i])) codes[i] = code;
  }
  return { name, codes, phrases };
}

export default defineEvaluator({
  id: "segments.weak",
  version: "1.0.0",
  kind: "quality",
  title: "Weak segments (found automatically)",
  description: [
    "Searches slices of the data for the ones where the model is worst, without being told where to look.",
    "Slices: each value of each cohort attribute and categorical feature (values with ≥ minSize rows, at most maxValues per attribute), numeric features cut at their",
    "quantiles into `bins` ranges (plus 'is missing'); then pairs (A and B) of a slice among the `expand` most significant single slices with every slice of another attribute.",
    "Metric (auto: roc_auc for 0/1 labels with numeric scores, accuracy for categorical predictions, mae for numeric targets) is computed in the slice and in the rest of the rows;",
    "For roc_auc the rest is reweighted to the slice's score distribution over score deciles (rest rows in decile b weigh slice share / rest share of b), so a slice cut on a feature",
    "that drives the score (a narrow score range, hence a lower AUC by construction) is compared with rows at similar scores.",
    "SE: Hanley–McNeil for roc_auc (effective sizes (Σw)²/Σw² for the reweighted rest), sd/√n for accuracy and mae; 95% CI = value ± 1.96·SE; one-sided z-test that the slice is worse than the rest.",
    "All tested slices are corrected together with Benjamini–Hochberg (q_value); a slice is weak when q_value ≤ alpha and the gap (rest − slice, or slice − rest for mae) ≥ minGap.",
    "A pair is reported only when the lower 95% bound of its gap exceeds each part's gap by minGap. Findings are ranked by that lower bound. Windows above maxRows are sampled (seeded) and the result says so.",
    "Status: fail (or warn) when a weak slice is found, pass otherwise. Findings in plain words in notes and each column's details.finding",
    "(for roc_auc the rest's value is the reweighted one: 'vs 0.67 elsewhere at similar scores').",
  ],
  appliesTo: { tasks: ["binary", "multiclass", "regression"], columns: "any" },
  needs: { baseline: false, labels: true },
  config: z.object({
    metric: z.enum(["auto", "roc_auc", "accuracy", "mae"]).default("auto"),
    attributes: z.array(z.string()).default([]).describe("attributes to search (default: every cohort attribute and feature)"),
    minSize: z.number().int().min(10).default(50).describe("smallest slice (rows)"),
    bins: z.number().int().min(2).max(20).default(4).describe("quantile ranges per numeric feature"),
    maxValues: z.number().int().min(2).max(100).default(20).describe("most frequent values tried per categorical attribute"),
    pairs: z.boolean().default(true).describe("also search pairs of attributes"),
    expand: z.number().int().min(1).max(50).default(10).describe("single slices expanded into pairs"),
    alpha: z.number().min(0).max(0.5).default(0.05).describe("false discovery rate (Benjamini–Hochberg)"),
    minGap: z.number().min(0).default(0.05).describe("smallest gap worth reporting (metric units)"),
    maxReported: z.number().int().min(1).max(50).default(5),
    maxRows: z.number().int().min(1000).default(200_000).describe("larger windows are sampled"),
    seed: z.number().int().min(0).default(17),
    threshold: z.number().default(0.5).describe("accuracy on numeric scores: predicted positive when score ≥ threshold"),
    positiveLabel: z.string().default("1"),
    entity: z.string().min(1).max(40).default("rows").describe("what a row is, for the findings ('leads', 'accounts')"),
    statusWhenFound: z.enum(["warn", "fail"]).default("fail"),
  }),
  evaluate({ current, config, columns, contract }) {
    if (!current.label || !current.prediction) return notApplicable("needs label and prediction columns");
    const prepared = prepare(current, config.metric, config.threshold, config.positiveLabel);
    if (typeof prepared === "string") return notApplicable(prepared);
    const { metric, valid } = prepared;
    let rows = valid;
    const notes: string[] = [];
    if (rows.length > config.maxRows) {
      const rand = seededRandom(config.seed);
      const picked = Int32Array.from(rows);
      for (let i = 0; i < config.maxRows; i++) {
        const j = i + Math.floor(rand() * (picked.length - i));
        [picked[i], picked[j]] = [picked[j], picked[i]];
      }
      rows = picked.slice(0, config.maxRows).sort();
      notes.push(`sampled ${count(rows.length)} of ${count(valid.length)} labelled ${config.entity} (seed ${config.seed})`);
    }
    if (rows.length < 2 * config.minSize) return notApplicable(`fewer than ${2 * config.minSize} labelled ${config.entity}`);

    const text = new Set((contract?.features ?? []).filter((f) => f.type === "text").map((f) => f.name));
    const names = config.attributes.length ? config.attributes : [...new Set([...Object.keys(current.cohorts ?? {}), ...columns])];
    const cuts: Cut[] = [];
    for (const name of names) {
      if (text.has(name)) continue;
      const col: Column | undefined = current.cohorts?.[name] ?? current.features[name];
      if (!col) continue;
      const cut = col.type === "numeric" && distinctAtLeast(col.values, config.bins + 1) ? cutNumeric(name, col.values, rows, config.bins) : cutCategorical(name, col, rows, config.minSize, config.maxValues);
      if (cut.phrases.length) cuts.push(cut);
    }
    if (!cuts.length) return notApplicable("no attribute to slice by");

    const measure = prepared.measure(rows);
    const mask = new Uint8Array(rows.length);
    const tested: Slice[] = [];
    const test = (parts: [number, number][]) => {
      let n = 0;
      const [a, codeA] = [cuts[parts[0][0]].codes, parts[0][1]];
      const [b, codeB] = parts.length > 1 ? [cuts[parts[1][0]].codes, parts[1][1]] : [a, codeA];
      for (let i = 0; i < rows.length; i++) {
        const hit = a[i] === codeA && b[i] === codeB ? 1 : 0;
        mask[i] = hit;
        n += hit;
      }
      if (n < config.minSize || rows.length - n < config.minSize) return;
      const [slice, rest] = measure(mask);
      if (!slice || !rest) return;
      tested.push({ parts, description: parts.map(([c, code]) => cuts[c].phrases[code]).join(" and "), slice, rest, p: worseThanRestPValue(slice, rest, HIGHER_IS_BETTER[metric]) });
    };
    cuts.forEach((cut, c) => cut.phrases.forEach((_, code) => test([[c, code]])));
    const singles = tested.length;
    if (config.pairs) {
      const seeds = [...tested].sort((a, b) => a.p - b.p).slice(0, config.expand);
      const seen = new Set<string>();
      for (const s of seeds) {
        const [c0, code0] = s.parts[0];
        cuts.forEach((cut, c) => {
          if (c === c0) return;
          cut.phrases.forEach((_, code) => {
            const parts: [number, number][] = c < c0 ? [[c, code], [c0, code0]] : [[c0, code0], [c, code]];
            const key = JSON.stringify(parts);
            if (seen.has(key)) return;
            seen.add(key);
            test(parts);
          });
        });
      }
    }
    if (!tested.length) return notApplicable(`no slice with ≥ ${config.minSize} ${config.entity} and the metric computable on both sides`);
    const q = benjaminiHochberg(tested.map((s) => s.p));
    tested.forEach((s, i) => (s.q = q[i]));
    const gapOf = (s: Slice) => (HIGHER_IS_BETTER[metric] ? s.rest.value - s.slice.value : s.slice.value - s.rest.value);
    // the gap's lower 95% bound: small noisy slices do not outrank large clear ones
    const credibleGap = (s: Slice) => gapOf(s) - 1.96 * Math.sqrt(s.slice.se ** 2 + s.rest.se ** 2);
    const single = new Map(tested.slice(0, singles).map((s) => [JSON.stringify(s.parts), s]));
    const addsToParts = (s: Slice) =>
      s.parts.length === 1 ||
      s.parts.every((p) => {
        const part = single.get(JSON.stringify([p]));
        return !part || credibleGap(s) >= gapOf(part) + config.minGap;
      });
    const weak = tested
      .filter((s) => s.q! <= config.alpha && gapOf(s) >= config.minGap && addsToParts(s))
      .sort((a, b) => credibleGap(b) - credibleGap(a) || a.q! - b.q!);
    const fmt = (v: number) => (metric === "mae" ? v.toPrecision(3) : v.toFixed(2));
    const reported: ColumnResult[] = weak.slice(0, config.maxReported).map((s) => {
      const lo = s.slice.value - 1.96 * s.slice.se;
      const hi = s.slice.value + 1.96 * s.slice.se;
      // roc_auc's rest is reweighted to the slice's scores: say so, a plain "elsewhere" would read as the rest's own AUC
      const elsewhere = metric === "roc_auc" ? "elsewhere at similar scores" : "elsewhere";
      const finding = `${config.entity} with ${s.description}: ${metric} ${fmt(s.slice.value)} (95% CI ${fmt(lo)}–${fmt(hi)}) vs ${fmt(s.rest.value)} ${elsewhere}, ${count(s.slice.n)} ${config.entity}`;
      return {
        column: s.description,
        status: config.statusWhenFound,
        metrics: { value: s.slice.value, rest_value: s.rest.value, gap: gapOf(s), gap_lower: credibleGap(s), ci_low: lo, ci_high: hi, n: s.slice.n, p_value: s.p, q_value: s.q! },
        details: { finding, attributes: s.parts.map(([c]) => cuts[c].name), metric },
      };
    });
    notes.push(...reported.map((r) => String(r.details!.finding)));
    if (!reported.length) notes.push(`no weak slice among ${count(tested.length)} tested (${metric}, Benjamini–Hochberg at ${config.alpha}, gap ≥ ${config.minGap})`);
    return {
      status: reported.length ? config.statusWhenFound : "pass",
      metrics: { slices_tested: tested.length, weak_slices: weak.length, worst_gap: weak.length ? gapOf(weak[0]) : 0, n_scored: rows.length },
      columns: reported,
      notes,
    };
  },
});

function distinctAtLeast(values: Float64Array, k: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length && seen.size < k; i++) if (Number.isFinite(values[i])) seen.add(values[i]);
  return seen.size >= k;
}

/** The metric and, per row set, a function giving (slice, rest) estimates for a mask over those rows. */
function prepare(frame: Frame, wanted: "auto" | Metric, threshold: number, positive: string) {
  const label = frame.label!;
  const prediction = frame.prediction!;
  const y = binaryLabels(label, positive);
  const binary = Array.from(y).every((v) => v !== v || v === 0 || v === 1);
  const metric: Metric = wanted !== "auto" ? wanted : prediction.type === "categorical" ? "accuracy" : binary ? "roc_auc" : "mae";
  const valid: number[] = [];
  if (metric === "accuracy") {
    const l = toCategorical(label);
    const p = toCategorical(prediction);
    const scores = prediction.type === "numeric" ? prediction.values : null;
    for (let i = 0; i < frame.length; i++) if (l.codes[i] >= 0 && (scores ? Number.isFinite(scores[i]) : p.codes[i] >= 0)) valid.push(i);
    const correctOf = (r: number) =>
      scores ? ((scores[r] >= threshold ? 1 : 0) === y[r] ? 1 : 0) : l.dictionary[l.codes[r]] === p.dictionary[p.codes[r]] ? 1 : 0;
    return {
      metric,
      valid: Int32Array.from(valid),
      measure: (rows: Int32Array) => {
        const correct = Float64Array.from(rows, correctOf);
        return (mask: Uint8Array) => sliceAndRestMean(correct, mask);
      },
    };
  }
  const s = toNumeric(prediction);
  if (metric === "roc_auc") {
    if (!binary) return "roc_auc needs 0/1 labels";
    for (let i = 0; i < frame.length; i++) if ((y[i] === 0 || y[i] === 1) && Number.isFinite(s[i])) valid.push(i);
    return {
      metric,
      valid: Int32Array.from(valid),
      measure: (rows: Int32Array) => {
        const score = Float64Array.from(rows, (r) => s[r]);
        const yy = Uint8Array.from(rows, (r) => y[r]);
        const order = Int32Array.from(score.keys()).sort((a, b) => score[a] - score[b]);
        // score deciles (by rank) for comparing a slice with the rest at similar scores
        const bin = new Int32Array(order.length);
        for (let k = 0; k < order.length; k++) bin[order[k]] = Math.min(SCORE_BINS - 1, Math.floor((k * SCORE_BINS) / order.length));
        for (let k = 1; k < order.length; k++) if (score[order[k]] === score[order[k - 1]]) bin[order[k]] = bin[order[k - 1]];
        return (mask: Uint8Array) => sliceAndRestAuc(order, score, yy, mask, bin, SCORE_BINS);
      },
    };
  }
  const t = toNumeric(label);
  for (let i = 0; i < frame.length; i++) if (Number.isFinite(t[i]) && Number.isFinite(s[i])) valid.push(i);
  return {
    metric,
    valid: Int32Array.from(valid),
    measure: (rows: Int32Array) => {
      const err = Float64Array.from(rows, (r) => Math.abs(t[r] - s[r]));
      return (mask: Uint8Array) => sliceAndRestMean(err, mask);
    },
  };
}

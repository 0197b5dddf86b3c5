import {
  binarySweep,
  defineBaselineEvaluator,
  fitLogistic,
  notApplicable,
  partialShuffle,
  predictLogistic,
  rocAuc,
  seededRandom,
  toCategorical,
  z,
  type Column,
  type ColumnResult,
  type Frame,
} from "../../sdk";

/** One design term: a standardised numeric column, a one-hot category, or a product of two numeric columns. */
interface Term {
  name: string;
  columns: string[];
  value(row: number, side: 0 | 1): number;
}

function pickRows(n: number, max: number, rand: () => number): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  if (n <= max) return idx;
  partialShuffle(idx, max, rand);
  return idx.slice(0, max).sort();
}

function designTerms(frames: [Frame, Frame], names: string[], rows: [Int32Array, Int32Array], maxCategories: number, interactions: number): Term[] {
  const terms: Term[] = [];
  const numeric: { name: string; get: (row: number, side: 0 | 1) => number }[] = [];
  for (const name of names) {
    const cols = frames.map((f) => f.features[name]) as [Column | undefined, Column | undefined];
    if (!cols[0] || !cols[1]) continue;
    if (cols[0].type === "numeric" && cols[1].type === "numeric") {
      const vals = [cols[0].values, cols[1].values];
      // standardise on the pooled sample; missing → the mean (0) plus a missing indicator
      let s = 0, s2 = 0, n = 0, missing = 0;
      for (const side of [0, 1] as const)
        for (const r of rows[side]) {
          const v = vals[side][r];
          if (Number.isFinite(v)) {
            s += v;
            s2 += v * v;
            n++;
          } else missing++;
        }
      if (n < 2) continue;
      const mean = s / n;
      const sd = Math.sqrt(Math.max(s2 / n - mean * mean, 0)) || 1;
      const get = (row: number, side: 0 | 1) => {
        const v = vals[side][rows[side][row]];
        return Number.isFinite(v) ? (v - mean) / sd : 0;
      };
      numeric.push({ name, get });
      terms.push({ name, columns: [name], value: get });
      if (missing) terms.push({ name: `${name} is missing`, columns: [name], value: (row, side) => (Number.isFinite(vals[side][rows[side][row]]) ? 0 : 1) });
    } else {
      const cats = [toCategorical(cols[0]), toCategorical(cols[1])];
      const counts = new Map<string, number>();
      for (const side of [0, 1] as const) for (const r of rows[side]) if (cats[side].codes[r] >= 0) counts.set(cats[side].dictionary[cats[side].codes[r]], (counts.get(cats[side].dictionary[cats[side].codes[r]]) ?? 0) + 1);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, maxCategories).map(([k]) => k);
      // When the terms would cover every value they sum to 1 and can stand in for the intercept (weights
      // that carry no information, read as importance): the most frequent value, the best-estimated one,
      // is the reference instead.
      if (top.length === counts.size) top.shift();
      for (const value of top)
        terms.push({ name: `${name} = ${value}`, columns: [name], value: (row, side) => { const c = cats[side].codes[rows[side][row]]; return c >= 0 && cats[side].dictionary[c] === value ? 1 : 0; } });
    }
  }
  // pairwise products and squares of the first `interactions` numeric columns: correlation changes become visible
  const inter = numeric.slice(0, interactions);
  for (let i = 0; i < inter.length; i++)
    for (let j = i; j < inter.length; j++) {
      const [a, b] = [inter[i], inter[j]];
      terms.push({ name: i === j ? `${a.name}²` : `${a.name} × ${b.name}`, columns: i === j ? [a.name] : [a.name, b.name], value: (row, side) => a.get(row, side) * b.get(row, side) });
    }
  return terms;
}

export default defineBaselineEvaluator({
  id: "drift.classifier",
  version: "1.0.0",
  title: "Multivariate drift (domain classifier)",
  description: [
    "Trains a classifier to tell baseline rows (0) from current rows (1); if it can, the data changed — also when no single feature shows it (e.g. a correlation flips).",
    "Design: numeric columns standardised on the pooled sample (missing → 0 plus an 'is missing' term), 0/1 terms for the maxCategories most frequent values of categorical columns",
    "(when those are all its values, the most frequent is the reference and has no term, so the terms cannot stand in for the intercept),",
    "and the pairwise products and squares of the first `interactions` numeric columns. Model: L2-regularised logistic regression (gradient descent, 200 iterations).",
    "auc = mean ROC AUC over `folds`-fold cross-validation (rows shuffled with the seeded PRNG); drift when auc > threshold (default 0.6).",
    "importance per column = Σ |coefficient|·std(term) of the terms using it (standardised coefficients; a product term shared by its two columns), averaged over folds, as a share of the total; the top features are the columns.",
    "Each side is sampled to at most maxRows rows (seeded) and the result says so.",
  ],
  columns: "any",
  config: z.object({
    threshold: z.number().min(0.5).max(1).default(0.6).describe("drift when cross-validated AUC > threshold"),
    folds: z.number().int().min(2).max(10).default(5),
    maxRows: z.number().int().min(100).max(200_000).default(5000).describe("rows sampled per side"),
    maxCategories: z.number().int().min(1).max(50).default(10),
    interactions: z.number().int().min(0).max(20).default(8).describe("numeric columns whose pairwise products are terms"),
    topFeatures: z.number().int().min(1).max(50).default(5),
    seed: z.number().int().min(0).default(7),
    columns: z.array(z.string()).optional(),
  }),
  evaluate({ current, baseline, config, columns: cols, contract }) {
    if (!baseline) return notApplicable("a baseline is required", { auc: null });
    const text = new Set((contract?.features ?? []).filter((f) => f.type === "text").map((f) => f.name));
    const names = (config.columns ?? cols).filter((c) => !text.has(c));
    const rand = seededRandom(config.seed);
    const rows: [Int32Array, Int32Array] = [pickRows(baseline.length, config.maxRows, rand), pickRows(current.length, config.maxRows, rand)];
    if (rows[0].length < config.folds * 2 || rows[1].length < config.folds * 2) return notApplicable(`too few rows (need ≥ ${config.folds * 2} per side)`, { auc: null });
    const terms = designTerms([baseline, current], names, rows, config.maxCategories, config.interactions);
    if (!terms.length) return notApplicable("no numeric or categorical column in both baseline and current", { auc: null });
    const n = rows[0].length + rows[1].length;
    const d = terms.length;
    const x = new Float64Array(n * d);
    const y = new Uint8Array(n);
    let i = 0;
    for (const side of [0, 1] as const)
      for (let r = 0; r < rows[side].length; r++, i++) {
        y[i] = side;
        for (let k = 0; k < d; k++) x[i * d + k] = terms[k].value(r, side);
      }
    // a term's spread: a rare category's 0/1 term has a large, noisy coefficient but moves few rows
    const spread = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      let s1 = 0, s2 = 0;
      for (let r = 0; r < n; r++) {
        const v = x[r * d + k];
        s1 += v;
        s2 += v * v;
      }
      spread[k] = Math.sqrt(Math.max(s2 / n - (s1 / n) ** 2, 0));
    }
    const order = Int32Array.from({ length: n }, (_, k) => k);
    partialShuffle(order, n, rand);
    const importance = new Map<string, number>();
    let aucSum = 0;
    for (let f = 0; f < config.folds; f++) {
      const test = order.filter((_, k) => k % config.folds === f);
      const train = order.filter((_, k) => k % config.folds !== f);
      const xt = new Float64Array(train.length * d);
      const yt = new Uint8Array(train.length);
      train.forEach((r, k) => {
        xt.set(x.subarray(r * d, r * d + d), k * d);
        yt[k] = y[r];
      });
      const model = fitLogistic(xt, yt, d);
      const scores = Float64Array.from(test, (r) => predictLogistic(model, x, d, r));
      aucSum += rocAuc(binarySweep(scores, Uint8Array.from(test, (r) => y[r])));
      terms.forEach((t, k) => t.columns.forEach((c) => importance.set(c, (importance.get(c) ?? 0) + (Math.abs(model.weights[k]) * spread[k]) / t.columns.length)));
    }
    const auc = aucSum / config.folds;
    const total = [...importance.values()].reduce((a, b) => a + b, 0) || 1;
    const drift = auc > config.threshold;
    const top = [...importance.entries()].sort((a, b) => b[1] - a[1]).slice(0, config.topFeatures);
    const columns: ColumnResult[] = top.map(([column, w]) => ({ column, status: drift ? "fail" : "pass", metrics: { importance: w / total }, details: { drift } }));
    const sampled = rows[0].length < baseline.length || rows[1].length < current.length;
    const notes = [`${config.folds}-fold cross-validated AUC ${auc.toFixed(3)} on ${d} terms (threshold ${config.threshold})`];
    if (sampled) notes.push(`sampled ${rows[0].length.toLocaleString("en-US")} of ${baseline.length.toLocaleString("en-US")} baseline and ${rows[1].length.toLocaleString("en-US")} of ${current.length.toLocaleString("en-US")} current rows (seed ${config.seed})`);
    return { status: drift ? "fail" : "pass", metrics: { auc, drift: drift ? 1 : 0, terms: d, rows_baseline: rows[0].length, rows_current: rows[1].length }, columns, notes };
  },
});

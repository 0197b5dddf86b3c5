import { defineBaselineEvaluator, notApplicable, partialShuffle, seededRandom, symmetricEigen, toCategorical, z, type ColumnResult, type Frame } from "../../sdk";

/** Encodes rows of a frame as vectors: numeric columns standardised on the baseline (missing → mean), one-hot top categories. */
function encoder(baseline: Frame, names: string[], maxCategories: number) {
  const parts: { name: string; encode: (f: Frame, row: number, out: Float64Array, at: number) => void; width: number }[] = [];
  for (const name of names) {
    const col = baseline.features[name];
    if (!col) continue;
    if (col.type === "numeric") {
      let s = 0, s2 = 0, n = 0;
      for (const v of col.values)
        if (Number.isFinite(v)) {
          s += v;
          s2 += v * v;
          n++;
        }
      if (n < 2) continue;
      const mean = s / n;
      const sd = Math.sqrt(Math.max(s2 / n - mean * mean, 0)) || 1;
      parts.push({ name, width: 1, encode: (f, row, out, at) => { const c = f.features[name]; const v = c?.type === "numeric" ? c.values[row] : NaN; out[at] = Number.isFinite(v) ? (v - mean) / sd : 0; } });
    } else {
      const cat = toCategorical(col);
      const counts = new Float64Array(cat.dictionary.length);
      for (const c of cat.codes) if (c >= 0) counts[c]++;
      const top = [...counts.keys()].sort((a, b) => counts[b] - counts[a]).slice(0, maxCategories).filter((k) => counts[k] > 0).map((k) => cat.dictionary[k]);
      const index = new Map(top.map((v, i) => [v, i]));
      parts.push({ name, width: top.length, encode: (f, row, out, at) => { const c = f.features[name] ? toCategorical(f.features[name]) : null; for (let k = 0; k < top.length; k++) out[at + k] = 0; const code = c ? c.codes[row] : -1; const hit = code >= 0 ? index.get(c!.dictionary[code]) : undefined; if (hit !== undefined) out[at + hit] = 1; } });
    }
  }
  const d = parts.reduce((s, p) => s + p.width, 0);
  return { d, parts, encode(f: Frame, row: number, out: Float64Array) {
      let at = 0;
      for (const p of parts) {
        p.encode(f, row, out, at);
        at += p.width;
      }
    },
  };
}

export default defineBaselineEvaluator({
  id: "drift.reconstruction",
  version: "1.0.0",
  title: "Multivariate drift (PCA reconstruction error)",
  description: [
    "NannyML's data reconstruction drift. Rows are encoded as numeric columns standardised on the baseline (missing → 0) and one-hot terms for the maxCategories most frequent baseline values.",
    "PCA is fitted on the baseline (centred; eigenvectors of the covariance, cyclic Jacobi), keeping the fewest components that explain ≥ varianceExplained (0.65) of the variance.",
    "reconstruction_error of a set of rows = mean Euclidean distance between a row and its projection back from the components.",
    "Band: the baseline is cut into `chunks` chunks; mean ± sigmas·std (population) of their errors. The window is cut into `chunks` chunks too; a chunk alerts outside the band.",
    "Drift (fail) when the whole window's error or any chunk's is outside the band. Correlation changes that no single feature shows raise the error. Sides above maxRows rows are sampled (seeded; said in notes).",
  ],
  columns: "any",
  config: z.object({
    varianceExplained: z.number().gt(0).lt(1).default(0.65),
    chunks: z.number().int().min(2).max(100).default(10),
    sigmas: z.number().positive().max(10).default(3),
    maxCategories: z.number().int().min(1).max(50).default(10),
    maxRows: z.number().int().min(100).max(1_000_000).default(100_000),
    seed: z.number().int().min(0).default(11),
    columns: z.array(z.string()).optional(),
  }),
  evaluate({ current, baseline, config, columns: cols }) {
    if (!baseline) return notApplicable("a baseline is required", { reconstruction_error: null });
    const enc = encoder(baseline, config.columns ?? cols, config.maxCategories);
    const d = enc.d;
    if (d < 2) return notApplicable("needs at least two encoded columns", { reconstruction_error: null });
    const rand = seededRandom(config.seed);
    const notes: string[] = [];
    const pick = (n: number, side: string) => {
      const idx = Int32Array.from({ length: n }, (_, i) => i);
      if (n <= config.maxRows) return idx;
      partialShuffle(idx, config.maxRows, rand);
      notes.push(`sampled ${config.maxRows.toLocaleString("en-US")} of ${n.toLocaleString("en-US")} ${side} rows (seed ${config.seed}), order kept`);
      return idx.slice(0, config.maxRows).sort();
    };
    const bRows = pick(baseline.length, "baseline");
    const cRows = pick(current.length, "current");
    if (bRows.length < config.chunks * 2 || cRows.length < config.chunks) return notApplicable("too few rows", { reconstruction_error: null });
    const row = new Float64Array(d);
    const mean = new Float64Array(d);
    const cov = new Float64Array(d * d);
    for (const r of bRows) {
      enc.encode(baseline, r, row);
      for (let k = 0; k < d; k++) mean[k] += row[k];
    }
    for (let k = 0; k < d; k++) mean[k] /= bRows.length;
    for (const r of bRows) {
      enc.encode(baseline, r, row);
      for (let i = 0; i < d; i++) {
        const ai = row[i] - mean[i];
        for (let j = i; j < d; j++) cov[i * d + j] += ai * (row[j] - mean[j]);
      }
    }
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) cov[j * d + i] = cov[i * d + j] /= bRows.length - 1;
    const { values, vectors } = symmetricEigen(cov, d);
    const totalVar = values.reduce((s, v) => s + Math.max(v, 0), 0);
    let keep = 0;
    for (let acc = 0; keep < d && acc < config.varianceExplained * totalVar; keep++) acc += Math.max(values[keep], 0);
    const proj = new Float64Array(keep);
    const errorOf = (f: Frame, rows: Int32Array, from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) {
        enc.encode(f, rows[i], row);
        for (let k = 0; k < d; k++) row[k] -= mean[k];
        proj.fill(0);
        for (let c = 0; c < keep; c++) for (let k = 0; k < d; k++) proj[c] += row[k] * vectors[k * d + c];
        let e = 0;
        for (let k = 0; k < d; k++) {
          let back = 0;
          for (let c = 0; c < keep; c++) back += proj[c] * vectors[k * d + c];
          e += (row[k] - back) ** 2;
        }
        sum += Math.sqrt(e);
      }
      return sum / (to - from);
    };
    const chunkErrors = (f: Frame, rows: Int32Array) => Array.from({ length: config.chunks }, (_, k) => errorOf(f, rows, Math.floor((k * rows.length) / config.chunks), Math.floor(((k + 1) * rows.length) / config.chunks)));
    const ref = chunkErrors(baseline, bRows);
    const m = ref.reduce((a, b) => a + b, 0) / ref.length;
    const sd = Math.sqrt(ref.reduce((a, b) => a + (b - m) ** 2, 0) / ref.length);
    const lower = m - config.sigmas * sd;
    const upper = m + config.sigmas * sd;
    const cur = chunkErrors(current, cRows);
    const whole = errorOf(current, cRows, 0, cRows.length);
    const columns: ColumnResult[] = cur.map((e, k) => ({ column: `chunk ${k + 1}`, status: e < lower || e > upper ? "fail" : "pass", metrics: { reconstruction_error: e, lower, upper } }));
    const drift = whole < lower || whole > upper || columns.some((c) => c.status === "fail");
    notes.unshift(`${keep} of ${d} components explain ≥ ${config.varianceExplained} of the baseline variance; band ${lower.toFixed(3)}–${upper.toFixed(3)}`);
    return {
      status: drift ? "fail" : "pass",
      metrics: { reconstruction_error: whole, baseline_error: m, lower, upper, components: keep, alerting_chunks: columns.filter((c) => c.status === "fail").length, drift: drift ? 1 : 0 },
      columns,
      notes,
    };
  },
});

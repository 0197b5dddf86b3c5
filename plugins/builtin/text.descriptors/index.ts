import { DRIFT_TESTS, defineBaselineEvaluator, notApplicable, numericColumn, toCategorical, worstStatus, z, type ColumnResult, type Frame } from "../../sdk";

const WORD = /[\p{L}\p{N}']+/gu;
const LETTER = /\p{L}/u;
const SPACE = /\s/u;
const TERMINAL = /[.!?…)"'»\]}`]$/u;

interface Descriptors {
  length_chars: Float64Array;
  length_words: Float64Array;
  non_letter_share: Float64Array;
  oov_share: Float64Array;
  empty: number;
  truncated: number;
  matches: number[];
  rows: number;
}

function describe(frame: Frame, name: string, vocabulary: Set<string> | null, patterns: RegExp[], truncatedFrom: number): Descriptors {
  const col = toCategorical(frame.features[name]);
  const texts: string[] = [];
  let empty = 0;
  for (let i = 0; i < col.codes.length; i++) {
    const t = col.codes[i] < 0 ? "" : col.dictionary[col.codes[i]];
    if (t.trim() === "") empty++;
    else texts.push(t);
  }
  const n = texts.length;
  const d: Descriptors = {
    length_chars: new Float64Array(n),
    length_words: new Float64Array(n),
    non_letter_share: new Float64Array(n),
    oov_share: new Float64Array(n),
    empty,
    truncated: 0,
    matches: patterns.map(() => 0),
    rows: col.codes.length,
  };
  texts.forEach((t, i) => {
    const chars = [...t];
    let visible = 0;
    let nonLetter = 0;
    for (const ch of chars)
      if (!SPACE.test(ch)) {
        visible++;
        if (!LETTER.test(ch)) nonLetter++;
      }
    const words = (t.toLowerCase().match(WORD) ?? []) as string[];
    d.length_chars[i] = chars.length;
    d.length_words[i] = words.length;
    d.non_letter_share[i] = visible ? nonLetter / visible : 0;
    d.oov_share[i] = vocabulary && words.length ? words.filter((w) => !vocabulary.has(w)).length / words.length : NaN;
    if (chars.length >= truncatedFrom && !TERMINAL.test(t.trimEnd())) d.truncated++;
    patterns.forEach((p, k) => {
      p.lastIndex = 0;
      if (p.test(t)) d.matches[k]++;
    });
  });
  return d;
}

function finiteMean(a: Float64Array): number | null {
  let s = 0;
  let n = 0;
  for (const v of a)
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  return n ? s / n : null;
}

function vocabularyOf(frame: Frame, name: string): Set<string> {
  const col = toCategorical(frame.features[name]);
  const used = new Uint8Array(col.dictionary.length);
  for (const c of col.codes) if (c >= 0) used[c] = 1;
  const vocab = new Set<string>();
  col.dictionary.forEach((t, i) => {
    if (used[i]) for (const w of t.toLowerCase().match(WORD) ?? []) vocab.add(w);
  });
  return vocab;
}

export default defineBaselineEvaluator({
  id: "text.descriptors",
  version: "1.0.0",
  title: "Text descriptors (prompts, answers)",
  description: [
    "For text columns (the contract's text columns, or `columns`), computed locally (no model): per non-empty text, length_chars (Unicode code points), length_words",
    "(runs of letters, digits and apostrophes), non_letter_share (non-letter share of the non-space characters) and oov_share (share of words absent from the baseline's vocabulary).",
    "Per column: empty_share (missing or blank / rows), truncated_share (texts of ≥ truncatedFrom characters not ending in . ! ? … or a closing quote/bracket),",
    "and per configured pattern (regex, case-insensitive; a keyword is a pattern) match_share_<name>. Each descriptor's mean in baseline and current, and its drift by the",
    "two-sample KS test (scipy ks_2samp; drift when p_value < threshold). Descriptors are columns named '<column>.<descriptor>'; a column fails when any descriptor drifts.",
  ],
  columns: "categorical",
  config: z.object({
    columns: z.array(z.string()).default([]).describe("text columns (default: the contract's text columns)"),
    patterns: z.array(z.object({ name: z.string().regex(/^[a-z0-9_]+$/), pattern: z.string().min(1).max(500) })).default([]).describe("regex / keyword matches to count"),
    truncatedFrom: z.number().int().min(1).default(200),
    threshold: z.number().min(0).max(1).default(0.05).describe("KS drift when p_value < threshold"),
  }),
  evaluate({ current, baseline, config, contract }) {
    if (!baseline) return notApplicable("a baseline is required");
    const names = config.columns.length ? config.columns : (contract?.features ?? []).filter((f) => f.type === "text").map((f) => f.name);
    if (!names.length) return notApplicable("no text column: set columns or mark them as text in the feature contract");
    let patterns: RegExp[];
    try {
      patterns = config.patterns.map((p) => new RegExp(p.pattern, "iu"));
    } catch (e) {
      return notApplicable(`invalid pattern: ${(e as Error).message}`);
    }
    const out: ColumnResult[] = [];
    for (const name of names) {
      if (!current.features[name] || !baseline.features[name]) {
        out.push({ column: name, status: "n/a", metrics: {}, details: { skipped: !current.features[name] ? "column not in current data" : "column not in baseline" } });
        continue;
      }
      const vocab = vocabularyOf(baseline, name);
      const b = describe(baseline, name, vocab, patterns, config.truncatedFrom);
      const c = describe(current, name, vocab, patterns, config.truncatedFrom);
      const shares: Record<string, number> = {
        empty_share: c.rows ? c.empty / c.rows : 0,
        truncated_share: c.rows ? c.truncated / c.rows : 0,
        ...Object.fromEntries(config.patterns.map((p, k) => [`match_share_${p.name}`, c.rows ? c.matches[k] / c.rows : 0])),
      };
      const descriptorColumns: ColumnResult[] = (["length_chars", "length_words", "non_letter_share", "oov_share"] as const).map((key) => {
        const ks = DRIFT_TESTS.ks(numericColumn(b[key]), numericColumn(c[key]), { threshold: config.threshold });
        const mb = finiteMean(b[key]);
        const mc = finiteMean(c[key]);
        const reasons: Record<string, string> = { ...(ks.reasons ?? {}) };
        if (mb === null) reasons.mean_baseline = "no non-empty text";
        if (mc === null) reasons.mean_current = "no non-empty text";
        return {
          column: `${name}.${key}`,
          status: ks.drift === null ? "n/a" : ks.drift ? "fail" : "pass",
          metrics: { mean_baseline: mb, mean_current: mc, ...ks.metrics },
          ...(Object.keys(reasons).length ? { reasons } : {}),
          details: { test: "ks", threshold: config.threshold, drift: ks.drift },
        };
      });
      out.push({ column: name, status: worstStatus(descriptorColumns.map((d) => d.status)), metrics: shares, details: { descriptors: descriptorColumns.length } }, ...descriptorColumns);
    }
    const drifted = out.filter((c) => c.column.includes(".") && c.status === "fail").length;
    return { status: worstStatus(out.map((c) => c.status)), metrics: { text_columns: names.length, drifted_descriptors: drifted }, columns: out };
  },
});

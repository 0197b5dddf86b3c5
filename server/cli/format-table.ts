/** Plain-text rendering of an evaluation result for `--format table`. */
import type { EvaluationResult } from "@/server/evaluation/runner";

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e7) ? v.toExponential(4) : v.toPrecision(6).replace(/\.?0+$/, "");
}

function pad(rows: string[][]): string {
  const w: number[] = [];
  for (const r of rows) r.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]))).join("  ")).join("\n") + "\n";
}

export function formatTable(r: EvaluationResult): string {
  let out = `${r.plugin}@${r.version}\n`;
  for (const c of r.cohorts) {
    out += `\n== cohort ${c.key ? `${c.key}=` : ""}${c.cohort}  status ${c.status}  n ${c.n}\n`;
    for (const n of c.notes ?? []) out += `   note: ${n}\n`;
    const m = Object.entries(c.metrics);
    if (m.length) out += pad(m.map(([k, v]) => [`   ${k}`, fmt(v) + (v === null && c.reasons?.[k] ? `  (${c.reasons[k]})` : "")]));
    if (c.columns.length) {
      out += "\n";
      out += pad([
        ["   column", "status", "metrics"],
        ...c.columns.map((col) => [
          `   ${col.column}`,
          col.status,
          Object.entries(col.metrics)
            .map(([k, v]) => `${k}=${fmt(v)}`)
            .join(" ") + (col.details?.test ? `  [${String(col.details.test)}]` : ""),
        ]),
      ]);
    }
  }
  return out;
}

/** What evaluator and comparison cells share when frozen into a report and drawn there. */
import type { ResultStatus, SnapshotCell } from "../reports/types";
import type { HtmlKit, RunCellInput, RunCellStart, RunStartKit, SnapshotKit } from "./define";
import type { SelectionOverride } from "./selection-schema";

/** An evaluator-like cell starting a run: queued with its config, plugin and resolved selection. */
export async function startCompute(
  cell: { pluginId: string; pluginVersion?: string; config: Record<string, unknown>; selection?: SelectionOverride },
  selection: unknown,
  kit: RunStartKit,
): Promise<RunCellStart> {
  return { status: "queued", pluginRef: await kit.pluginRef(cell.pluginId, cell.pluginVersion), config: cell.config, selection };
}
import { isPairedComparison, type PairedComparisonOutput } from "../evaluation/result-schema";
import { pairedHtml } from "./comparison/paired-html";
import { comparisonDeltas } from "../charts/specs/deltas";

export function snapshotCompute(c: RunCellInput, base: SnapshotCell, kit: SnapshotKit): SnapshotCell {
  kit.noteSelection(c.selection);
  base.selection = kit.compact(c.selection);
  if (c.config && Object.keys(c.config).length) base.config = kit.compact(c.config) as Record<string, unknown>;
  if (c.result && typeof c.result === "object") {
    const r = c.result as { a?: unknown; b?: unknown; status?: ResultStatus };
    if (isPairedComparison(c.result)) {
      base.paired = kit.compact(c.result) as PairedComparisonOutput;
      kit.notePlugin(`${c.result.plugin}@${c.result.version}`);
    } else if (c.type === "comparison" && r.a && r.b) {
      const a = kit.evaluation(r.a);
      const b = kit.evaluation(r.b);
      if (a && b) base.comparison = { a, b, status: r.status ?? "n/a" };
      for (const e of [a, b]) if (e?.plugin) kit.notePlugin(`${e.plugin}@${e.version}`);
    } else {
      base.evaluation = kit.evaluation(c.result);
      if (base.evaluation?.plugin) kit.notePlugin(`${base.evaluation.plugin}@${base.evaluation.version}`);
    }
  }
  if (c.pluginRef) kit.notePlugin(c.pluginRef, { ifNone: true });
  return base;
}

export function computeHtml(cell: SnapshotCell, kit: HtmlKit): string {
  let body = "";
  if (cell.paired) body = pairedHtml(cell.paired, kit);
  else if (cell.evaluation) body = kit.cohortTable(cell.evaluation);
  else if (cell.comparison)
    body = kit.cohortTable(cell.comparison.a, cell.comparison.a.label ?? "A") + kit.cohortTable(cell.comparison.b, cell.comparison.b.label ?? "B") + deltaTableHtml(cell.comparison, kit);
  return kit.card(cell, kit.figures(cell), body);
}

/** B − A and B / A per cohort and metric of an unpaired comparison (no test: independent samples). */
function deltaTableHtml(c: NonNullable<SnapshotCell["comparison"]>, kit: HtmlKit): string {
  const rows = comparisonDeltas(c.a, c.b);
  if (!rows.length) return "";
  const a = c.a.label ?? "A";
  const b = c.b.label ?? "B";
  const num = (v: number) => (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : Number(v.toPrecision(3)).toString());
  const body = rows
    .map((r) => `<tr><td>${kit.esc(r.cohort)}</td><td>${kit.esc(kit.metricLabel(r.metric))}</td><td class="eb-num">${kit.esc(kit.formatMetric(r.metric, r.a))}</td><td class="eb-num">${kit.esc(kit.formatMetric(r.metric, r.b))}</td><td class="eb-num">${kit.esc(`${r.delta > 0 ? "+" : ""}${num(r.delta)}`)}</td><td class="eb-num">${r.ratio === null ? "—" : kit.esc(`${num(r.ratio)}×`)}</td></tr>`)
    .join("");
  const title = `${b} vs ${a}: differences (independent samples, no test of significance)`;
  return `<div class="eb-table" role="region" aria-label="${kit.esc(title)}" tabindex="0"><table><caption>${kit.esc(title)}</caption><thead><tr><th>Cohort</th><th>Metric</th><th>A</th><th>B</th><th>B − A</th><th>B / A</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

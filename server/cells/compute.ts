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
  else if (cell.comparison) body = kit.cohortTable(cell.comparison.a, cell.comparison.a.label ?? "A") + kit.cohortTable(cell.comparison.b, cell.comparison.b.label ?? "B");
  return kit.card(cell, kit.figures(cell), body);
}

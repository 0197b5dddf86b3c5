import { ChartCellEditor } from "../_components/cell-editors";
import { CellResult } from "../_components/cell-result";
import { defineCellUI } from "./define";

export const chartCellUI = defineCellUI<"chart">({
  type: "chart",
  badge: "plain",
  compute: false,
  needsSource: true,
  label: (cell) => cell.title || `Chart of ${cell.sourceCellId}`,
  create: ({ id, source }) => (source ? { id, type: "chart", sourceCellId: source.id, mark: "auto" } : "A chart draws an evaluator or comparison cell above it: add one first."),
  dependsOn: (cell) => cell.sourceCellId,
  Summary: ({ cell }) => (
    <p className="text-xs text-zinc-600">
      Draws <span className="font-mono">{cell.sourceCellId}</span>
      {cell.metric ? (
        <>
          {" "}
          · metric <span className="font-mono">{cell.metric}</span>
        </>
      ) : (
        " · the evaluator's own charts"
      )}{" "}
      · {cell.mark}
    </p>
  ),
  Result: ({ result, source }) => <CellResult result={result} config={source?.config} source={source?.result} />,
  Editor: ({ cell, ctx, onChange }) => <ChartCellEditor cell={cell} sources={ctx.sources} workspaceSlug={ctx.workspaceSlug} notebookId={ctx.notebookId} onChange={onChange} />,
});

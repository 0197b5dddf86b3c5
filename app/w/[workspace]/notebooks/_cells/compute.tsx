/** What evaluator and comparison cells share in the editor: header, summary, editor, save merge. */
import { Badge } from "@/app/_components/ui/badge";
import { ComputeCellEditor } from "../_components/cell-editors";
import { CellResult } from "../_components/cell-result";
import { describeReference, describeWindow } from "@/server/format/selection";
import type { Selection } from "../_components/types";
import type { CellContext, ComputeCellView, CellTypeUI, ResultProps } from "./define";

export function firstPlugin(ctx: { model: { task: string }; evaluators: { id: string; kind: string }[] }, prefix = "quality"): string {
  const usable = ctx.evaluators.filter((e) => (prefix === "compare") === (e.kind === "comparison"));
  return usable.find((e) => e.id.startsWith(`${prefix}.${ctx.model.task}`))?.id ?? usable[0]?.id ?? "";
}

export const computeParts = {
  badge: "info",
  compute: true,
  label: (cell: ComputeCellView, evaluators: { id: string; title: string }[]) => cell.title || evaluators.find((e) => e.id === cell.pluginId)?.title || cell.pluginId,
  fromSaved: <C extends ComputeCellView>(local: C, saved: C): C => ({ ...local, issue: saved.issue }),
  HeaderExtra: ({ cell }: { cell: ComputeCellView }) => (
    <>
      <span className="hidden font-mono text-xs text-zinc-500 sm:inline">{cell.pluginId}</span>
      {cell.issue && (
        <Badge tone="warn" title={cell.issue}>
          config issue
        </Badge>
      )}
    </>
  ),
  Summary: ({ cell, ctx }: { cell: ComputeCellView; ctx: CellContext }) => <ComputeSummary cell={cell} defaults={ctx.defaults} />,
  Result: ({ result, config }: ResultProps) => <CellResult result={result} config={config} />,
  Editor: <C extends ComputeCellView>({ cell, ctx, onChange }: { cell: C; ctx: CellContext; onChange: (c: C) => void }) => (
    // comparison plugins (compare.*) pair two versions: offered in comparison cells only
    <ComputeCellEditor cell={cell} evaluators={cell.type === "comparison" ? ctx.evaluators : ctx.evaluators.filter((e) => e.kind !== "comparison")} model={ctx.model} defaults={ctx.defaults} lastResult={ctx.lastResult} onChange={(c) => onChange(c as C)} />
  ),
} satisfies Partial<CellTypeUI<ComputeCellView>>;

function ComputeSummary({ cell, defaults }: { cell: ComputeCellView; defaults: Selection }) {
  const sel = { ...defaults, ...(cell.selection ?? {}) } as Selection;
  const custom = cell.selection && Object.keys(cell.selection).length > 0;
  const config = Object.entries(cell.config);
  return (
    <div className="space-y-1 text-xs text-zinc-600">
      {cell.type === "comparison" && (
        <p>
          <span className="font-medium text-zinc-800">A:</span> {cell.a.label ?? (cell.a.kind === "version" ? cell.a.version : describeWindow(cell.a.window))} ·{" "}
          <span className="font-medium text-zinc-800">B:</span> {cell.b.label ?? (cell.b.kind === "version" ? cell.b.version : describeWindow(cell.b.window))}
        </p>
      )}
      <p>
        {describeWindow(sel.window)} vs {describeReference(sel.reference)}
        {sel.cohortKeys.length ? ` · by ${sel.cohortKeys.join(", ")}` : ""}
        {custom ? " · own selection" : ""}
        {cell.columns?.length ? ` · ${cell.columns.length} feature${cell.columns.length > 1 ? "s" : ""}` : ""}
      </p>
      {config.length > 0 && (
        <p className="font-mono">
          {config
            .slice(0, 6)
            .map(([k, v]) => `${k}=${configValueText(v)}`)
            .join(" · ")}
        </p>
      )}
    </div>
  );
}

/** A config value in the one-line summary: lists joined, objects as `key: value` pairs (never "[object Object]"). */
export function configValueText(v: unknown): string {
  if (Array.isArray(v)) return v.map(configValueText).join("|");
  if (v && typeof v === "object")
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${configValueText(x)}`)
      .join(", ")}}`;
  return String(v);
}

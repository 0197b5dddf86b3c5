"use client";

/**
 * A cell's latest result under it on the notebook page: the run it came from and when, stale marks
 * with what changed, new predictions since, a run computing it now — then the same result view as
 * the run page (the cell type's Result), or one summary line when collapsed.
 */
import Link from "next/link";
import { isComparison, isEvaluation, type EvaluationLike } from "@/server/charts/specs";
import { Badge } from "@/app/_components/ui/badge";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";
import { cellUI } from "../_cells";
import { GuardrailLinkProvider } from "./guardrail-link";
import { metricColumns } from "./cell-result";
import { describeParameters, fmtMetric, fmtNum } from "./format";
import type { CellResultState, CellView } from "./types";

function evaluationLine(e: EvaluationLike): string {
  const all = e.cohorts.find((c) => c.cohort === "all") ?? e.cohorts[0];
  const cols = all?.columns ?? [];
  const count = (s: string) => cols.filter((c) => c.status === s).length;
  const parts = [`${e.cohorts.length} cohort${e.cohorts.length === 1 ? "" : "s"}`];
  if (cols.length) {
    const bad = [count("fail") && `${count("fail")} fail`, count("warn") && `${count("warn")} warn`].filter(Boolean).join(", ");
    parts.push(`${cols.length} feature${cols.length === 1 ? "" : "s"}${bad ? ` (${bad})` : ", all pass"}`);
  } else if (all) {
    // no per-feature rows (quality, cost…): the first few informative metrics of the overall cohort
    for (const m of metricColumns([all], 3)) parts.push(`${m} ${fmtMetric(m, all.metrics[m])}`);
  }
  const finding = cols.map((c) => (c.details as { finding?: unknown } | undefined)?.finding).find((f) => typeof f === "string");
  if (finding) parts.push(String(finding));
  return parts.join(" · ");
}

/** One line for a collapsed result. */
export function resultLine(result: unknown): string {
  if (isComparison(result)) return `A: ${evaluationLine(result.a)} | B: ${evaluationLine(result.b)}`;
  if (isEvaluation(result)) return evaluationLine(result);
  const points = (result as { points?: unknown[] } | null)?.points;
  return Array.isArray(points) ? `${points.length} point${points.length === 1 ? "" : "s"} drawn` : "result";
}

/**
 * The run a result came from and when, its status, stale mark, new data since, and a run computing
 * it now. `marks` = false leaves out the test ids (a second copy of the line, above the editor).
 */
function ResultMeta({ workspaceSlug, state, marks = true }: { workspaceSlug: string; state: CellResultState; marks?: boolean }) {
  const { latest, pending } = state;
  const id = (name: string) => (marks ? name : undefined);
  return (
    <>
      {pending && (
        <span className="inline-flex items-center gap-1" data-testid={id("cell-pending")}>
          <RunStatusBadge status={pending.status} />
          <Link className="hover:underline" href={`/w/${workspaceSlug}/runs/${pending.runId}`}>
            {pending.status === "running" ? "computing" : "waiting for a worker"}
          </Link>
        </span>
      )}
      {latest && (
        <>
          {latest.status === "failed" ? <RunStatusBadge status="failed" /> : <ResultBadge status={latest.resultStatus} />}
          {state.stale && (
            <Badge tone="warn" title={state.staleReasons.join("\n")}>
              <span data-testid={id("stale-mark")}>stale</span>
            </Badge>
          )}
          <span>
            from{" "}
            <Link className="font-medium text-zinc-700 hover:underline" href={`/w/${workspaceSlug}/runs/${latest.runId}`}>
              {latest.partial ? "a partial run" : "a run"}
            </Link>{" "}
            <RelativeTime value={latest.finishedAt ?? latest.runCreatedAt} />
            {latest.trigger !== "manual" && ` (${latest.trigger})`}
            {latest.parameters && ` with ${describeParameters(latest.parameters)}`}
          </span>
          {state.newPredictions ? <span data-testid={id("new-predictions")}>· {fmtNum(state.newPredictions)} new predictions since this result</span> : null}
        </>
      )}
    </>
  );
}

/**
 * While a cell's editor is open its result sits below the (tall) editor: this line, right under the
 * cell's header, shows the result's status and summary as it refreshes after a run.
 */
export function EditingResultLine({ workspaceSlug, cellId, state }: { workspaceSlug: string; cellId: string; state: CellResultState | undefined }) {
  if (!state?.latest && !state?.pending) return null;
  const latest = state.latest;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-zinc-100 bg-zinc-50/60 px-3 py-1.5 text-xs text-zinc-500" data-testid="editing-result-line" aria-live="polite">
      <span className="font-medium text-zinc-700">Last result:</span>
      <ResultMeta workspaceSlug={workspaceSlug} state={state} marks={false} />
      {latest && <span className="min-w-0 truncate text-zinc-700">· {latest.error ?? (latest.result !== null ? resultLine(latest.result) : "No result.")}</span>}
      <a className="ml-auto text-zinc-600 hover:text-zinc-900 hover:underline" href={`#result-${cellId}`}>
        See result ↓
      </a>
    </div>
  );
}

export function CellOutput({
  workspaceSlug,
  modelSlug,
  notebookId,
  cell,
  state,
  source,
  collapsed,
  editor,
  onToggleCollapsed,
}: {
  workspaceSlug: string;
  modelSlug: string;
  notebookId: string;
  cell: CellView;
  state: CellResultState | undefined;
  source: CellResultState | undefined;
  collapsed: boolean;
  editor: boolean;
  onToggleCollapsed: () => void;
}) {
  const ui = cellUI(cell.type);
  if (!ui.Result) return null;
  const latest = state?.latest;
  const pending = state?.pending;
  if (!latest && !pending)
    return (
      <p className="border-t border-zinc-100 px-3 py-2 text-xs text-zinc-500" data-testid="cell-output" data-state="empty">
        No result yet{editor ? " — run this cell (▶ or Shift+Enter)." : "."}
      </p>
    );
  return (
    <div id={`result-${cell.id}`} className="scroll-mt-20 border-t border-zinc-100" data-testid="cell-output" data-state={pending ? "pending" : state?.stale ? "stale" : "fresh"}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2 text-xs text-zinc-500">
        {state && <ResultMeta workspaceSlug={workspaceSlug} state={state} />}
        {latest && (
          <button type="button" className="ml-auto rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900" aria-expanded={!collapsed} onClick={onToggleCollapsed}>
            {collapsed ? "Show result" : "Collapse"}
          </button>
        )}
      </div>
      {latest && state?.stale && !collapsed && (
        <ul className="mx-3 mb-2 list-disc rounded-md border border-amber-200 bg-amber-50 py-1.5 pr-3 pl-7 text-xs text-amber-900" data-testid="stale-reasons" aria-label="Why this result is stale">
          {state.staleReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {latest && (collapsed ? (
        <p className="truncate px-3 pb-2 text-xs text-zinc-700" data-testid="result-line">
          {latest.error ?? (latest.result !== null ? resultLine(latest.result) : "No result.")}
        </p>
      ) : (
        <div className="space-y-3 px-3 pb-3" data-testid="cell-result">
          {latest.error && (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
              {latest.error}
            </p>
          )}
          {latest.result !== null && (
            <GuardrailLinkProvider value={editor && ui.compute ? { workspaceSlug, modelSlug, notebookId, cellId: cell.id } : null}>
              <ui.Result result={latest.result} config={latest.config} source={source?.latest ? { result: source.latest.result, config: source.latest.config } : undefined} />
            </GuardrailLinkProvider>
          )}
        </div>
      ))}
    </div>
  );
}

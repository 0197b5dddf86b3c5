"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button, ButtonLink } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { ProgressBar } from "@/app/_components/ui/progress";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";
import { useToast } from "@/app/_components/ui/toast";
import { useStartRun } from "./use-start-run";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { MarkdownView } from "./cell-editors";
import { cellUI } from "../_cells";
import { isPaired } from "@/server/charts/specs";
import { GuardrailLinkProvider } from "./guardrail-link";
import { PromoteButton } from "./promote-button";
import { describeParameters, fmtDateTime, fmtDuration } from "./format";
import type { CellView, RunCellView, RunView as Run } from "./types";

const PENDING = new Set(["queued", "running"]);

/** A run cell's name: its title, else what it computes — never an internal id alone. */
function runCellLabel(c: RunCellView): string {
  if (c.title) return c.title;
  const source = (c.config as { sourceCellId?: unknown }).sourceCellId;
  if (typeof source === "string") return `Chart of ${source}`;
  return c.pluginRef?.split("@")[0] ?? c.type;
}

function describeSelection(sel: RunCellView["selection"]): string | null {
  const one = (s: Record<string, unknown>) => {
    if (!s || !("from" in s)) return null;
    const ref = s.reference as { kind: string; baselineName?: string; from?: string; message?: string } | undefined;
    const refText = !ref ? "" : ref.kind === "baseline" ? ` vs baseline “${ref.baselineName}”` : ref.kind === "window" ? ` vs ${String(ref.from).slice(0, 10)} → …` : ref.kind === "missing" ? " (no baseline)" : "";
    const versions = (s.versions as string[] | undefined)?.join(", ");
    return `${String(s.from).slice(0, 16).replace("T", " ")} → ${String(s.to).slice(0, 16).replace("T", " ")} UTC${versions ? ` · ${versions}` : ""}${refText}`;
  };
  if ("a" in sel && "b" in sel) return `A: ${one(sel.a as unknown as Record<string, unknown>)} | B: ${one(sel.b as unknown as Record<string, unknown>)}`;
  return one(sel as Record<string, unknown>);
}

/** A run: live progress while it executes (polls every second), then each cell's results and charts. */
export function RunView({ workspaceSlug, initial, editor, actions }: { workspaceSlug: string; initial: Run; editor: boolean; actions?: React.ReactNode }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const startRun = useStartRun(workspaceSlug);
  const opts = trpc.notebook.getRun.queryOptions({ workspaceSlug, runId: initial.id });
  const q = useQuery({ ...opts, initialData: initial, staleTime: 0, refetchInterval: (query) => (PENDING.has(query.state.data?.status ?? "") ? 1000 : false) });
  const run = q.data;
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [rerunning, setRerunning] = useState(false);
  const pending = PENDING.has(run.status);
  // When a watched run finishes, re-render the server parts too (e.g. actions offered for finished runs).
  const wasPending = useRef(pending);
  useEffect(() => {
    if (wasPending.current && !pending) router.refresh();
    wasPending.current = pending;
  }, [pending, router]);
  const notebookHref = `/w/${workspaceSlug}/models/${run.model.slug}/notebooks/${run.notebookId}`;

  const cancel = useMutation(
    trpc.notebook.cancelRun.mutationOptions({
      onSuccess: async () => {
        toast.show("Run cancelled.");
        await qc.invalidateQueries({ queryKey: opts.queryKey });
      },
      onError: (e) => toast.show(messageOf(e), "error"),
      onSettled: () => setConfirmCancel(false),
    }),
  );
  async function rerun() {
    setRerunning(true);
    await startRun(run.notebookId);
    setRerunning(false);
  }

  const work = run.cells.filter((c) => c.type !== "markdown");
  const failed = work.filter((c) => c.status === "failed").length;
  const tone = run.status === "failed" ? "fail" : run.status === "succeeded" ? "pass" : run.status === "cancelled" ? "muted" : "info";
  const byCellId = new Map(run.cells.map((c) => [c.cellId, c]));

  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: run.model.slug, href: `/w/${workspaceSlug}/models/${run.model.slug}`, mono: true }, { label: run.notebookTitle, href: notebookHref }, { label: "run" }]} />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-2 text-lg font-semibold text-zinc-900">
            {run.notebookTitle}
            <RunStatusBadge status={run.status} labelled />
            {run.resultStatus && <ResultBadge status={run.resultStatus} labelled />}
          </h1>
          <p className="mt-0.5 text-sm text-zinc-500">
            {run.model.name} · {run.trigger} run by {run.triggeredBy} · <RelativeTime value={run.createdAt} /> · revision {run.notebookRevision}
            {run.durationMs !== null && <> · took {fmtDuration(run.durationMs)}</>}
          </p>
          {(run.partial || run.parameters) && (
            <p className="mt-0.5 text-sm text-zinc-500" data-testid="run-scope">
              {run.partial && <>Partial run: {run.cellIds?.length ?? 0} of the notebook&apos;s cells. </>}
              {run.parameters && <>Parameters: {describeParameters(run.parameters)}.</>}
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {!pending && actions}
          <ButtonLink variant="secondary" href={`${notebookHref}/trends`}>
            Trends
          </ButtonLink>
          <ButtonLink variant="secondary" href={notebookHref}>
            Open notebook
          </ButtonLink>
          {editor && pending && (
            <Button variant="danger" onClick={() => setConfirmCancel(true)}>
              Cancel run
            </Button>
          )}
          {editor && !pending && (
            <Button onClick={() => void rerun()} busy={rerunning}>
              Run again
            </Button>
          )}
        </div>
      </div>

      <section aria-label="Progress" className="rounded-lg border border-zinc-200 bg-white p-4">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
          <span className="font-medium text-zinc-900" data-testid="run-progress-text">
            {run.progress.done} of {run.progress.total} cells finished
            {run.progress.running > 0 && <span className="font-normal text-sky-700"> · {run.progress.running} computing</span>}
            {failed > 0 && <span className="font-normal text-red-700"> · {failed} failed</span>}
          </span>
          <span className="text-xs text-zinc-500 tabular-nums">{run.progress.percent}%</span>
        </div>
        <ProgressBar value={run.progress.percent} label="Run progress" tone={tone} />
        {run.error && <p className="mt-2 text-sm text-red-800">{run.error}</p>}
        <ol className="mt-3 grid gap-1 sm:grid-cols-2" data-testid="cell-statuses">
          {work.map((c) => (
            <li key={c.id} className="flex min-w-0 items-center gap-2 text-xs">
              <RunStatusBadge status={c.status} labelled />
              <a href={`#run-cell-${c.cellId}`} className="min-w-0 truncate text-zinc-700 hover:underline">
                {runCellLabel(c)}
              </a>
              {c.resultStatus && <ResultBadge status={c.resultStatus} labelled />}
              <span className="ml-auto shrink-0 text-zinc-400 tabular-nums">{c.durationMs !== null ? fmtDuration(c.durationMs) : ""}</span>
            </li>
          ))}
        </ol>
      </section>

      <div className="space-y-4">
        {run.cells.map((c) => {
          const ui = cellUI(c.type as CellView["type"]);
          if (!ui.Result) return c.html ? <MarkdownView key={c.id} html={c.html} className="px-1" /> : null;
          const sel = describeSelection(c.selection);
          const sourceId = (c.config as { sourceCellId?: unknown }).sourceCellId;
          const source = typeof sourceId === "string" ? byCellId.get(sourceId) : undefined;
          return (
            <section key={c.id} id={`run-cell-${c.cellId}`} data-testid="run-cell" data-status={c.status} className="scroll-mt-20 rounded-lg border border-zinc-200 bg-white">
              <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-4 py-2.5">
                <h2 className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900">{runCellLabel(c)}</h2>
                {c.pluginRef && <span className="hidden font-mono text-xs text-zinc-500 sm:inline">{c.pluginRef}</span>}
                <RunStatusBadge status={c.status} labelled />
                {c.resultStatus && <ResultBadge status={c.resultStatus} labelled />}
                {c.candidate && c.status === "succeeded" && isPaired(c.result) && (
                  <PromoteButton
                    workspaceSlug={workspaceSlug}
                    source={{ kind: "run", runId: run.id }}
                    cellId={c.cellId}
                    modelSlug={run.model.slug}
                    candidate={c.candidate}
                    versions={run.model.versions}
                    result={c.result}
                    editor={editor}
                  />
                )}
              </header>
              <div className="space-y-3 p-4">
                {sel && <p className="text-xs text-zinc-500">{sel}</p>}
                {c.error && (
                  <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
                    {c.error}
                  </p>
                )}
                {PENDING.has(c.status) && (
                  <p className="text-sm text-zinc-500">
                    {c.status === "running" ? `Computing${c.workerId ? ` on ${c.workerId}` : ""}… started ${c.startedAt ? fmtDateTime(c.startedAt) : ""}` : "Waiting for a worker…"}
                  </p>
                )}
                {c.result !== null && (
                  <GuardrailLinkProvider value={editor && ui.compute ? { workspaceSlug, modelSlug: run.model.slug, notebookId: run.notebookId, cellId: c.cellId } : null}>
                    <ui.Result result={c.result} config={c.config} source={source ? { result: source.result, config: source.config } : undefined} />
                  </GuardrailLinkProvider>
                )}
              </div>
            </section>
          );
        })}
      </div>

      <ConfirmDialog open={confirmCancel} title="Cancel this run?" confirmLabel="Cancel run" busy={cancel.isPending} onCancel={() => setConfirmCancel(false)} onConfirm={() => cancel.mutate({ workspaceSlug, runId: run.id })}>
        Cells still waiting or computing stop; finished cells keep their results.
      </ConfirmDialog>
    </div>
  );
}

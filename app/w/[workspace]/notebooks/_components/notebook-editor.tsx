"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Drawer } from "@/app/_components/ui/drawer";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button, ButtonLink } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Input, Textarea } from "@/app/_components/ui/input";
import { Section } from "@/app/_components/ui/section";
import { useToast } from "@/app/_components/ui/toast";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { cellUI, isComputeCell as isCompute } from "../_cells";
import type { ComputeCellView } from "../_cells/define";
import { CellCard } from "./cell-card";
import { CellOutput, EditingResultLine } from "./cell-output";
import { ShortcutSheet } from "./shortcut-sheet";
import { AddCell, SaveIndicator, SelectionSummary, type SaveState } from "./editor-parts";
import { HistoryDrawer } from "./history-drawer";
import { JsonDocumentButton } from "./json-drawer";
import { useAutosave } from "./use-autosave";
import { useStartRun } from "./use-start-run";
import { QueueHealthPanel } from "./queue-health";
import { RecentRuns } from "./recent-runs";
import { SchedulePanel } from "./schedule-panel";
import { SelectionEditor } from "./selection-editor";
import type { CellView, EvaluatorInfo, NotebookView } from "./types";


function newId() {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return `c${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The set with `id` added, or removed when it was in (a cell's open or collapsed state). */
function toggled(set: Set<string>, id: string): Set<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}

function cellLabel(c: CellView, evaluators: EvaluatorInfo[]): string {
  return cellUI(c.type).label(c, evaluators);
}

export function NotebookEditor({ workspaceSlug, initial, editor }: { workspaceSlug: string; initial: NotebookView; editor: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const startRun = useStartRun(workspaceSlug);
  const notebookId = initial.id;
  // The document, saved as it is edited; other people's changes are taken silently when nothing is unsaved, a conflict otherwise.
  const { doc, revision, state, stateRef, error, adopt, flush, edit, remote, getOpts } = useAutosave({ workspaceSlug, initial, editor });
  const evaluatorsQuery = useQuery(trpc.evaluators.list.queryOptions({ workspaceSlug }, { staleTime: 300_000 }));
  const evaluators = evaluatorsQuery.data ?? [];
  const model = remote.model;
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [editingDefaults, setEditingDefaults] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [toDelete, setToDelete] = useState<CellView | null>(null);
  const [running, setRunning] = useState(false);
  const [focusCell, setFocusCell] = useState<string | null>(null);
  const [runningCells, setRunningCells] = useState<Set<string>>(new Set());
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);

  // Each cell's latest result: polled every second while a run computes one of them.
  const resultsOpts = trpc.notebook.cellResults.queryOptions({ workspaceSlug, notebookId });
  const results = useQuery({ ...resultsOpts, refetchInterval: (q) => (q.state.data?.some((r) => r.pending) ? 1000 : 15_000) });
  const resultByCell = new Map((results.data ?? []).map((r) => [r.cellId, r]));
  // A saved change (config, defaults) can make results stale: ask again at each new revision.
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: resultsOpts.queryKey });
  }, [revision, qc, resultsOpts.queryKey]);

  // Notebook-wide keys: Ctrl/⌘+S saves now, "?" opens the shortcut sheet.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void flush().then((ok) => toast.show(ok ? "Saved." : "Not saved: see the message above.", ok ? "info" : "error"));
        return;
      }
      const t = e.target as HTMLElement | null;
      const typing = t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
      if (e.key === "?" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setShortcutsOpen(true);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [flush, toast]);

  useEffect(() => {
    if (!focusCell) return;
    document.getElementById(`cell-${focusCell}`)?.focus();
    setFocusCell(null);
  }, [focusCell, doc.cells]);

  async function reload() {
    const nb = await qc.fetchQuery({ ...getOpts, staleTime: 0 });
    adopt(nb);
    toast.show(`Reloaded revision ${nb.revision}.`, "info");
  }

  // ── Cell operations (local, then autosaved as the whole ordered list) ──
  const setCell = (id: string, next: CellView) => edit((d) => ({ ...d, cells: d.cells.map((c) => (c.id === id ? next : c)) }));
  function move(id: string, delta: number) {
    edit((d) => {
      const i = d.cells.findIndex((c) => c.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= d.cells.length) return d;
      const cells = [...d.cells];
      const [c] = cells.splice(i, 1);
      cells.splice(j, 0, c!);
      return { ...d, cells };
    });
    setFocusCell(id);
  }
  function duplicate(id: string) {
    const copyId = newId();
    edit((d) => {
      const i = d.cells.findIndex((c) => c.id === id);
      const copy = structuredClone(d.cells[i]!) as CellView;
      copy.id = copyId;
      if ("title" in copy && copy.title) copy.title = `${copy.title} (copy)`;
      const cells = [...d.cells];
      cells.splice(i + 1, 0, copy);
      return { ...d, cells };
    });
    setExpanded((s) => new Set(s).add(copyId));
    setFocusCell(copyId);
  }
  function remove(cell: CellView) {
    const dependents = doc.cells.filter((c) => cellUI(c.type).dependsOn?.(c) === cell.id);
    if (dependents.length) {
      toast.show(`A chart draws this cell (${dependents.map((c) => ("title" in c && c.title) || c.id).join(", ")}); delete or repoint it first.`, "error");
      return;
    }
    setToDelete(cell);
  }
  function add(type: CellView["type"], index: number) {
    const id = newId();
    const source = [...doc.cells.slice(0, index)].reverse().find((c): c is ComputeCellView => isCompute(c));
    const cell = cellUI(type).create({ id, model, evaluators, source });
    if (typeof cell === "string") {
      toast.show(cell, "error");
      return;
    }
    edit((d) => {
      const cells = [...d.cells];
      cells.splice(index, 0, cell);
      return { ...d, cells };
    });
    setExpanded((s) => new Set(s).add(id));
    setFocusCell(id);
  }

  async function run() {
    setRunning(true);
    await startRun(notebookId, () => readyToRun(null));
    setRunning(false);
  }

  /**
   * Saves first; then a cell whose settings the evaluator rejects would only fail: say which and why
   * instead of running (from the server's check of the saved notebook). False when the run must not start.
   */
  async function readyToRun(cellIds: string[] | null): Promise<boolean> {
    if (!(await flush())) {
      if ((stateRef.current as SaveState) === "conflict") toast.show("Resolve the conflict first: reload the notebook.", "error");
      else toast.show("Save the notebook before running it.", "error");
      return false;
    }
    const saved = await qc.fetchQuery({ ...getOpts, staleTime: 0 });
    const bad = saved.cells.filter((c) => (!cellIds || cellIds.includes(c.id)) && "issue" in c && c.issue);
    if (!bad.length) return true;
    const first = bad[0]!;
    toast.show(`Fix “${cellLabel(first, evaluators)}” first — its settings are invalid: ${"issue" in first ? first.issue : ""}${bad.length > 1 ? ` (and ${bad.length - 1} more cell${bad.length > 2 ? "s" : ""})` : ""}`, "error");
    return false;
  }

  async function deleteNotebook() {
    setDeleting(true);
    try {
      await client.notebook.delete.mutate({ workspaceSlug, notebookId });
      toast.show(`Notebook “${doc.title}” deleted.`);
      router.push(`/w/${workspaceSlug}/models/${model.slug}/notebooks`);
    } catch (err) {
      toast.show(messageOf(err), "error");
      setDeleting(false);
      setConfirmDelete(false);
    }
  }

  /** Runs some cells as a queued partial run and stays on the page; their results appear under them. */
  async function runCells(cellIds: string[], queuedMessage: string) {
    setRunningCells(new Set(cellIds));
    try {
      if (!(await readyToRun(cellIds))) return;
      const res = await client.notebook.run.mutate({ workspaceSlug, notebookId, cells: cellIds });
      toast.show(res.warning ?? queuedMessage, "info");
      await Promise.all([qc.invalidateQueries({ queryKey: resultsOpts.queryKey }), qc.invalidateQueries({ queryKey: trpc.notebook.runs.pathKey() })]);
    } catch (err) {
      toast.show(messageOf(err), "error");
    } finally {
      setRunningCells(new Set());
      // ▶ is disabled while the run is queued, which drops its focus: give it back to the cell so
      // Shift+Enter and the arrow keys keep working without a click.
      if (!document.activeElement || document.activeElement === document.body) document.getElementById(`cell-${cellIds[0]}`)?.focus();
    }
  }
  function focusSibling(index: number, delta: number) {
    const next = doc.cells[index + delta];
    if (next) document.getElementById(`cell-${next.id}`)?.focus();
  }
  const runnable = (c: CellView) => Boolean(cellUI(c.type).Result);
  const allCollapsed = doc.cells.filter(runnable).every((c) => collapsed.has(c.id));

  const computeBefore = (index: number) => doc.cells.slice(0, index).filter(isCompute);
  const canRun = doc.cells.some(isCompute);

  return (
    <div className="space-y-4">
      <Breadcrumbs
        items={[
          { label: "Models", href: `/w/${workspaceSlug}/models` },
          { label: model.slug, href: `/w/${workspaceSlug}/models/${model.slug}`, mono: true },
          { label: "Notebooks", href: `/w/${workspaceSlug}/models/${model.slug}/notebooks` },
        ]}
      />

      {state === "conflict" && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <span>Someone else changed this notebook — reload to see their changes. Your unsaved edits will be lost.</span>
          <Button variant="secondary" size="sm" onClick={() => void reload()}>
            Reload
          </Button>
        </div>
      )}
      {state === "error" && error && (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          <span>Not saved: {error}</span>
          <Button variant="secondary" size="sm" onClick={() => void flush()}>
            Retry
          </Button>
        </div>
      )}

      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          {editor ? (
            <Input
              aria-label="Notebook title"
              value={doc.title}
              onChange={(e) => edit((d) => ({ ...d, title: e.target.value }))}
              className="h-auto border-transparent px-1 py-0.5 text-lg font-semibold hover:border-zinc-300"
            />
          ) : (
            <h1 className="text-lg font-semibold">{doc.title}</h1>
          )}
          <p className="mt-0.5 px-1 text-sm text-zinc-500">
            {model.name} · revision {revision} · <SaveIndicator state={state} />
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="ghost" onClick={() => setShortcutsOpen(true)} aria-label="Keyboard shortcuts (?)" title="Keyboard shortcuts (?)">
            ?
          </Button>
          <Button variant="secondary" onClick={() => setCollapsed(allCollapsed ? new Set() : new Set(doc.cells.filter(runnable).map((c) => c.id)))}>
            {allCollapsed ? "Expand results" : "Compact results"}
          </Button>
          <Button variant="secondary" onClick={() => setHistoryOpen(true)}>
            History
          </Button>
          <JsonDocumentButton
            workspaceSlug={workspaceSlug}
            notebookId={notebookId}
            modelSlug={model.slug}
            editor={editor && state !== "conflict"}
            beforeOpen={flush}
            onSaved={async () => {
              adopt(await qc.fetchQuery({ ...getOpts, staleTime: 0 }));
              await qc.invalidateQueries();
            }}
          />
          <ButtonLink variant="secondary" href={`/w/${workspaceSlug}/models/${model.slug}/notebooks/${notebookId}/trends`}>
            Trends
          </ButtonLink>
          {editor && (
            <Button onClick={() => void run()} busy={running} disabled={!canRun || state === "conflict"} title={canRun ? undefined : "Add an evaluator cell first"}>
              Run notebook
            </Button>
          )}
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Section
            id="defaults"
            title="Data selection defaults"
            description="The notebook's parameters: every cell uses them unless it sets its own. Changing one marks those cells' results stale; a run can override them from the API or a schedule."
            actions={
              editor && (
                <Button size="sm" variant="ghost" onClick={() => setEditingDefaults((v) => !v)} aria-expanded={editingDefaults}>
                  {editingDefaults ? "Done" : "Edit"}
                </Button>
              )
            }
          >
            {editingDefaults ? (
              <SelectionEditor idPrefix="defaults" value={doc.defaults} model={model} onChange={(defaults) => edit((d) => ({ ...d, defaults }))} />
            ) : (
              <SelectionSummary s={doc.defaults} />
            )}
            {editor && (
              <div className="mt-3">
                <label htmlFor="nb-description" className="mb-1 block text-xs font-medium text-zinc-700">
                  Description
                </label>
                <Textarea id="nb-description" rows={2} value={doc.description} onChange={(e) => edit((d) => ({ ...d, description: e.target.value }))} />
              </div>
            )}
          </Section>

          {doc.cells.length === 0 && (
            <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-10 text-center">
              <p className="text-sm font-semibold text-zinc-900">This notebook has no cells yet</p>
              <p className="mx-auto mt-1 max-w-md text-sm text-zinc-600">Add a markdown cell to explain what it checks, then an evaluator cell to compute something.</p>
            </div>
          )}

          <ol className="space-y-3" aria-label="Cells">
            {editor && (
              <li>
                <AddCell onAdd={(t) => add(t, 0)} canChart={false} />
              </li>
            )}
            {doc.cells.map((cell, index) => {
              const open = expanded.has(cell.id);
              const sources = computeBefore(index).map((c) => ({ id: c.id, label: `${cellLabel(c, evaluators)} (${c.id})` }));
              return (
                <li key={cell.id} className="space-y-3">
                  <CellCard
                    cell={cell}
                    index={index}
                    count={doc.cells.length}
                    open={open}
                    editor={editor}
                    ctx={{ workspaceSlug, notebookId, evaluators, model, defaults: doc.defaults, sources, lastResult: resultByCell.get(cell.id)?.latest?.result }}
                    onMove={(delta) => move(cell.id, delta)}
                    onDuplicate={() => duplicate(cell.id)}
                    onDelete={() => remove(cell)}
                    onToggle={() => setExpanded((s) => toggled(s, cell.id))}
                    onChange={(c) => setCell(cell.id, c)}
                    onRun={runnable(cell) ? () => void runCells([cell.id], "Queued: the result appears under the cell.") : undefined}
                    onRunFromHere={
                      runnable(cell) && doc.cells.slice(index + 1).some(runnable)
                        ? () => void runCells(doc.cells.slice(index).filter(runnable).map((c) => c.id), "Queued: each result appears under its cell.")
                        : undefined
                    }
                    running={runningCells.has(cell.id)}
                    editingLine={<EditingResultLine workspaceSlug={workspaceSlug} cellId={cell.id} state={resultByCell.get(cell.id)} />}
                    onFocusSibling={(delta) => focusSibling(index, delta)}
                    output={
                      <CellOutput
                        workspaceSlug={workspaceSlug}
                        modelSlug={model.slug}
                        notebookId={notebookId}
                        cell={cell}
                        state={resultByCell.get(cell.id)}
                        source={(() => {
                          const from = cellUI(cell.type).dependsOn?.(cell);
                          return from ? resultByCell.get(from) : undefined;
                        })()}
                        collapsed={collapsed.has(cell.id)}
                        editor={editor}
                        onToggleCollapsed={() => setCollapsed((s) => toggled(s, cell.id))}
                      />
                    }
                  />
                  {editor && <AddCell onAdd={(t) => add(t, index + 1)} canChart={computeBefore(index + 1).length > 0} />}
                </li>
              );
            })}
          </ol>
        </div>

        <aside className="min-w-0 space-y-4">
          <RecentRuns workspaceSlug={workspaceSlug} notebookId={notebookId} />
          <SchedulePanel workspaceSlug={workspaceSlug} notebookId={notebookId} schedule={remote.schedule} editor={editor} />
          <QueueHealthPanel workspaceSlug={workspaceSlug} />
          {editor && (
            <div className="flex justify-end">
              <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(true)}>
                Delete notebook…
              </Button>
            </div>
          )}
        </aside>
      </div>

      <ConfirmDialog open={confirmDelete} title="Delete this notebook?" confirmLabel="Delete notebook" busy={deleting} onCancel={() => setConfirmDelete(false)} onConfirm={() => void deleteNotebook()}>
        {`“${doc.title}”, its version history, runs and schedule are deleted. Reports already made from its runs stay.`}
      </ConfirmDialog>
      <Drawer open={shortcutsOpen} title="Keyboard shortcuts" onClose={() => setShortcutsOpen(false)}>
        <ShortcutSheet />
      </Drawer>
      <HistoryDrawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        workspaceSlug={workspaceSlug}
        notebookId={notebookId}
        currentRevision={revision}
        editor={editor && state !== "conflict"}
        beforeRestore={flush}
        onRestored={(nb) => {
          adopt(nb);
          setHistoryOpen(false);
        }}
      />
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this cell?"
        confirmLabel="Delete cell"
        onCancel={() => setToDelete(null)}
        onConfirm={() => {
          const id = toDelete!.id;
          edit((d) => ({ ...d, cells: d.cells.filter((c) => c.id !== id) }));
          setToDelete(null);
        }}
      >
        {toDelete && `“${cellLabel(toDelete, evaluators)}” is removed from the notebook. The history keeps earlier revisions, so you can restore it.`}
      </ConfirmDialog>
    </div>
  );
}

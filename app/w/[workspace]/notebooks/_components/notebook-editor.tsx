"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "../../../../_trpc/client";
import { messageOf } from "../../../../_trpc/errors";
import { Badge } from "../../../../_components/ui/badge";
import { Button, ButtonLink } from "../../../../_components/ui/button";
import { ConfirmDialog } from "../../../../_components/ui/confirm-dialog";
import { cx } from "../../../../_components/ui/cx";
import { Input, Textarea } from "../../../../_components/ui/input";
import { Section } from "../../../../_components/ui/section";
import { useToast } from "../../../../_components/ui/toast";
import { ChartCellEditor, ComputeCellEditor, MarkdownEditor, MarkdownView } from "./cell-editors";
import { describeReference, describeWindow } from "./format";
import { HistoryDrawer } from "./history-drawer";
import { QueueHealthPanel } from "./queue-health";
import { RecentRuns } from "./recent-runs";
import { SchedulePanel } from "./schedule-panel";
import { SelectionEditor } from "./selection-editor";
import type { CellInput, CellView, EvaluatorInfo, NotebookView, Selection } from "./types";

type Doc = { title: string; description: string; defaults: Selection; cells: CellView[] };
type SaveState = "saved" | "dirty" | "saving" | "conflict" | "error";

function newId() {
  const bytes = new Uint8Array(5);
  crypto.getRandomValues(bytes);
  return `c${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function toInput(c: CellView): CellInput {
  const { html: _h, issue: _i, ...rest } = c as CellView & { html?: string; issue?: string | null };
  return rest as CellInput;
}

function isCompute(c: CellView): c is Extract<CellView, { type: "evaluator" | "comparison" }> {
  return c.type === "evaluator" || c.type === "comparison";
}

function cellLabel(c: CellView, evaluators: EvaluatorInfo[]): string {
  if (c.type === "markdown") return "Markdown";
  if (c.type === "chart") return c.title || `Chart of ${c.sourceCellId}`;
  return c.title || evaluators.find((e) => e.id === c.pluginId)?.title || c.pluginId;
}

const DEBOUNCE_MS = 800;

export function NotebookEditor({ workspaceSlug, initial, editor }: { workspaceSlug: string; initial: NotebookView; editor: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const notebookId = initial.id;
  const getOpts = trpc.notebook.get.queryOptions({ workspaceSlug, notebookId });
  // Polls for other people's changes: taken silently when nothing is unsaved, a conflict otherwise.
  const remote = useQuery({ ...getOpts, initialData: initial, refetchInterval: 15_000, refetchOnWindowFocus: true, staleTime: 5_000 });
  const evaluatorsQuery = useQuery(trpc.evaluators.list.queryOptions({ workspaceSlug }, { staleTime: 300_000 }));
  const evaluators = evaluatorsQuery.data ?? [];
  const model = remote.data.model;

  const [doc, setDoc] = useState<Doc>(() => ({ title: initial.title, description: initial.description, defaults: initial.defaults, cells: initial.cells }));
  const [revision, setRevision] = useState(initial.revision);
  const [state, setState] = useState<SaveState>("saved");
  const [error, setError] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [editingDefaults, setEditingDefaults] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [toDelete, setToDelete] = useState<CellView | null>(null);
  const [running, setRunning] = useState(false);
  const [focusCell, setFocusCell] = useState<string | null>(null);

  const docRef = useRef(doc);
  docRef.current = doc;
  const revRef = useRef(revision);
  const stateRef = useRef(state);
  stateRef.current = state;
  const editSeq = useRef(0);
  const savedSeq = useRef(0);
  const inflight = useRef<Promise<boolean> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const adopt = useCallback((nb: NotebookView) => {
    setDoc({ title: nb.title, description: nb.description, defaults: nb.defaults, cells: nb.cells });
    revRef.current = nb.revision;
    setRevision(nb.revision);
    savedSeq.current = editSeq.current;
    setState("saved");
    setError(null);
  }, []);

  const flush = useCallback(async (): Promise<boolean> => {
    clearTimeout(timer.current);
    if (stateRef.current === "conflict") return false;
    if (inflight.current) {
      await inflight.current;
      if (savedSeq.current === editSeq.current) return true;
    }
    if (savedSeq.current === editSeq.current) return true;
    const seq = editSeq.current;
    const d = docRef.current;
    setState("saving");
    const p = (async () => {
      try {
        const res = await client.notebook.save.mutate({
          workspaceSlug,
          notebookId,
          expectedRevision: revRef.current,
          title: d.title.trim() || "Untitled notebook",
          description: d.description,
          defaults: d.defaults,
          cells: d.cells.map(toInput),
        });
        revRef.current = res.revision;
        setRevision(res.revision);
        savedSeq.current = seq;
        const byId = new Map(res.cells.map((c) => [c.id, c]));
        setDoc((cur) => ({
          ...cur,
          cells: cur.cells.map((c) => {
            const s = byId.get(c.id);
            if (!s || s.type !== c.type) return c;
            if (c.type === "markdown" && s.type === "markdown") return s.source === c.source ? { ...c, html: s.html } : c;
            if (isCompute(c) && isCompute(s)) return { ...c, issue: s.issue };
            return c;
          }),
        }));
        qc.setQueryData(getOpts.queryKey, res);
        void qc.invalidateQueries({ queryKey: trpc.notebook.history.queryKey() });
        setError(null);
        setState(seq === editSeq.current ? "saved" : "dirty");
        return seq === editSeq.current;
      } catch (err) {
        const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
        if (code === "CONFLICT") setState("conflict");
        else {
          setState("error");
          setError(messageOf(err));
        }
        return false;
      } finally {
        inflight.current = null;
      }
    })();
    inflight.current = p;
    const ok = await p;
    const now = stateRef.current as SaveState;
    if (!ok && now !== "conflict" && now !== "error" && savedSeq.current !== editSeq.current) schedule();
    return ok;
  }, [client, workspaceSlug, notebookId]);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
  }, [flush]);

  const edit = useCallback(
    (fn: (d: Doc) => Doc) => {
      if (!editor) return;
      setDoc((d) => fn(d));
      editSeq.current++;
      if (stateRef.current !== "conflict") setState("dirty");
      schedule();
    },
    [editor, schedule],
  );

  // Someone else saved: take it when we have nothing unsaved, otherwise show the conflict banner.
  useEffect(() => {
    const nb = remote.data;
    if (!nb || nb.revision <= revRef.current) return;
    if (savedSeq.current === editSeq.current && !inflight.current) {
      adopt(nb);
      toast.show("This notebook was changed by someone else; showing their version.", "info");
    } else setState("conflict");
  }, [remote.data, adopt, toast]);

  // Unsaved changes survive neither a reload nor a tab close without asking.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (savedSeq.current !== editSeq.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, []);

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
      if (copy.type !== "markdown" && copy.title) copy.title = `${copy.title} (copy)`;
      const cells = [...d.cells];
      cells.splice(i + 1, 0, copy);
      return { ...d, cells };
    });
    setExpanded((s) => new Set(s).add(copyId));
    setFocusCell(copyId);
  }
  function remove(cell: CellView) {
    const dependents = doc.cells.filter((c) => c.type === "chart" && c.sourceCellId === cell.id);
    if (dependents.length) {
      toast.show(`A chart draws this cell (${dependents.map((c) => (c.type === "chart" ? c.title || c.id : c.id)).join(", ")}); delete or repoint it first.`, "error");
      return;
    }
    setToDelete(cell);
  }
  function add(type: CellView["type"], index: number) {
    const id = newId();
    const prod = model.versions.find((v) => v.stage === "production")?.label ?? model.versions[0]?.label ?? "";
    const other = model.versions.find((v) => v.label !== prod && v.stage !== "retired")?.label ?? prod;
    const firstPlugin = evaluators.find((e) => e.id.startsWith(`quality.${model.task}`))?.id ?? evaluators[0]?.id ?? "";
    const source = [...doc.cells.slice(0, index)].reverse().find(isCompute);
    let cell: CellView;
    if (type === "markdown") cell = { id, type, source: "## Notes\n\nWhat this section checks and why.", html: "" };
    else if (type === "evaluator") cell = { id, type, pluginId: firstPlugin, config: {}, issue: null };
    else if (type === "comparison")
      cell = { id, type, pluginId: firstPlugin, config: {}, a: { kind: "version", version: prod, label: `${prod} (production)` }, b: { kind: "version", version: other }, issue: null };
    else {
      if (!source) {
        toast.show("A chart draws an evaluator or comparison cell above it: add one first.", "error");
        return;
      }
      cell = { id, type: "chart", sourceCellId: source.id, mark: "auto" };
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
    try {
      if (!(await flush())) {
        if ((stateRef.current as SaveState) === "conflict") toast.show("Resolve the conflict first: reload the notebook.", "error");
        else toast.show("Save the notebook before running it.", "error");
        return;
      }
      const res = await client.notebook.run.mutate({ workspaceSlug, notebookId });
      if (res.warning) toast.show(res.warning, "info");
      router.push(`/w/${workspaceSlug}/runs/${res.runId}`);
    } catch (err) {
      toast.show(messageOf(err), "error");
    } finally {
      setRunning(false);
    }
  }

  const computeBefore = (index: number) => doc.cells.slice(0, index).filter(isCompute);
  const canRun = doc.cells.some(isCompute);

  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-xs text-zinc-500">
        <Link href={`/w/${workspaceSlug}/models`} className="hover:text-zinc-900 hover:underline">
          Models
        </Link>{" "}
        /{" "}
        <Link href={`/w/${workspaceSlug}/models/${model.slug}`} className="font-mono hover:text-zinc-900 hover:underline">
          {model.slug}
        </Link>{" "}
        /{" "}
        <Link href={`/w/${workspaceSlug}/models/${model.slug}/notebooks`} className="hover:text-zinc-900 hover:underline">
          Notebooks
        </Link>
      </nav>

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
          <Button variant="secondary" onClick={() => setHistoryOpen(true)}>
            History
          </Button>
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
            description="Every cell uses these unless it sets its own."
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
                  <article
                    id={`cell-${cell.id}`}
                    tabIndex={-1}
                    data-testid="notebook-cell"
                    data-cell-type={cell.type}
                    aria-label={`Cell ${index + 1}: ${cellLabel(cell, evaluators)}`}
                    onKeyDown={(e) => {
                      if (!editor || !e.altKey) return;
                      if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
                      e.preventDefault();
                      move(cell.id, e.key === "ArrowUp" ? -1 : 1);
                    }}
                    className="rounded-lg border border-zinc-200 bg-white focus:outline-2 focus:outline-sky-600"
                  >
                    <header className="flex flex-wrap items-center gap-2 border-b border-zinc-100 px-3 py-2">
                      <span className="text-xs text-zinc-400 tabular-nums">{index + 1}</span>
                      <Badge tone={cell.type === "markdown" ? "muted" : cell.type === "chart" ? "plain" : "info"}>{cell.type}</Badge>
                      <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-900">{cellLabel(cell, evaluators)}</span>
                      {isCompute(cell) && <span className="hidden font-mono text-xs text-zinc-500 sm:inline">{cell.pluginId}</span>}
                      {isCompute(cell) && cell.issue && <Badge tone="warn" title={cell.issue}>config issue</Badge>}
                      {editor && (
                        <div className="ml-auto flex items-center gap-0.5" role="group" aria-label="Cell actions">
                          <IconButton label="Move cell up (Alt+↑)" disabled={index === 0} onClick={() => move(cell.id, -1)}>
                            <Icon d={ICONS.up} />
                          </IconButton>
                          <IconButton label="Move cell down (Alt+↓)" disabled={index === doc.cells.length - 1} onClick={() => move(cell.id, 1)}>
                            <Icon d={ICONS.down} />
                          </IconButton>
                          <IconButton label="Duplicate cell" onClick={() => duplicate(cell.id)}>
                            <Icon d={ICONS.duplicate} />
                          </IconButton>
                          <IconButton label="Delete cell" onClick={() => remove(cell)}>
                            <Icon d={ICONS.delete} />
                          </IconButton>
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-expanded={open}
                            onClick={() =>
                              setExpanded((s) => {
                                const next = new Set(s);
                                if (next.has(cell.id)) next.delete(cell.id);
                                else next.add(cell.id);
                                return next;
                              })
                            }
                          >
                            {open ? "Done" : "Edit"}
                          </Button>
                        </div>
                      )}
                    </header>
                    <div className="p-3">
                      {cell.type === "markdown" ? (
                        open ? (
                          <MarkdownEditor cell={cell} onChange={(c) => setCell(cell.id, c)} />
                        ) : (
                          <MarkdownView html={cell.html} />
                        )
                      ) : cell.type === "chart" ? (
                        open ? (
                          <ChartCellEditor cell={cell} sources={sources} workspaceSlug={workspaceSlug} notebookId={notebookId} onChange={(c) => setCell(cell.id, c)} />
                        ) : (
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
                        )
                      ) : open ? (
                        <ComputeCellEditor cell={cell} evaluators={evaluators} model={model} defaults={doc.defaults} onChange={(c) => setCell(cell.id, c)} />
                      ) : (
                        <ComputeSummary cell={cell} defaults={doc.defaults} />
                      )}
                    </div>
                  </article>
                  {editor && <AddCell onAdd={(t) => add(t, index + 1)} canChart={computeBefore(index + 1).length > 0} />}
                </li>
              );
            })}
          </ol>
        </div>

        <aside className="min-w-0 space-y-4">
          <RecentRuns workspaceSlug={workspaceSlug} notebookId={notebookId} />
          <SchedulePanel workspaceSlug={workspaceSlug} notebookId={notebookId} schedule={remote.data.schedule} editor={editor} />
          <QueueHealthPanel workspaceSlug={workspaceSlug} />
        </aside>
      </div>

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

function SaveIndicator({ state }: { state: SaveState }) {
  const text = { saved: "All changes saved", dirty: "Unsaved changes…", saving: "Saving…", conflict: "Not saved (conflict)", error: "Not saved" }[state];
  return (
    <span data-testid="save-state" data-state={state} className={cx(state === "conflict" || state === "error" ? "text-red-700" : state === "saved" ? "text-zinc-500" : "text-sky-700")}>
      {text}
    </span>
  );
}

const ICONS = {
  up: "M12 19V5m0 0-6 6m6-6 6 6",
  down: "M12 5v14m0 0 6-6m-6 6-6-6",
  duplicate: "M8 8h11v11H8zM5 16V5h11",
  delete: "M6 6l12 12M18 6 6 18",
} as const;

function Icon({ d }: { d: string }) {
  return (
    <svg viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={d} />
    </svg>
  );
}

function IconButton({ label, children, ...rest }: React.ButtonHTMLAttributes<HTMLButtonElement> & { label: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className="inline-flex size-7 items-center justify-center rounded text-sm text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:text-zinc-300 disabled:hover:bg-transparent"
      {...rest}
    >
      {children}
    </button>
  );
}

function AddCell({ onAdd, canChart }: { onAdd: (t: CellView["type"]) => void; canChart: boolean }) {
  return (
    <div className="group flex flex-wrap items-center gap-1 text-xs text-zinc-400">
      <span className="mr-1">Add</span>
      {(["markdown", "evaluator", "chart", "comparison"] as const).map((t) => (
        <button
          key={t}
          type="button"
          disabled={t === "chart" && !canChart}
          title={t === "chart" && !canChart ? "A chart needs an evaluator cell above it" : undefined}
          onClick={() => onAdd(t)}
          className="rounded border border-dashed border-zinc-300 px-2 py-0.5 text-zinc-600 hover:border-zinc-500 hover:bg-white hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-40"
        >
          + {t}
        </button>
      ))}
    </div>
  );
}

function SelectionSummary({ s }: { s: Selection }) {
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
      <div>
        <dt className="text-xs text-zinc-500">Versions</dt>
        <dd className="font-mono text-xs">{s.versions.length ? s.versions.join(", ") : "production"}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Current window</dt>
        <dd>{describeWindow(s.window)}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Reference</dt>
        <dd>{describeReference(s.reference)}</dd>
      </div>
      <div>
        <dt className="text-xs text-zinc-500">Cohorts</dt>
        <dd>
          {s.cohortKeys.length ? <span className="font-mono text-xs">{s.cohortKeys.join(", ")}</span> : "all only"} <span className="text-xs text-zinc-500">(min {s.minCohortSize})</span>
        </dd>
      </div>
    </dl>
  );
}

function ComputeSummary({ cell, defaults }: { cell: Extract<CellView, { type: "evaluator" | "comparison" }>; defaults: Selection }) {
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
            .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : String(v)}`)
            .join(" · ")}
        </p>
      )}
    </div>
  );
}

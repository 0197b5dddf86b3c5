"use client";

/**
 * The notebook editor's document state and autosave: edits are saved (debounced) as the whole
 * ordered cell list with the revision they were based on; someone else's newer revision is taken
 * silently when nothing is unsaved, and is a conflict otherwise.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { useToast } from "@/app/_components/ui/toast";
import { cellUI } from "../_cells";
import type { SaveState } from "./editor-parts";
import type { CellInput, CellView, NotebookView, Selection } from "./types";

export type Doc = { title: string; description: string; defaults: Selection; cells: CellView[] };

const DEBOUNCE_MS = 800;

function toInput(c: CellView): CellInput {
  const { html: _h, issue: _i, ...rest } = c as CellView & { html?: string; issue?: string | null };
  return rest as CellInput;
}

/**
 * `remote`: the notebook as the server has it, polled for other people's changes; `getOpts`: its
 * query, for a fresh read (`qc.fetchQuery({ ...getOpts, staleTime: 0 })`).
 */
export function useAutosave({ workspaceSlug, initial, editor }: { workspaceSlug: string; initial: NotebookView; editor: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const toast = useToast();
  const notebookId = initial.id;
  const getOpts = trpc.notebook.get.queryOptions({ workspaceSlug, notebookId });
  const remote = useQuery({ ...getOpts, initialData: initial, refetchInterval: 15_000, refetchOnWindowFocus: true, staleTime: 5_000 }).data;
  const [doc, setDoc] = useState<Doc>(() => ({ title: initial.title, description: initial.description, defaults: initial.defaults, cells: initial.cells }));
  const [revision, setRevision] = useState(initial.revision);
  const [state, setState] = useState<SaveState>("saved");
  const [error, setError] = useState<string | null>(null);
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
            return cellUI(c.type).fromSaved?.(c, s) ?? c;
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
    const nb = remote;
    if (!nb || nb.revision <= revRef.current) return;
    if (savedSeq.current === editSeq.current && !inflight.current) {
      adopt(nb);
      toast.show("This notebook was changed by someone else; showing their version.", "info");
    } else setState("conflict");
  }, [remote, adopt, toast]);

  // Unsaved changes survive neither a reload nor a tab close without asking.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (savedSeq.current !== editSeq.current) e.preventDefault();
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, []);

  return { doc, revision, state, stateRef, error, adopt, flush, edit, remote, getOpts };
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Drawer } from "@/app/_components/ui/drawer";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { useToast } from "@/app/_components/ui/toast";
import type { NotebookView } from "./types";

/** The notebook's revisions, newest first; restoring writes the old state as a new revision. */
export function HistoryDrawer({
  open,
  onClose,
  workspaceSlug,
  notebookId,
  currentRevision,
  editor,
  beforeRestore,
  onRestored,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  notebookId: string;
  currentRevision: number;
  editor: boolean;
  beforeRestore: () => Promise<boolean>;
  onRestored: (nb: NotebookView) => void;
}) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const toast = useToast();
  const history = useQuery({ ...trpc.notebook.history.queryOptions({ workspaceSlug, notebookId, limit: 100 }), enabled: open });
  const [selected, setSelected] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const detail = useQuery({ ...trpc.notebook.revision.queryOptions({ workspaceSlug, notebookId, revision: selected ?? 1 }), enabled: open && selected !== null });

  async function restore(revision: number) {
    setBusy(true);
    try {
      if (!(await beforeRestore())) throw new Error("Your latest edits could not be saved; resolve that first.");
      const nb = await client.notebook.restore.mutate({ workspaceSlug, notebookId, expectedRevision: currentRevision, revision });
      toast.show(`Restored revision ${revision} as revision ${nb.revision}.`);
      setConfirm(null);
      setSelected(null);
      onRestored(nb);
    } catch (err) {
      toast.show(messageOf(err), "error");
      setConfirm(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open={open} onClose={onClose} title="Version history">
      {history.isLoading && <p className="text-sm text-zinc-500">Loading…</p>}
      {history.error && <p className="text-sm text-red-700">{messageOf(history.error)}</p>}
      {history.data && history.data.length === 0 && <p className="text-sm text-zinc-500">No revisions yet.</p>}
      <ol className="space-y-1" data-testid="history-list">
        {history.data?.map((r) => (
          <li key={r.revision}>
            <button
              type="button"
              onClick={() => setSelected(selected === r.revision ? null : r.revision)}
              aria-expanded={selected === r.revision}
              className="w-full rounded-md px-2 py-1.5 text-left hover:bg-zinc-50"
            >
              <div className="flex items-baseline justify-between gap-2">
                <span className="text-sm font-medium text-zinc-900">
                  Revision {r.revision}
                  {r.revision === currentRevision && <span className="ml-1 text-xs font-normal text-emerald-700">(current)</span>}
                </span>
                <RelativeTime value={r.createdAt} className="text-xs text-zinc-500" />
              </div>
              <p className="text-xs text-zinc-600">
                {r.summary} · {r.authorLabel} · {r.cellCount} cells
              </p>
            </button>
            {selected === r.revision && (
              <div className="mx-2 mb-2 rounded-md border border-zinc-200 bg-zinc-50 p-2 text-xs">
                {detail.isLoading && <p className="text-zinc-500">Loading…</p>}
                {detail.data && (
                  <>
                    <p className="font-medium text-zinc-800">{detail.data.title}</p>
                    <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-zinc-600">
                      {detail.data.cells.map((c) => (
                        <li key={c.id}>
                          {c.type}
                          {c.type !== "markdown" && c.title ? `: ${c.title}` : ""}
                          {(c.type === "evaluator" || c.type === "comparison") && <span className="font-mono"> ({c.pluginId})</span>}
                        </li>
                      ))}
                    </ol>
                  </>
                )}
                {editor && r.revision !== currentRevision && (
                  <Button size="sm" variant="secondary" className="mt-2" onClick={() => setConfirm(r.revision)}>
                    Restore this revision
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ol>
      <ConfirmDialog
        open={confirm !== null}
        title={`Restore revision ${confirm}?`}
        confirmLabel="Restore"
        tone="primary"
        busy={busy}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void restore(confirm!)}
      >
        The notebook goes back to revision {confirm}&apos;s title, defaults and cells, saved as a new revision. Nothing in the history is lost.
      </ConfirmDialog>
    </Drawer>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { fieldErrorsOf, messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { Checkbox, Field, Input, Textarea } from "@/app/_components/ui/input";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { useToast } from "@/app/_components/ui/toast";

interface CellOption {
  cellId: string;
  type: string;
  title: string;
}
interface RunbookOption {
  id: string;
  title: string;
  topicLabel: string;
}

/** Title, narrative (markdown), which cells to show and in what order, attached runbooks. */
export function ReportEditor(props: {
  workspaceSlug: string;
  id: string;
  title: string;
  narrative: string;
  cells: CellOption[];
  cellOrder: string[];
  runbooks: RunbookOption[];
  attached: string[];
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [title, setTitle] = useState(props.title);
  const [narrative, setNarrative] = useState(props.narrative);
  const [order, setOrder] = useState<string[]>(props.cellOrder);
  const [attached, setAttached] = useState<string[]>(props.attached);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useMutation(
    trpc.report.update.mutationOptions({
      onSuccess: () => {
        setErrors({});
        toast.show("Report saved.");
        router.refresh();
      },
      onError: (e) => {
        setErrors(fieldErrorsOf(e));
        toast.show(messageOf(e), "error");
      },
    }),
  );
  const del = useMutation(
    trpc.report.delete.mutationOptions({
      onSuccess: () => {
        toast.show("Report deleted; its share links no longer work.");
        router.push(`/w/${props.workspaceSlug}/reports`);
      },
      onError: (e) => toast.show(messageOf(e), "error"),
    }),
  );
  const byId = new Map(props.cells.map((c) => [c.cellId, c]));
  const hidden = props.cells.filter((c) => !order.includes(c.cellId));
  const move = (i: number, d: -1 | 1) =>
    setOrder((o) => {
      const n = [...o];
      const j = i + d;
      if (j < 0 || j >= n.length) return o;
      [n[i], n[j]] = [n[j]!, n[i]!];
      return n;
    });

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ workspaceSlug: props.workspaceSlug, id: props.id, title, narrative, cellOrder: order, runbookIds: attached });
      }}
    >
      <Field id="report-title" label="Title" error={errors.title}>
        <Input id="report-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} invalid={!!errors.title} />
      </Field>
      <Field id="report-narrative" label="Narrative (markdown)" hint="Shown under the summary. Sanitized: no scripts, no raw HTML beyond basic formatting.">
        <Textarea id="report-narrative" rows={6} value={narrative} onChange={(e) => setNarrative(e.target.value)} placeholder="What changed, what we decided, what happens next." />
      </Field>
      <fieldset className="min-w-0">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Cells shown, in order</legend>
        <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200" data-testid="cell-order">
          {order.map((id, i) => (
            <li key={id} className="flex items-center gap-2 px-2 py-1.5 text-sm">
              <span className="w-5 text-right text-xs text-zinc-600">{i + 1}</span>
              <span className="min-w-0 flex-1 truncate">
                {byId.get(id)?.title ?? id} <span className="text-xs text-zinc-600">{byId.get(id)?.type}</span>
              </span>
              <Button size="sm" variant="ghost" aria-label={`Move ${byId.get(id)?.title ?? id} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </Button>
              <Button size="sm" variant="ghost" aria-label={`Move ${byId.get(id)?.title ?? id} down`} disabled={i === order.length - 1} onClick={() => move(i, 1)}>
                ↓
              </Button>
              <Button size="sm" variant="ghost" aria-label={`Hide ${byId.get(id)?.title ?? id}`} onClick={() => setOrder((o) => o.filter((x) => x !== id))}>
                Hide
              </Button>
            </li>
          ))}
          {!order.length && <li className="px-2 py-2 text-xs text-zinc-500">No cell shown: the report has the summary only.</li>}
        </ol>
        {hidden.length > 0 && (
          <div className="mt-2 flex flex-wrap gap-1.5">
            {hidden.map((c) => (
              <Button key={c.cellId} size="sm" variant="secondary" onClick={() => setOrder((o) => [...o, c.cellId])}>
                + {c.title}
              </Button>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset className="min-w-0">
        <legend className="mb-1 text-xs font-medium text-zinc-700">Runbooks included</legend>
        {props.runbooks.length ? (
          <div className="flex flex-col gap-1">
            {props.runbooks.map((b) => (
              <Checkbox
                key={b.id}
                label={
                  <>
                    {b.title} <span className="text-xs text-zinc-600">{b.topicLabel}</span>
                  </>
                }
                checked={attached.includes(b.id)}
                onChange={(e) => setAttached((a) => (e.target.checked ? [...a, b.id] : a.filter((x) => x !== b.id)))}
              />
            ))}
          </div>
        ) : (
          <p className="text-xs text-zinc-500">This model has no runbooks yet.</p>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={save.isPending}>
          Save report
        </Button>
        <Button variant="danger" onClick={() => setConfirmDelete(true)}>
          Delete report
        </Button>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this report?"
        confirmLabel="Delete report"
        busy={del.isPending}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => del.mutate({ workspaceSlug: props.workspaceSlug, id: props.id })}
      >
        The report and all its share links are removed. Anyone holding a link gets “not found”.
      </ConfirmDialog>
    </form>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { Field, Textarea } from "@/app/_components/ui/input";

/** Acknowledge, comment, resolve with a note, and (confirm-mode red lines) "Roll back". */
export function IncidentActions({
  workspaceSlug,
  id,
  state,
  rollback,
}: {
  workspaceSlug: string;
  id: string;
  state: string;
  rollback: { status: string; fromVersion: string; toVersion: string; url: string } | null;
}) {
  const trpc = useTRPC();
  const { done, failed, toast, router } = useMutationFeedback();
  const [note, setNote] = useState("");
  const [comment, setComment] = useState("");
  const [confirmResolve, setConfirmResolve] = useState(false);
  const [confirmRollback, setConfirmRollback] = useState(false);
  const ack = useMutation(trpc.incident.acknowledge.mutationOptions({ onSuccess: done("Acknowledged."), onError: failed() }));
  const resolve = useMutation(
    trpc.incident.resolve.mutationOptions({
      onSuccess: done("Resolved.", () => {
        setConfirmResolve(false);
        setNote("");
      }),
      onError: failed(() => setConfirmResolve(false)),
    }),
  );
  const addComment = useMutation(trpc.incident.comment.mutationOptions({ onSuccess: done("Comment added.", () => setComment("")), onError: failed() }));
  const roll = useMutation(
    trpc.incident.rollback.mutationOptions({
      onSuccess: (r) => {
        setConfirmRollback(false);
        if (r.status === "succeeded") toast.show(`Rolled back (HTTP ${r.responseStatus}).`);
        else toast.show(`Rollback failed: ${r.error ?? r.status}. No stage was changed.`, "error");
        router.refresh();
      },
      onError: failed(() => setConfirmRollback(false)),
    }),
  );
  const active = state !== "resolved";

  return (
    <div className="space-y-4">
      {active && (
        <div className="flex flex-wrap gap-2">
          {state === "open" && (
            <Button onClick={() => ack.mutate({ workspaceSlug, id })} busy={ack.isPending} data-testid="acknowledge">
              Acknowledge
            </Button>
          )}
          {rollback?.status === "awaiting_confirmation" && (
            <Button variant="danger" onClick={() => setConfirmRollback(true)} data-testid="rollback">
              Roll back
            </Button>
          )}
        </div>
      )}
      {active && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (note.trim()) setConfirmResolve(true);
            else toast.show("Say how it was resolved: a note is required.", "error");
          }}
          className="space-y-2"
        >
          <Field id="resolve-note" label="Resolve with a note">
            <Textarea id="resolve-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What was wrong, what fixed it" />
          </Field>
          <Button type="submit" variant="secondary" data-testid="resolve">
            Resolve
          </Button>
        </form>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (comment.trim()) addComment.mutate({ workspaceSlug, id, body: comment });
        }}
        className="space-y-2"
      >
        <Field id="comment" label="Comment">
          <Textarea id="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Field>
        <Button type="submit" variant="secondary" busy={addComment.isPending}>
          Add comment
        </Button>
      </form>
      <ConfirmDialog
        open={confirmResolve}
        title="Resolve this incident?"
        confirmLabel="Resolve"
        tone="primary"
        busy={resolve.isPending}
        onConfirm={() => resolve.mutate({ workspaceSlug, id, note })}
        onCancel={() => setConfirmResolve(false)}
      >
        If the guardrail still breaches on the next runs, a new incident opens.
      </ConfirmDialog>
      {rollback && (
        <ConfirmDialog
          open={confirmRollback}
          title={`Roll back from ${rollback.fromVersion} to ${rollback.toVersion}?`}
          confirmLabel="Roll back"
          busy={roll.isPending}
          onConfirm={() => roll.mutate({ workspaceSlug, id })}
          onCancel={() => setConfirmRollback(false)}
        >
          The deployment system at <span className="font-mono break-all">{rollback.url}</span> is called once with a signed request. On a 2xx answer {rollback.toVersion} becomes production and {rollback.fromVersion} is retired.
        </ConfirmDialog>
      )}
    </div>
  );
}

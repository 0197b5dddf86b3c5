"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { useMutationFeedback } from "@/app/_trpc/use-mutation-feedback";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { GuardrailForm, type EditableGuardrail } from "./guardrail-form";

type EditContext = { modelSlug: string; guardrail: EditableGuardrail; notebooks: Parameters<typeof GuardrailForm>[0]["notebooks"]; runbooks: { id: string; title: string }[] };

export function GuardrailRowActions({ workspaceSlug, id, name, paused, edit }: { workspaceSlug: string; id: string; name: string; paused: boolean; edit: EditContext }) {
  const [editing, setEditing] = useState(false);
  const trpc = useTRPC();
  const { done, failed } = useMutationFeedback();
  const [confirm, setConfirm] = useState(false);
  const pause = useMutation(trpc.guardrail.setPaused.mutationOptions({ onSuccess: done(null), onError: failed() }));
  const remove = useMutation(trpc.guardrail.delete.mutationOptions({ onSuccess: done(`Deleted “${name}”.`, () => setConfirm(false)), onError: failed(() => setConfirm(false)) }));
  return (
    <>
    <div className="flex gap-1">
      <Button size="sm" variant="ghost" onClick={() => setEditing((v) => !v)} aria-expanded={editing} data-testid="edit-guardrail">
        Edit
      </Button>
      <Button size="sm" variant="ghost" busy={pause.isPending} onClick={() => pause.mutate({ workspaceSlug, id, paused: !paused })}>
        {paused ? "Resume" : "Pause"}
      </Button>
      <Button size="sm" variant="ghost" onClick={() => setConfirm(true)}>
        Delete
      </Button>
      <ConfirmDialog open={confirm} title={`Delete “${name}”?`} confirmLabel="Delete" busy={remove.isPending} onConfirm={() => remove.mutate({ workspaceSlug, id })} onCancel={() => setConfirm(false)}>
        Its states and incidents (with their timelines) are deleted too. Pausing keeps them.
      </ConfirmDialog>
    </div>
    {editing && (
      <div className="basis-full">
        <GuardrailForm
          workspaceSlug={workspaceSlug}
          modelSlug={edit.modelSlug}
          notebooks={edit.notebooks}
          runbooks={edit.runbooks}
          prefill={null}
          initial={edit.guardrail}
          onClose={() => setEditing(false)}
        />
      </div>
    )}
    </>
  );
}

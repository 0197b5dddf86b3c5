"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { useToast } from "@/app/_components/ui/toast";

/** Deletes the model after a confirmation that says what goes with it (admins only; the server checks too). */
export function DeleteModel({ workspaceSlug, slug, name }: { workspaceSlug: string; slug: string; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const del = useMutation(
    trpc.model.delete.mutationOptions({
      onSuccess: () => {
        toast.show(`Deleted ${name}.`);
        router.push(`/w/${workspaceSlug}/models`);
        router.refresh();
      },
      onError: (e) => {
        setOpen(false);
        toast.show(messageOf(e), "error");
      },
    }),
  );
  return (
    <section className="mt-8 rounded-lg border border-red-200 bg-white p-4" aria-labelledby="delete-model-title">
      <h2 id="delete-model-title" className="text-sm font-semibold text-red-800">
        Delete this model
      </h2>
      <p className="mt-1 text-sm text-zinc-700">Removes the model with its versions, predictions, labels, baselines, notebooks, runs, reports and guardrails. This cannot be undone.</p>
      <Button variant="danger" size="sm" className="mt-3" onClick={() => setOpen(true)}>
        Delete model…
      </Button>
      <ConfirmDialog open={open} title={`Delete ${name}?`} confirmLabel="Delete model" busy={del.isPending} onCancel={() => setOpen(false)} onConfirm={() => del.mutate({ workspaceSlug, slug })}>
        <p>
          Everything recorded for <strong>{slug}</strong> is deleted: predictions, labels, notebooks, runs, reports and guardrails. The audit trail keeps a record of the deletion.
        </p>
      </ConfirmDialog>
    </section>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { ConfirmDialog } from "@/app/_components/ui/confirm-dialog";
import { useToast } from "@/app/_components/ui/toast";

export function GuardrailRowActions({ workspaceSlug, id, name, paused }: { workspaceSlug: string; id: string; name: string; paused: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const pause = useMutation(trpc.guardrail.setPaused.mutationOptions({ onSuccess: () => router.refresh(), onError: (e) => toast.show(messageOf(e), "error") }));
  const remove = useMutation(
    trpc.guardrail.delete.mutationOptions({
      onSuccess: () => {
        setConfirm(false);
        toast.show(`Deleted “${name}”.`);
        router.refresh();
      },
      onError: (e) => {
        setConfirm(false);
        toast.show(messageOf(e), "error");
      },
    }),
  );
  return (
    <div className="flex gap-1">
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
  );
}

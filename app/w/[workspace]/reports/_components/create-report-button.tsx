"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { Button } from "@/app/_components/ui/button";
import { useToast } from "@/app/_components/ui/toast";

/** "Create report" on a finished run's page: freezes the run and opens the new report. */
export function CreateReportButton({ workspaceSlug, runId }: { workspaceSlug: string; runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const create = useMutation(
    trpc.report.create.mutationOptions({
      onSuccess: (r) => {
        toast.show("Report created: the run's results are frozen in it.");
        router.push(`/w/${workspaceSlug}/reports/${r.id}`);
      },
      onError: (e) => toast.show(messageOf(e), "error"),
    }),
  );
  return (
    <Button busy={create.isPending} onClick={() => create.mutate({ workspaceSlug, runId })}>
      Create report
    </Button>
  );
}

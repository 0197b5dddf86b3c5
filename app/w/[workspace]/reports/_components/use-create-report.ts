"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { useToast } from "@/app/_components/ui/toast";

/** report.create: freezes a finished run into a report, says so and opens it; errors go to a toast. */
export function useCreateReport(workspaceSlug: string) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  return useMutation(
    trpc.report.create.mutationOptions({
      onSuccess: (r) => {
        toast.show("Report created: the run's results are frozen in it.");
        router.push(`/w/${workspaceSlug}/reports/${r.id}`);
      },
      onError: (e) => toast.show(messageOf(e), "error"),
    }),
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useTRPCClient } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { useToast } from "@/app/_components/ui/toast";

/**
 * Starts a full run of a notebook and opens the run's page (the notebook's ▶ Run, a run page's
 * "Run again"): the server's warning (no worker online, …) and any error are toasted. `ready` runs
 * first (save, check the cells) and can refuse; the returned promise never rejects.
 */
export function useStartRun(workspaceSlug: string) {
  const client = useTRPCClient();
  const router = useRouter();
  const toast = useToast();
  return async (notebookId: string, ready?: () => Promise<boolean>): Promise<void> => {
    try {
      if (ready && !(await ready())) return;
      const res = await client.notebook.run.mutate({ workspaceSlug, notebookId });
      if (res.warning) toast.show(res.warning, "info");
      router.push(`/w/${workspaceSlug}/runs/${res.runId}`);
    } catch (err) {
      toast.show(messageOf(err), "error");
    }
  };
}

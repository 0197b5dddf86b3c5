"use client";

import { Button } from "@/app/_components/ui/button";
import { useCreateReport } from "./use-create-report";

/** "Create report" on a finished run's page: freezes the run and opens the new report. */
export function CreateReportButton({ workspaceSlug, runId }: { workspaceSlug: string; runId: string }) {
  const create = useCreateReport(workspaceSlug);
  return (
    <Button busy={create.isPending} onClick={() => create.mutate({ workspaceSlug, runId })}>
      Create report
    </Button>
  );
}

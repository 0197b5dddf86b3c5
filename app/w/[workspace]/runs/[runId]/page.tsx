import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { RunView } from "@/app/w/[workspace]/notebooks/_components/run-view";
import type { RunView as Run } from "@/app/w/[workspace]/notebooks/_components/types";
import { wire } from "@/app/w/[workspace]/notebooks/_components/wire";
import { CreateReportButton } from "@/app/w/[workspace]/reports/_components/create-report-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Run" };

/** One notebook run: live progress, then every cell's results per cohort and its charts. */
export default async function RunPage({ params }: { params: Promise<{ workspace: string; runId: string }> }) {
  const { workspace: workspaceSlug, runId } = await params;
  const [workspace, run] = await Promise.all([getWorkspace(workspaceSlug), withCaller((c) => c.notebook.getRun({ workspaceSlug, runId }))]);
  const reportable = canEdit(workspace.role) && (run.status === "succeeded" || run.status === "failed");
  return (
    <RunView
      key={run.id}
      workspaceSlug={workspaceSlug}
      initial={wire<Run>(run)}
      editor={canEdit(workspace.role)}
      actions={reportable ? <CreateReportButton workspaceSlug={workspaceSlug} runId={run.id} /> : undefined}
    />
  );
}

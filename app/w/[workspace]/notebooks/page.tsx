import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "../_data";
import { ButtonLink } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/section";
import { NotebookTable } from "./_components/notebook-table";
import { QueueHealthPanel } from "./_components/queue-health";
import type { NotebookListItem } from "./_components/types";
import { wire } from "./_components/wire";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notebooks" };

/** Every notebook in the workspace, across models. */
export default async function WorkspaceNotebooksPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const [workspace, models, rows] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.model.list({ workspaceSlug, pageSize: 1 })),
    withCaller((c) => c.notebook.listAll({ workspaceSlug })),
  ]);
  const editor = canEdit(workspace.role);
  return (
    <div>
      <PageHeader
        title="Notebooks"
        subtitle="Evaluations per model: run them on demand or on a schedule, and follow their results over time."
        actions={editor && models.total > 0 ? <ButtonLink href={`/w/${workspaceSlug}/notebooks/new`}>New notebook</ButtonLink> : undefined}
      />
      <div className="grid gap-4 lg:grid-cols-4">
        <div className="min-w-0 lg:col-span-3">
          {rows.length ? (
            <NotebookTable workspaceSlug={workspaceSlug} rows={wire<(NotebookListItem & { modelName: string })[]>(rows)} showModel />
          ) : (
            <EmptyState
              title="No notebooks yet"
              action={editor && models.total > 0 ? <ButtonLink href={`/w/${workspaceSlug}/notebooks/new`}>New notebook</ButtonLink> : undefined}
            >
              {models.total
                ? "A notebook evaluates one model: quality per cohort, drift, skew, cost. Start from a template such as “Weekly health check”."
                : "Register a model first; notebooks evaluate a model's logged predictions."}
            </EmptyState>
          )}
        </div>
        <div className="min-w-0">
          <QueueHealthPanel workspaceSlug={workspaceSlug} />
        </div>
      </div>
    </div>
  );
}

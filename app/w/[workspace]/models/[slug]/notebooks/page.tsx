import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { ButtonLink } from "@/app/_components/ui/button";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader } from "@/app/_components/ui/section";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { getModel } from "../_data";
import { NotebookTable } from "@/app/w/[workspace]/notebooks/_components/notebook-table";
import type { NotebookListItem } from "@/app/w/[workspace]/notebooks/_components/types";
import { wire } from "@/app/w/[workspace]/notebooks/_components/wire";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: `Notebooks · ${slug}` };
}

export default async function ModelNotebooksPage({ params }: { params: Promise<{ workspace: string; slug: string }> }) {
  const { workspace: workspaceSlug, slug } = await params;
  const [workspace, model, rows] = await Promise.all([getWorkspace(workspaceSlug), getModel(workspaceSlug, slug), withCaller((c) => c.notebook.list({ workspaceSlug, modelSlug: slug }))]);
  const editor = canEdit(workspace.role);
  const newHref = `/w/${workspaceSlug}/models/${slug}/notebooks/new`;
  return (
    <div>
      <Breadcrumbs className="mb-2" items={[{ label: "Models", href: `/w/${workspaceSlug}/models` }, { label: slug, href: `/w/${workspaceSlug}/models/${slug}`, mono: true }, { label: "notebooks" }]} />
      <PageHeader title={`Notebooks · ${model.name}`} subtitle="Evaluations of this model, run on demand or on a schedule." actions={editor ? <ButtonLink href={newHref}>New notebook</ButtonLink> : undefined} />
      {rows.length ? (
        <NotebookTable workspaceSlug={workspaceSlug} rows={wire<NotebookListItem[]>(rows)} />
      ) : (
        <EmptyState title="No notebooks for this model yet" action={editor ? <ButtonLink href={newHref}>New notebook</ButtonLink> : undefined}>
          Start from “Weekly health check” to get quality per cohort, drift on key features, data quality and cost in one run.
        </EmptyState>
      )}
    </div>
  );
}

import type { Metadata } from "next";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader, Section } from "@/app/_components/ui/section";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { getModel } from "@/app/w/[workspace]/models/[slug]/_data";
import { NewNotebookForm } from "@/app/w/[workspace]/notebooks/_components/new-notebook";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New notebook" };

export default async function NewModelNotebookPage({ params }: { params: Promise<{ workspace: string; slug: string }> }) {
  const { workspace: workspaceSlug, slug } = await params;
  const [workspace, model] = await Promise.all([getWorkspace(workspaceSlug), getModel(workspaceSlug, slug)]);
  if (!canEdit(workspace.role)) return <EmptyState title="Viewers cannot create notebooks">Ask an editor or admin of this workspace.</EmptyState>;
  return (
    <div className="max-w-4xl">
      <Breadcrumbs className="mb-2" items={[{ label: slug, href: `/w/${workspaceSlug}/models/${slug}`, mono: true }, { label: "Notebooks", href: `/w/${workspaceSlug}/models/${slug}/notebooks` }, { label: "new" }]} />
      <PageHeader title={`New notebook · ${model.name}`} subtitle={`Templates are filled in from ${model.name}'s task, key features and versions.`} />
      <Section title="Notebook">
        <NewNotebookForm workspaceSlug={workspaceSlug} modelSlug={slug} />
      </Section>
    </div>
  );
}

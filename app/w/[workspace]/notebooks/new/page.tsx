import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { PageHeader, Section } from "@/app/_components/ui/section";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { NewNotebookForm } from "../_components/new-notebook";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New notebook" };

export default async function NewNotebookPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ model?: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const { model } = await searchParams;
  const [workspace, models] = await Promise.all([getWorkspace(workspaceSlug), withCaller((c) => c.model.list({ workspaceSlug, pageSize: 100 }))]);
  if (!canEdit(workspace.role)) return <EmptyState title="Viewers cannot create notebooks">Ask an editor or admin of this workspace.</EmptyState>;
  const list = models.items.map((m) => ({ slug: m.slug, name: m.name }));
  return (
    <div className="max-w-4xl">
      <Breadcrumbs className="mb-2" items={[{ label: "Notebooks", href: `/w/${workspaceSlug}/notebooks` }, { label: "new" }]} />
      <PageHeader title="New notebook" />
      {list.length ? (
        <Section title="Notebook">
          <NewNotebookForm workspaceSlug={workspaceSlug} models={list} modelSlug={model && list.some((m) => m.slug === model) ? model : undefined} />
        </Section>
      ) : (
        <EmptyState title="No models yet">Register a model before creating a notebook.</EmptyState>
      )}
    </div>
  );
}

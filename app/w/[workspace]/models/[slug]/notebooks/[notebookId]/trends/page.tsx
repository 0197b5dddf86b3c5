import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { withCaller } from "@/app/_lib/server";
import { PageHeader } from "@/app/_components/ui/section";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { TrendsView } from "@/app/w/[workspace]/notebooks/_components/trends-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Trends" };

export default async function TrendsPage({ params }: { params: Promise<{ workspace: string; slug: string; notebookId: string }> }) {
  const { workspace: workspaceSlug, slug, notebookId } = await params;
  const nb = await withCaller((c) => c.notebook.get({ workspaceSlug, notebookId }));
  if (nb.model.slug !== slug) notFound();
  const cells = nb.cells.flatMap((c) => (c.type === "evaluator" || c.type === "comparison" ? [{ id: c.id, label: c.title || c.pluginId }] : []));
  const base = `/w/${workspaceSlug}/models/${slug}/notebooks/${notebookId}`;
  return (
    <div>
      <Breadcrumbs className="mb-2" items={[{ label: slug, href: `/w/${workspaceSlug}/models/${slug}`, mono: true }, { label: nb.title, href: base }, { label: "trends" }]} />
      <PageHeader title={`Trends · ${nb.title}`} subtitle="Is it still working? A metric across this notebook's runs, per cohort, with its thresholds." />
      <Suspense>
        <TrendsView workspaceSlug={workspaceSlug} notebookId={notebookId} cells={cells} />
      </Suspense>
    </div>
  );
}

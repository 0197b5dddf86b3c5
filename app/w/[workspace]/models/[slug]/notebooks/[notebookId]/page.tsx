import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { NotebookEditor } from "@/app/w/[workspace]/notebooks/_components/notebook-editor";
import type { NotebookView } from "@/app/w/[workspace]/notebooks/_components/types";
import { wire } from "@/app/w/[workspace]/notebooks/_components/wire";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Notebook" };

export default async function NotebookPage({ params }: { params: Promise<{ workspace: string; slug: string; notebookId: string }> }) {
  const { workspace: workspaceSlug, slug, notebookId } = await params;
  const [workspace, nb] = await Promise.all([getWorkspace(workspaceSlug), withCaller((c) => c.notebook.get({ workspaceSlug, notebookId }))]);
  if (nb.model.slug !== slug) notFound();
  return <NotebookEditor key={nb.id} workspaceSlug={workspaceSlug} initial={wire<NotebookView>(nb)} editor={canEdit(workspace.role)} />;
}

import type { Metadata } from "next";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { PageHeader } from "@/app/_components/ui/section";
import { ModelForm } from "../_components/model-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create model" };

export default async function NewModelPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const workspace = await getWorkspace(workspaceSlug);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Create model" subtitle="Register a model in the inventory: who owns it, how it is served, what it promises." />
      {canEdit(workspace.role) ? (
        <ModelForm workspaceSlug={workspaceSlug} mode="create" />
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          Creating models needs the editor role; you are {workspace.role} in {workspace.name}.
        </p>
      )}
    </div>
  );
}

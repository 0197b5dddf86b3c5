import type { Metadata } from "next";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { PageHeader } from "@/app/_components/ui/section";
import { ModelForm, type ModelFormValues } from "@/app/w/[workspace]/models/_components/model-form";
import { getModel } from "../_data";
import { DeleteModel } from "./delete-model";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit model" };

export default async function EditModelPage({ params }: { params: Promise<{ workspace: string; slug: string }> }) {
  const { workspace: workspaceSlug, slug } = await params;
  const [workspace, model] = await Promise.all([getWorkspace(workspaceSlug), getModel(workspaceSlug, slug)]);
  const initial: ModelFormValues = {
    slug: model.slug,
    name: model.name,
    description: model.description,
    task: model.task as ModelFormValues["task"],
    ownerTeam: model.ownerTeam,
    onCall: model.onCall,
    endpoint: model.endpoint,
    businessMetric: model.businessMetric,
    tags: model.tags,
    slos: model.slos,
    requireKnownVersion: model.requireKnownVersion,
    valuePerCorrectUsd: model.valuePerCorrectUsd,
    costPerErrorUsd: model.costPerErrorUsd,
    retentionDays: model.retentionDays,
  };
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title={`Edit ${model.name}`} subtitle={<span className="font-mono">{model.slug}</span>} />
      {canEdit(workspace.role) ? (
        <>
          <ModelForm workspaceSlug={workspaceSlug} mode="edit" initial={initial} />
          {workspace.role === "admin" && <DeleteModel workspaceSlug={workspaceSlug} slug={model.slug} name={model.name} />}
        </>
      ) : (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          Editing models needs the editor role; you are {workspace.role} in {workspace.name}.
        </p>
      )}
    </div>
  );
}

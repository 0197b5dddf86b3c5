import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { ButtonLink } from "@/app/_components/ui/button";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { getModel } from "./_data";
import { OverviewSection, OwnershipSection } from "./_sections/overview";
import { VersionsSection } from "./_sections/versions";
import { SlosSection } from "./_sections/slos";
import { ContractSection } from "./_sections/contract";
import { ExportSection } from "./_sections/export";
import { AuditSection } from "./_sections/audit";
import { RunbooksPanel } from "./runbooks/_panel";
import { IngestSections } from "./_ingest/ingest-sections";
import { NotebooksSection } from "./notebooks/_section";
import { GuardrailsSection } from "./_guardrails/section";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const { slug } = await params;
  return { title: slug };
}

/**
 * The model page: one server-rendered section per concern, in `_sections/`. To add a section
 * (e.g. "Traffic & labels", "Baselines", "Runbooks"), add a component there and one line in the
 * list below; interactive parts are small client components inside a section.
 */
export default async function ModelPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; slug: string }>;
  searchParams: Promise<{ guardrail?: string; notebook?: string; cell?: string; metric?: string; column?: string }>;
}) {
  const { workspace: workspaceSlug, slug } = await params;
  const q = await searchParams;
  const prefill = q.guardrail === "new" ? { notebookId: q.notebook, cellId: q.cell, metric: q.metric, column: q.column } : null;
  const [workspace, model, audit, names] = await Promise.all([
    getWorkspace(workspaceSlug),
    getModel(workspaceSlug, slug),
    withCaller((c) => c.model.audit({ workspaceSlug, slug, limit: 50 })),
    withCaller((c) => c.workspace.memberEmails({ workspaceSlug })),
  ]);
  const editor = canEdit(workspace.role);
  const ctx = { workspaceSlug, slug, editor, names };
  const production = model.versions.find((v) => v.stage === "production");

  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: "Models", href: `/w/${workspaceSlug}/models` }, { label: model.slug, mono: true }]} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-lg font-semibold text-zinc-900">{model.name}</h1>
          <p className="mt-0.5 text-sm text-zinc-500">
            <span className="font-mono">{model.slug}</span> · {model.task} · {model.ownerTeam}
            {production && (
              <>
                {" "}
                · in production: <span className="font-mono text-zinc-800">{production.label}</span>
              </>
            )}
          </p>
        </div>
        {editor && (
          <ButtonLink href={`/w/${workspaceSlug}/models/${slug}/edit`} variant="secondary">
            Edit model
          </ButtonLink>
        )}
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <OverviewSection model={model} className="lg:col-span-2" />
        <div className="space-y-4">
          <OwnershipSection model={model} />
          <RunbooksPanel workspaceSlug={workspaceSlug} slug={slug} editor={editor} />
        </div>
      </div>
      <VersionsSection model={model} {...ctx} />
      <SlosSection model={model} />
      <GuardrailsSection workspaceSlug={workspaceSlug} slug={slug} editor={editor} prefill={prefill} />
      <ContractSection model={model} {...ctx} />
      <ExportSection model={model} {...ctx} />
      <IngestSections workspaceSlug={workspaceSlug} slug={slug} editor={editor} />
      <NotebooksSection workspaceSlug={workspaceSlug} slug={slug} editor={editor} />
      {/* Sections added by later features go here: Traffic & labels, Baselines, Runbooks … */}
      <AuditSection audit={audit} workspaceSlug={workspaceSlug} slug={slug} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { PageHeader, Section } from "@/app/_components/ui/section";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Badge } from "@/app/_components/ui/badge";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { RunbookForm } from "./runbook-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runbooks" };

export default async function RunbooksPage({ params }: { params: Promise<{ workspace: string; slug: string }> }) {
  const { workspace: workspaceSlug, slug } = await params;
  const [workspace, runbooks, templates] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.runbook.list({ workspaceSlug, modelSlug: slug })),
    withCaller((c) => c.runbook.templates({ workspaceSlug, modelSlug: slug })),
  ]);
  const editor = canEdit(workspace.role);
  const base = `/w/${workspaceSlug}/models/${slug}/runbooks`;
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: "Models", href: `/w/${workspaceSlug}/models` }, { label: slug, href: `/w/${workspaceSlug}/models/${slug}`, mono: true }, { label: "Runbooks" }]} />
      <PageHeader title="Runbooks" subtitle="What to check first when something changes. Reports can include them." />
      {runbooks.length ? (
        <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 bg-white">
          {runbooks.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2 px-4 py-2.5">
              <Link href={`${base}/${r.id}`} className="font-medium text-zinc-900 hover:underline">
                {r.title}
              </Link>
              <Badge tone="muted">{r.topicLabel}</Badge>
              <span className="ml-auto text-xs text-zinc-500">
                revision {r.revision} · <RelativeTime value={r.updatedAt} /> · {r.updatedBy}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No runbook yet">{editor ? "Start from one of the templates below." : "Editors write runbooks for this model."}</EmptyState>
      )}
      {editor && (
        <Section id="new-runbook" title="New runbook" description="Pick a starter template (written from the team playbook) and adapt it to this model.">
          <RunbookForm workspaceSlug={workspaceSlug} modelSlug={slug} templates={templates} />
        </Section>
      )}
    </div>
  );
}

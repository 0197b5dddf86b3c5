import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { Section } from "@/app/_components/ui/section";
import { Badge } from "@/app/_components/ui/badge";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { RunbookForm } from "../runbook-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runbook" };

/** One runbook: rendered (sanitized) markdown, its version history (?rev=N shows an older one), the editor (?edit=1). */
export default async function RunbookPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; slug: string; id: string }>;
  searchParams: Promise<{ rev?: string; edit?: string }>;
}) {
  const { workspace: workspaceSlug, slug, id } = await params;
  const { rev, edit } = await searchParams;
  const [workspace, runbook, history] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.runbook.get({ workspaceSlug, id })),
    withCaller((c) => c.runbook.history({ workspaceSlug, id })),
  ]);
  const revision = rev && Number(rev) !== runbook.revision ? await withCaller((c) => c.runbook.revision({ workspaceSlug, id, revision: Number(rev) || 1 })) : null;
  const editor = canEdit(workspace.role);
  const base = `/w/${workspaceSlug}/models/${slug}/runbooks`;
  const shown = revision ?? runbook;
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: slug, href: `/w/${workspaceSlug}/models/${slug}`, mono: true }, { label: "Runbooks", href: base }]} />
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-lg font-semibold text-zinc-900">{shown.title}</h1>
        <Badge tone="muted">{runbook.topicLabel}</Badge>
        {revision ? <Badge tone="warn">revision {revision.revision} (old)</Badge> : <Badge tone="info">revision {runbook.revision}</Badge>}
        {editor && !edit && !revision && (
          <Link href={`${base}/${id}?edit=1`} className="ml-auto text-sm text-sky-700 hover:underline">
            Edit
          </Link>
        )}
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_280px]">
        {editor && edit ? (
          <Section id="edit-runbook" title="Edit runbook">
            <RunbookForm workspaceSlug={workspaceSlug} modelSlug={slug} existing={{ id, title: runbook.title, topic: runbook.topic, body: runbook.body, revision: runbook.revision }} />
          </Section>
        ) : (
          <article className="prose-runbook min-w-0 rounded-lg border border-zinc-200 bg-white p-5 text-sm leading-relaxed text-zinc-800 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:mb-1 [&_h2]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-2 [&_ul]:list-disc [&_ul]:pl-5">
            <div dangerouslySetInnerHTML={{ __html: shown.html }} />
          </article>
        )}
        <Section id="history" title="Version history">
          <ol className="space-y-1.5 text-xs">
            {history.map((h) => (
              <li key={h.revision}>
                <Link href={h.revision === runbook.revision ? `${base}/${id}` : `${base}/${id}?rev=${h.revision}`} className="font-medium text-sky-700 hover:underline">
                  Revision {h.revision}
                </Link>{" "}
                · <RelativeTime value={h.createdAt} /> · {h.authorLabel}
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </div>
  );
}

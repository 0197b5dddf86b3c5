import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { ButtonLink } from "@/app/_components/ui/button";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Section } from "@/app/_components/ui/section";
import { ResultBadge, RunStatusBadge } from "@/app/_components/ui/status-badge";

/** The model page's "Notebooks" section: the model's notebooks with their last run. */
export async function NotebooksSection({ workspaceSlug, slug, editor }: { workspaceSlug: string; slug: string; editor: boolean }) {
  const rows = await withCaller((c) => c.notebook.list({ workspaceSlug, modelSlug: slug }));
  const base = `/w/${workspaceSlug}/models/${slug}/notebooks`;
  return (
    <Section
      id="notebooks"
      title="Notebooks"
      description="Evaluations of this model: quality per cohort, drift, skew, cost."
      actions={
        <>
          {rows.length > 0 && (
            <ButtonLink href={base} variant="ghost" size="sm">
              All notebooks
            </ButtonLink>
          )}
          {editor && (
            <ButtonLink href={`${base}/new`} variant="secondary" size="sm">
              New notebook
            </ButtonLink>
          )}
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="text-sm text-zinc-500">No notebooks yet. Start from a template such as “Weekly health check”.</p>
      ) : (
        <ul className="divide-y divide-zinc-100" data-testid="model-notebooks">
          {rows.slice(0, 6).map((nb) => (
            <li key={nb.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Link href={`${base}/${nb.id}`} className="min-w-0 flex-1 truncate font-medium text-zinc-900 hover:underline">
                {nb.title}
              </Link>
              {nb.schedule && <span className="hidden text-xs text-zinc-500 sm:inline">{nb.schedule.paused ? "schedule paused" : nb.schedule.description}</span>}
              {nb.lastRun ? (
                <Link href={`/w/${workspaceSlug}/runs/${nb.lastRun.id}`} className="inline-flex items-center gap-1.5 text-xs text-zinc-500 hover:underline">
                  {nb.lastRun.status === "succeeded" && nb.lastRun.resultStatus ? <ResultBadge status={nb.lastRun.resultStatus} /> : <RunStatusBadge status={nb.lastRun.status} />}
                  <RelativeTime value={nb.lastRun.createdAt} />
                </Link>
              ) : (
                <span className="text-xs text-zinc-400">never run</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

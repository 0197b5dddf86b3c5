import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { ButtonLink } from "@/app/_components/ui/button";
import { Section } from "@/app/_components/ui/section";
import { LastRun } from "@/app/w/[workspace]/notebooks/_components/notebook-table";

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
              <LastRun workspaceSlug={workspaceSlug} run={nb.lastRun} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

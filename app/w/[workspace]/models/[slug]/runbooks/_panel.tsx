import Link from "next/link";
import { getRunbooks } from "../_data";
import { Section } from "@/app/_components/ui/section";
import { Badge } from "@/app/_components/ui/badge";

/** The model page's runbook list, next to owner and on-call. */
export async function RunbooksPanel({ workspaceSlug, slug, editor }: { workspaceSlug: string; slug: string; editor: boolean }) {
  const runbooks = await getRunbooks(workspaceSlug, slug);
  const base = `/w/${workspaceSlug}/models/${slug}/runbooks`;
  return (
    <Section
      id="runbooks"
      title="Runbooks"
      actions={
        <Link href={base} className="text-xs text-sky-700 hover:underline">
          {editor ? "Manage" : "All"}
        </Link>
      }
    >
      {runbooks.length ? (
        <ul className="space-y-1.5">
          {runbooks.map((r) => (
            <li key={r.id} className="text-sm">
              <Link href={`${base}/${r.id}`} className="text-zinc-900 hover:underline">
                {r.title}
              </Link>{" "}
              <Badge tone="muted">{r.topicLabel}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">
          No runbook yet.{" "}
          {editor && (
            <Link href={base} className="text-sky-700 hover:underline">
              Start from a template
            </Link>
          )}
        </p>
      )}
      <p className="mt-3 border-t border-zinc-100 pt-2 text-xs">
        <Link href={`/w/${workspaceSlug}/reports?model=${slug}`} className="text-sky-700 hover:underline">
          Reports of this model
        </Link>
      </p>
    </Section>
  );
}
